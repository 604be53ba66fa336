//===- MLIRGen.cpp - Checked model to the net dialect ----------------------===//
#include "netc/MLIRGen/MLIRGen.h"
#include "netc/Dialect/Net/IR/NetOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace netc;

namespace {

class Generator {
public:
  Generator(const Model &model, MLIRContext *context) : model(model), builder(context) {}

  OwningOpRef<ModuleOp> build() {
    MLIRContext *context = builder.getContext();
    context->loadDialect<net::NetDialect, func::FuncDialect>();
    OwningOpRef<ModuleOp> module = ModuleOp::create(model.loc);

    SmallVector<Type> argTypes = {tensorType(model.inputShape())};
    std::vector<const Tensor *> params = model.tensors();
    for (const Tensor *t : params)
      argTypes.push_back(tensorType(t->shape));
    auto type = builder.getFunctionType(argTypes, tensorType(model.outputShape()));
    builder.setInsertionPointToEnd(module->getBody());
    auto func = func::FuncOp::create(builder, model.loc, model.name, type);
    func->setAttr(net::kEntryAttr, builder.getStringAttr("run"));
    for (auto [index, t] : llvm::enumerate(params))
      func.setArgAttr(index + 1, net::kParamNameAttr, builder.getStringAttr(t->name));

    Block *entry = func.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    unsigned nextParam = 1;
    values.resize(model.nodes.size());
    values[0] = entry->getArgument(0);
    for (unsigned i = 1; i < model.nodes.size(); ++i) {
      const Node &node = model.nodes[i];
      SmallVector<Value> paramValues;
      for (size_t k = 0; k < node.params.size(); ++k)
        paramValues.push_back(entry->getArgument(nextParam++));
      values[i] = emit(node, paramValues);
    }
    func::ReturnOp::create(builder, model.loc, values[model.output]);
    return module;
  }

private:
  RankedTensorType tensorType(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  Value operand(const Node &node, unsigned k) { return values[node.operands[k]]; }

  Value emit(const Node &node, ArrayRef<Value> params) {
    Location loc = node.path.empty() ? node.loc : NameLoc::get(builder.getStringAttr(node.path), node.loc);
    RankedTensorType type = tensorType(node.shape);
    Value x = node.operands.empty() ? Value() : operand(node, 0);
    auto i64s = [&](ArrayRef<int64_t> v) { return builder.getDenseI64ArrayAttr(v); };
    switch (node.kind) {
    case OpKind::Input:
      return x; // not reached: the input is the first argument
    case OpKind::Conv2d:
      return net::Conv2dOp::create(builder, loc, type, x, params[0],
                                   node.bias ? params[1] : Value(), i64s(node.stride),
                                   i64s(node.pad), i64s(node.dilation),
                                   builder.getI64IntegerAttr(node.groups));
    case OpKind::BatchNorm:
      return net::BatchNormOp::create(builder, loc, x, params[0], params[1], params[2], params[3],
                                      node.eps);
    case OpKind::Activation:
      return emitActivation(node.activation, loc, x);
    case OpKind::MaxPool:
      return net::MaxPool2dOp::create(builder, loc, type, x, i64s(node.kernel),
                                      i64s(node.stride), i64s(node.pad), i64s(node.dilation),
                                      builder.getBoolAttr(node.ceilMode));
    case OpKind::AvgPool:
      return net::AvgPool2dOp::create(builder, loc, type, x, i64s(node.kernel),
                                      i64s(node.stride), i64s(node.pad),
                                      builder.getBoolAttr(node.ceilMode),
                                      builder.getBoolAttr(node.countIncludePad));
    case OpKind::GlobalAvgPool:
      return net::GlobalAvgPoolOp::create(builder, loc, type, x);
    case OpKind::Flatten:
      return net::FlattenOp::create(builder, loc, type, x);
    case OpKind::Dense:
      return net::DenseOp::create(builder, loc, type, x, params[0],
                                  node.bias ? params[1] : Value());
    case OpKind::Dropout:
      return net::DropoutOp::create(builder, loc, x,
                                    builder.getF64FloatAttr(node.probability));
    case OpKind::Softmax:
      return net::SoftmaxOp::create(builder, loc, x);
    case OpKind::Identity:
      return x;
    case OpKind::Add:
    case OpKind::Mul: {
      // A parallel merge has one operand per branch: fold them from the left,
      // ((b0 + b1) + b2) + ..., the order PyTorch's sum of a list uses.
      Value result = x;
      for (unsigned k = 1; k < node.operands.size(); ++k)
        result = node.kind == OpKind::Add
                     ? Value(net::AddOp::create(builder, loc, result, operand(node, k)))
                     : Value(net::MulOp::create(builder, loc, result, operand(node, k)));
      return result;
    }
    case OpKind::Concat: {
      SmallVector<Value> inputs;
      for (unsigned k = 0; k < node.operands.size(); ++k)
        inputs.push_back(operand(node, k));
      return net::ConcatOp::create(builder, loc, type, inputs);
    }
    }
    return x;
  }

  Value emitActivation(Activation kind, Location loc, Value x) {
    switch (kind) {
    case Activation::ReLU: return net::ReluOp::create(builder, loc, x);
    case Activation::ReLU6: return net::Relu6Op::create(builder, loc, x);
    case Activation::SiLU: return net::SiluOp::create(builder, loc, x);
    case Activation::Sigmoid: return net::SigmoidOp::create(builder, loc, x);
    case Activation::HardSwish: return net::HardSwishOp::create(builder, loc, x);
    case Activation::HardSigmoid: return net::HardSigmoidOp::create(builder, loc, x);
    case Activation::Tanh: return net::TanhOp::create(builder, loc, x);
    }
    return x;
  }

  const Model &model;
  OpBuilder builder;
  std::vector<Value> values;
};

} // namespace

OwningOpRef<ModuleOp> netc::buildNetModule(const Model &model, MLIRContext *context) {
  return Generator(model, context).build();
}
