//===- Utils.cpp - Helpers shared by the net-to-linalg patterns ------------===//
#include "Utils.h"

using namespace mlir;

Value netc::detail::f32(OpBuilder &b, Location loc, double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value netc::detail::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                                 double value) {
  Value empty = tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  return linalg::FillOp::create(b, loc, ValueRange{f32(b, loc, value)}, ValueRange{empty})
      .getResult(0);
}

Value netc::detail::windowInput(OpBuilder &b, Location loc, Value input,
                                ArrayRef<int64_t> padding, ArrayRef<int64_t> outputSize,
                                ArrayRef<int64_t> kernel, ArrayRef<int64_t> stride,
                                ArrayRef<int64_t> dilation, double value) {
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> padded(type.getShape()), fitted(type.getShape());
  int64_t high[2];
  for (int d = 0; d < 2; ++d) {
    int64_t read = (outputSize[d] - 1) * stride[d] + dilation[d] * (kernel[d] - 1) + 1;
    high[d] = std::max<int64_t>(0, read - padding[d] - type.getDimSize(1 + d));
    padded[1 + d] += padding[d] + high[d];
    fitted[1 + d] = read;
  }
  Value result = input;
  if (padded != type.getShape()) {
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(padding[0]),
                                     b.getIndexAttr(padding[1]), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> highs = {b.getIndexAttr(0), b.getIndexAttr(high[0]),
                                       b.getIndexAttr(high[1]), b.getIndexAttr(0)};
    result = tensor::PadOp::create(b, loc, RankedTensorType::get(padded, type.getElementType()),
                                   result, low, highs, f32(b, loc, value));
  }
  if (fitted == padded)
    return result;
  SmallVector<OpFoldResult> offsets(4, b.getIndexAttr(0)), sizes, strides(4, b.getIndexAttr(1));
  for (int64_t size : fitted)
    sizes.push_back(b.getIndexAttr(size));
  return tensor::ExtractSliceOp::create(b, loc, result, offsets, sizes, strides);
}

Value netc::detail::transpose(OpBuilder &b, Location loc, Value value,
                              ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape = llvm::map_to_vector(
      permutation, [&](int64_t d) { return type.getDimSize(d); });
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init, permutation).getResult()[0];
}

static constexpr int64_t kToChannelsLast[] = {0, 2, 3, 1};
static constexpr int64_t kToChannelsFirst[] = {0, 3, 1, 2};

RankedTensorType netc::detail::channelsLastType(RankedTensorType type) {
  if (type.getRank() != 4)
    return type;
  ArrayRef<int64_t> s = type.getShape();
  return RankedTensorType::get({s[0], s[2], s[3], s[1]}, type.getElementType());
}

Value netc::detail::buildChannelsLast(OpBuilder &b, Location loc, ValueRange operands,
                                      function_ref<Value(ValueRange)> build) {
  auto isImage = [](Value v) { return cast<RankedTensorType>(v.getType()).getRank() == 4; };
  SmallVector<Value> channelsLast = llvm::map_to_vector(operands, [&](Value v) {
    return isImage(v) ? transpose(b, loc, v, kToChannelsLast) : v;
  });
  Value result = build(channelsLast);
  return isImage(result) ? transpose(b, loc, result, kToChannelsFirst) : result;
}

AffineMap netc::detail::dimensionMap(MLIRContext *context, unsigned rank, unsigned dim) {
  return AffineMap::get(rank, 0, getAffineDimExpr(dim, context));
}

Value netc::detail::buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                                     ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                                     BodyBuilder body) {
  unsigned rank = resultType.getRank();
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  Value init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                       resultType.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value netc::detail::sigmoid(OpBuilder &b, Location loc, Value x) {
  Value negated = arith::NegFOp::create(b, loc, x);
  Value exp = math::ExpOp::create(b, loc, negated);
  Value denominator = arith::AddFOp::create(b, loc, f32(b, loc, 1.0), exp);
  return arith::DivFOp::create(b, loc, f32(b, loc, 1.0), denominator);
}
