//===- Convolution.cpp - conv2d, dense and batch-norm folding --------------===//
#include "Utils.h"
#include "netc/Dialect/Net/IR/NetOps.h"

using namespace mlir;
using namespace netc;
using namespace netc::detail;

namespace {

/// The output initialised with the bias broadcast over it (or zeros), so the
/// convolution accumulates onto it.
Value initWithBias(OpBuilder &b, Location loc, RankedTensorType type, Value bias,
                   unsigned channelDim) {
  if (!bias)
    return createFilled(b, loc, type, 0.0);
  AffineMap channel = dimensionMap(b.getContext(), type.getRank(), channelDim);
  return buildElementwise(b, loc, type, bias, channel,
                          [](OpBuilder &, Location, ValueRange args) { return args[0]; });
}

/// Reshapes `value` to `shape` by splitting or merging dimensions as the
/// reassociation says.
Value expand(OpBuilder &b, Location loc, Value value, ArrayRef<int64_t> shape,
             ArrayRef<ReassociationIndices> reassociation) {
  auto type = RankedTensorType::get(shape, tensorType(value).getElementType());
  return tensor::ExpandShapeOp::create(b, loc, type, value, reassociation);
}

Value collapse(OpBuilder &b, Location loc, Value value,
               ArrayRef<ReassociationIndices> reassociation) {
  return tensor::CollapseShapeOp::create(b, loc, value, reassociation);
}

/// Convolutions run NHWC with filters in the layouts linalg's channels-last
/// convolutions take; the filter transposes depend on parameters alone, so
/// net-split-weight-preparation moves them into the prepare function.
struct ConvertConv2d : OpRewritePattern<net::Conv2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::Conv2dOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = channelsLastType(tensorType(op.getOutput()));
    int64_t channels = tensorType(op.getInput()).getDimSize(1);
    Value weight = op.getWeight();
    ArrayRef<int64_t> weightShape = tensorType(weight).getShape();
    int64_t groups = op.getGroups();
    auto strides = rewriter.getI64VectorAttr(op.getStride());
    auto dilations = rewriter.getI64VectorAttr(op.getDilation());

