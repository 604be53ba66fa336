//===- NetOps.cpp - Verifiers and folders of the net dialect ---------------===//
#include "netc/Dialect/Net/IR/NetOps.h"
#include "netc/Support/WindowSize.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace netc::net;

#define GET_OP_CLASSES
#include "netc/Dialect/Net/IR/NetOps.cpp.inc"

namespace {

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Checks the 2-element (stride, dilation, kernel) and 4-element (padding)
/// attributes of a windowed op and that its output has the spatial size
/// PyTorch computes.
LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> input, ArrayRef<int64_t> output,
                           ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                           ArrayRef<int64_t> padding, ArrayRef<int64_t> dilation, bool ceilMode) {
  if (kernel.size() != 2 || stride.size() != 2 || dilation.size() != 2 || padding.size() != 4)
    return op->emitOpError("expects 2 kernel, stride and dilation values and 4 padding values");
  if (llvm::any_of(kernel, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(stride, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(dilation, [](int64_t v) { return v < 1; }) ||
      llvm::any_of(padding, [](int64_t v) { return v < 0; }))
    return op->emitOpError("expects positive kernel, stride and dilation, and padding >= 0");
  for (int d = 0; d < 2; ++d) {
    int64_t expected = netc::windowOutputSize(input[2 + d], kernel[d], stride[d], padding[d],
                                              padding[d + 2], dilation[d], ceilMode);
    if (expected < 1 || output[2 + d] != expected)
      return op->emitOpError("output ")
             << (d ? "width " : "height ") << output[2 + d] << " does not match the "
             << (expected < 1 ? "window, which does not fit the input" : "window: expected ")
             << (expected < 1 ? "" : std::to_string(expected));
  }
  return success();
}

} // namespace

LogicalResult Conv2dOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  int64_t groups = getGroups();
  if (groups < 1 || input[1] % groups || weight[0] % groups)
    return emitOpError("groups (") << groups << ") must divide the input channels (" << input[1]
                                   << ") and the output channels (" << weight[0] << ")";
  if (weight[1] * groups != input[1])
    return emitOpError("weight has ") << weight[1] << " input channels per group, expected "
                                      << input[1] / groups;
  if (output[0] != input[0] || output[1] != weight[0])
    return emitOpError("output must be [") << input[0] << ", " << weight[0] << ", H, W]";
  if (getBias() && shapeOf(getBias())[0] != weight[0])
    return emitOpError("bias must have ") << weight[0] << " elements";
  return verifyWindow(*this, input, output, weight.slice(2), getStride(), getPadding(),
                      getDilation(), /*ceilMode=*/false);
}

LogicalResult DenseOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), weight = shapeOf(getWeight()),
                    output = shapeOf(getOutput());
  if (weight[1] != input[1])
    return emitOpError("weight has ") << weight[1] << " input features, the input " << input[1];
  if (output[0] != input[0] || output[1] != weight[0])
    return emitOpError("output must be [") << input[0] << ", " << weight[0] << "]";
  if (getBias() && shapeOf(getBias())[0] != weight[0])
    return emitOpError("bias must have ") << weight[0] << " elements";
  return success();
}

/// Batch-norm parameters are per channel (dimension 1).
static LogicalResult verifyChannelParams(Operation *op, int64_t channels, ValueRange params) {
  for (Value param : params)
    if (shapeOf(param)[0] != channels)
      return op->emitOpError("expects ") << channels << " values per parameter, got "
                                         << shapeOf(param)[0];
  return success();
}

LogicalResult BatchNormOp::verify() {
  if (shapeOf(getInput()).size() < 2)
    return emitOpError("expects an input with a channel dimension");
  if (getEpsilon().convertToDouble() <= 0)
    return emitOpError("expects a positive epsilon");
  return verifyChannelParams(*this, shapeOf(getInput())[1],
                             {getWeight(), getBias(), getMean(), getVariance()});
}

LogicalResult FoldBatchNormOp::verify() {
  if (getEpsilon().convertToDouble() <= 0)
    return emitOpError("expects a positive epsilon");
  if (getFoldedWeight().getType() != getWeight().getType())
    return emitOpError("folded weight must have the weight's type");
  SmallVector<Value> params = {getBnWeight(), getBnBias(), getMean(), getVariance(),
                               getFoldedBias()};
  if (getBias())
    params.push_back(getBias());
  return verifyChannelParams(*this, shapeOf(getWeight())[0], params);
}

OpFoldResult DropoutOp::fold(FoldAdaptor) { return getInput(); }

LogicalResult MulOp::verify() {
  ArrayRef<int64_t> lhs = shapeOf(getLhs()), rhs = shapeOf(getRhs());
  bool perChannel = lhs.size() == 4 && rhs.size() == 4 && rhs[0] == lhs[0] &&
                    rhs[1] == lhs[1] && rhs[2] == 1 && rhs[3] == 1;
  if (rhs != lhs && !perChannel)
    return emitOpError("rhs must have the shape of lhs or be [N, C, 1, 1]");
  if (getOutput().getType() != getLhs().getType())
    return emitOpError("result must have the type of lhs");
  return success();
}

LogicalResult MaxPool2dOp::verify() {
  return verifyWindow(*this, shapeOf(getInput()), shapeOf(getOutput()), getKernel(), getStride(),
                      getPadding(), getDilation(), getCeilMode());
}

LogicalResult AvgPool2dOp::verify() {
  static const int64_t unitDilation[] = {1, 1};
  return verifyWindow(*this, shapeOf(getInput()), shapeOf(getOutput()), getKernel(), getStride(),
                      getPadding(), unitDilation, getCeilMode());
}

LogicalResult GlobalAvgPoolOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  if (output[0] != input[0] || output[1] != input[1] || output[2] != 1 || output[3] != 1)
    return emitOpError("output must be [") << input[0] << ", " << input[1] << ", 1, 1]";
  return success();
}

LogicalResult FlattenOp::verify() {
  ArrayRef<int64_t> input = shapeOf(getInput()), output = shapeOf(getOutput());
  int64_t features = 1;
  for (int64_t d : input.drop_front())
    features *= d;
  if (output[0] != input[0] || output[1] != features)
    return emitOpError("output must be [") << input[0] << ", " << features << "]";
  return success();
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expects at least one input");
  ArrayRef<int64_t> output = shapeOf(getOutput());
  int64_t channels = 0;
  for (Value input : getInputs()) {
    ArrayRef<int64_t> shape = shapeOf(input);
    if (shape.size() != output.size())
      return emitOpError("inputs and result must have the same rank");
    for (size_t d = 0; d < shape.size(); ++d)
      if (d != 1 && shape[d] != output[d])
        return emitOpError("inputs differ from the result in dimension ") << d;
    channels += shape[1];
  }
  if (channels != output[1])
    return emitOpError("result has ") << output[1] << " channels, the inputs " << channels;
  return success();
}
