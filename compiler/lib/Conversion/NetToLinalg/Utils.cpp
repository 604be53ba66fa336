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

Value netc::detail::padSpatial(OpBuilder &b, Location loc, Value input,
                               ArrayRef<int64_t> padding, double value) {
  if (llvm::all_of(padding, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(type.getShape());
  shape[1] += padding[0] + padding[2];
  shape[2] += padding[1] + padding[3];
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(padding[0]),
                                   b.getIndexAttr(padding[1]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(padding[2]),
                                    b.getIndexAttr(padding[3]), b.getIndexAttr(0)};
  return tensor::PadOp::create(b, loc, RankedTensorType::get(shape, type.getElementType()),
                               input, low, high, f32(b, loc, value));
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