    Value result = buildChannelsLast(rewriter, loc, op.getInput(), [&](ValueRange input) {
      Value padded = windowInput(rewriter, loc, input[0], op.getPadding(),
                                 resultType.getShape().slice(1, 2), weightShape.drop_front(2),
                                 op.getStride(), op.getDilation(), 0.0);
      Value init = initWithBias(rewriter, loc, resultType, op.getBias(), 3);
      if (groups == 1) {
        // [F, C, kh, kw] -> [kh, kw, C, F]
        Value filter = transpose(rewriter, loc, weight, {2, 3, 1, 0});
        return linalg::Conv2DNhwcHwcfOp::create(rewriter, loc, TypeRange{resultType},
                                                ValueRange{padded, filter}, ValueRange{init},
                                                strides, dilations)
            .getResult(0);
      }
      if (groups == channels && weightShape[0] == groups) {
        // Depthwise: [C, 1, kh, kw] -> [kh, kw, C].
        Value filter = transpose(rewriter, loc, collapse(rewriter, loc, weight, {{0, 1}, {2}, {3}}),
                                 {1, 2, 0});
        return linalg::DepthwiseConv2DNhwcHwcOp::create(rewriter, loc, TypeRange{resultType},
                                                        ValueRange{padded, filter},
                                                        ValueRange{init}, strides, dilations)
            .getResult(0);
      }
      // Grouped: channels split into [groups, channels per group], the filter
      // [G * F, C, kh, kw] -> [G, F, kh, kw, C].
      ArrayRef<int64_t> paddedShape = tensorType(padded).getShape();
      ArrayRef<int64_t> out = resultType.getShape();
      Value groupedInput = expand(rewriter, loc, padded,
                                  {paddedShape[0], paddedShape[1], paddedShape[2], groups,
                                   channels / groups},
                                  {{0}, {1}, {2}, {3, 4}});
      Value groupedFilter = transpose(
          rewriter, loc,
          expand(rewriter, loc, weight,
                 {groups, weightShape[0] / groups, weightShape[1], weightShape[2],
                  weightShape[3]},
                 {{0, 1}, {2}, {3}, {4}}),
          {0, 1, 3, 4, 2});
      Value groupedInit = expand(rewriter, loc, init,
                                 {out[0], out[1], out[2], groups, out[3] / groups},
                                 {{0}, {1}, {2}, {3, 4}});
      Value grouped =
          linalg::Conv2DNhwgcGfhwcOp::create(rewriter, loc, TypeRange{groupedInit.getType()},
                                             ValueRange{groupedInput, groupedFilter},
                                             ValueRange{groupedInit}, strides, dilations)
              .getResult(0);
      return collapse(rewriter, loc, grouped, {{0}, {1}, {2}, {3, 4}});
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertDense : OpRewritePattern<net::DenseOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::DenseOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = tensorType(op.getOutput());
    Value init = initWithBias(rewriter, loc, resultType, op.getBias(), 1);
    // out[n, o] += input[n, f] * weight'[f, o], the weight transposed once
    // (in the prepare function) so the outputs, not the reduction, are
    // contiguous: the inner loop vectorizes without reassociating sums.
    Value weight = transpose(rewriter, loc, op.getWeight(), {1, 0});
    MLIRContext *context = rewriter.getContext();
    AffineExpr n = getAffineDimExpr(0, context), o = getAffineDimExpr(1, context),
               f = getAffineDimExpr(2, context);
    SmallVector<AffineMap> maps = {AffineMap::get(3, 0, {n, f}, context),
                                   AffineMap::get(3, 0, {f, o}, context),
                                   AffineMap::get(3, 0, {n, o}, context)};
    SmallVector<utils::IteratorType> iterators = {utils::IteratorType::parallel,
                                                  utils::IteratorType::parallel,
                                                  utils::IteratorType::reduction};
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{op.getInput(), weight},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location bodyLoc, ValueRange args) {
          Value product = arith::MulFOp::create(b, bodyLoc, args[0], args[1]);
          linalg::YieldOp::create(b, bodyLoc,
                                  Value(arith::AddFOp::create(b, bodyLoc, args[2], product)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConvertFoldBatchNorm : OpRewritePattern<net::FoldBatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::FoldBatchNormOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    double epsilon = op.getEpsilon().convertToDouble();
    RankedTensorType channelType = tensorType(op.getBnWeight());
    AffineMap identity = rewriter.getMultiDimIdentityMap(1);

    // scale = bn_weight / sqrt(variance + epsilon)
    Value scale = buildElementwise(
        rewriter, loc, channelType, ValueRange{op.getBnWeight(), op.getVariance()},
        {identity, identity}, [&](OpBuilder &b, Location l, ValueRange args) {
          Value shifted = arith::AddFOp::create(b, l, args[1], f32(b, l, epsilon));
          return Value(arith::DivFOp::create(b, l, args[0], math::SqrtOp::create(b, l, shifted)));
        });

    // bias' = (bias - mean) * scale + bn_bias
    SmallVector<Value> biasInputs = {op.getMean(), scale, op.getBnBias()};
    if (op.getBias())
      biasInputs.push_back(op.getBias());
    SmallVector<AffineMap> biasMaps(biasInputs.size(), identity);
    Value bias = buildElementwise(
        rewriter, loc, channelType, biasInputs, biasMaps,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value centered = args.size() > 3 ? Value(arith::SubFOp::create(b, l, args[3], args[0]))
                                           : Value(arith::NegFOp::create(b, l, args[0]));
          Value scaled = arith::MulFOp::create(b, l, centered, args[1]);
          return Value(arith::AddFOp::create(b, l, scaled, args[2]));
        });

    // weight' = weight * scale[out]
    RankedTensorType weightType = tensorType(op.getWeight());
    AffineMap weightIdentity = rewriter.getMultiDimIdentityMap(weightType.getRank());
    AffineMap outChannel = dimensionMap(rewriter.getContext(), weightType.getRank(), 0);
    Value weight = buildElementwise(
        rewriter, loc, weightType, ValueRange{op.getWeight(), scale}, {weightIdentity, outChannel},
        [](OpBuilder &b, Location l, ValueRange args) {
          return Value(arith::MulFOp::create(b, l, args[0], args[1]));
        });
    rewriter.replaceOp(op, {weight, bias});
    return success();
  }
};

} // namespace

void netc::detail::populateConvolutionPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertConv2d, ConvertDense, ConvertFoldBatchNorm>(patterns.getContext());
}
