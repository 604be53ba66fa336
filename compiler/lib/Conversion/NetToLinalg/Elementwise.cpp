//===- Elementwise.cpp - activations, add, mul, batch norm, softmax --------===//
#include "Utils.h"
#include "netc/Dialect/Net/IR/NetOps.h"

#include <limits>

using namespace mlir;
using namespace netc;
using namespace netc::detail;

namespace {

Value clamp(OpBuilder &b, Location loc, Value x, double low, double high) {
  Value lower = arith::MaximumFOp::create(b, loc, x, f32(b, loc, low));
  return arith::MinimumFOp::create(b, loc, lower, f32(b, loc, high));
}

/// min(max(x + 3, 0), 6) / 6
Value hardSigmoid(OpBuilder &b, Location loc, Value x) {
  Value shifted = arith::AddFOp::create(b, loc, x, f32(b, loc, 3.0));
  return arith::DivFOp::create(b, loc, clamp(b, loc, shifted, 0.0, 6.0), f32(b, loc, 6.0));
}

/// The scalar computation of each unary op.
Value unaryBody(Operation *op, OpBuilder &b, Location loc, Value x) {
  if (isa<net::ReluOp>(op))
    return arith::MaximumFOp::create(b, loc, x, f32(b, loc, 0.0));
  if (isa<net::Relu6Op>(op))
    return clamp(b, loc, x, 0.0, 6.0);
  if (isa<net::SigmoidOp>(op))
    return sigmoid(b, loc, x);
  if (isa<net::SiluOp>(op))
    return arith::MulFOp::create(b, loc, x, sigmoid(b, loc, x));
  if (isa<net::HardSigmoidOp>(op))
    return hardSigmoid(b, loc, x);
  if (isa<net::HardSwishOp>(op))
    return arith::MulFOp::create(b, loc, x, hardSigmoid(b, loc, x));
  return math::TanhOp::create(b, loc, x);
}

template <typename OpTy>
struct ConvertUnary : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op, PatternRewriter &rewriter) const override {
    Value result = buildChannelsLast(
        rewriter, op.getLoc(), op.getInput(), [&](ValueRange input) {
          RankedTensorType type = tensorType(input[0]);
          return buildElementwise(rewriter, op.getLoc(), type, input[0],
                                  rewriter.getMultiDimIdentityMap(type.getRank()),
                                  [&](OpBuilder &b, Location loc, ValueRange args) {
                                    return unaryBody(op, b, loc, args[0]);
                                  });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertAdd : OpRewritePattern<net::AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::AddOp op, PatternRewriter &rewriter) const override {
    Value result = buildChannelsLast(
        rewriter, op.getLoc(), {op.getLhs(), op.getRhs()}, [&](ValueRange operands) {
          RankedTensorType type = tensorType(operands[0]);
          AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
          return buildElementwise(rewriter, op.getLoc(), type, operands, {identity, identity},
                                  [](OpBuilder &b, Location loc, ValueRange args) {
                                    return Value(arith::AddFOp::create(b, loc, args[0], args[1]));
                                  });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertMul : OpRewritePattern<net::MulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::MulOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    bool gate = tensorType(op.getRhs()) != tensorType(op.getOutput());
    Value result = buildChannelsLast(
        rewriter, loc, {op.getLhs(), op.getRhs()}, [&](ValueRange operands) {
          RankedTensorType type = tensorType(operands[0]);
          AffineMap identity = rewriter.getMultiDimIdentityMap(type.getRank());
          Value rhs = operands[1];
          AffineMap rhsMap = identity;
          if (gate) {
            // A per-channel gate [N, 1, 1, C]: read it as [N, C].
            rhs = tensor::CollapseShapeOp::create(rewriter, loc, rhs,
                                                  ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}});
            rhsMap = AffineMap::get(
                4, 0, {getAffineDimExpr(0, context), getAffineDimExpr(3, context)}, context);
          }
          return buildElementwise(rewriter, loc, type, {operands[0], rhs}, {identity, rhsMap},
                                  [](OpBuilder &b, Location l, ValueRange args) {
                                    return Value(arith::MulFOp::create(b, l, args[0], args[1]));
                                  });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertBatchNorm : OpRewritePattern<net::BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::BatchNormOp op, PatternRewriter &rewriter) const override {
    double epsilon = op.getEpsilon().convertToDouble();
    Value result = buildChannelsLast(
        rewriter, op.getLoc(),
        {op.getInput(), op.getWeight(), op.getBias(), op.getMean(), op.getVariance()},
        [&](ValueRange operands) {
          RankedTensorType type = tensorType(operands[0]);
          unsigned rank = type.getRank();
          AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
          // Channels are last in images, second in [N, C] vectors.
          AffineMap channel =
              dimensionMap(rewriter.getContext(), rank, rank == 4 ? 3 : 1);
          return buildElementwise(
              rewriter, op.getLoc(), type, operands, {identity, channel, channel, channel, channel},
              [&](OpBuilder &b, Location loc, ValueRange args) {
                // (x - mean) / sqrt(var + eps) * weight + bias, as PyTorch computes it.
                Value centered = arith::SubFOp::create(b, loc, args[0], args[3]);
                Value shifted = arith::AddFOp::create(b, loc, args[4], f32(b, loc, epsilon));
                Value normalized = arith::DivFOp::create(b, loc, centered,
                                                         math::SqrtOp::create(b, loc, shifted));
                Value scaled = arith::MulFOp::create(b, loc, normalized, args[1]);
                return Value(arith::AddFOp::create(b, loc, scaled, args[2]));
              });
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Softmax over dimension 1: max, exp(x - max), sum, divide.
struct ConvertSoftmax : OpRewritePattern<net::SoftmaxOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::SoftmaxOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = tensorType(op.getOutput());
    unsigned rank = type.getRank();
    MLIRContext *context = rewriter.getContext();
    SmallVector<int64_t> reducedShape(type.getShape());
    reducedShape.erase(reducedShape.begin() + 1);
    auto reducedType = RankedTensorType::get(reducedShape, type.getElementType());
    SmallVector<AffineExpr> kept;
    for (unsigned d = 0; d < rank; ++d)
      if (d != 1)
        kept.push_back(getAffineDimExpr(d, context));
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);
    AffineMap reduced = AffineMap::get(rank, 0, kept, context);
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators[1] = utils::IteratorType::reduction;

    auto reduce = [&](Value input, double initial, auto combine) {
      Value init = createFilled(rewriter, loc, reducedType, initial);
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{reducedType}, ValueRange{input}, ValueRange{init},
                 SmallVector<AffineMap>{identity, reduced}, iterators,
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   linalg::YieldOp::create(b, l, combine(b, l, args[0], args[1]));
                 })
          .getResult(0);
    };
    Value max = reduce(op.getInput(), -std::numeric_limits<double>::infinity(),
                       [](OpBuilder &b, Location l, Value x, Value acc) {
                         return Value(arith::MaximumFOp::create(b, l, x, acc));
                       });
    Value exps = buildElementwise(rewriter, loc, type, {op.getInput(), max}, {identity, reduced},
                                  [](OpBuilder &b, Location l, ValueRange args) {
                                    Value shifted = arith::SubFOp::create(b, l, args[0], args[1]);
                                    return Value(math::ExpOp::create(b, l, shifted));
                                  });
    Value sums = reduce(exps, 0.0, [](OpBuilder &b, Location l, Value x, Value acc) {
      return Value(arith::AddFOp::create(b, l, x, acc));
    });
    Value result = buildElementwise(rewriter, loc, type, {exps, sums}, {identity, reduced},
                                    [](OpBuilder &b, Location l, ValueRange args) {
                                      return Value(arith::DivFOp::create(b, l, args[0], args[1]));
                                    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertDropout : OpRewritePattern<net::DropoutOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::DropoutOp op, PatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, op.getInput());
    return success();
  }
};

} // namespace

void netc::detail::populateElementwisePatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertUnary<net::ReluOp>, ConvertUnary<net::Relu6Op>,
               ConvertUnary<net::SigmoidOp>, ConvertUnary<net::SiluOp>,
               ConvertUnary<net::HardSigmoidOp>, ConvertUnary<net::HardSwishOp>,
               ConvertUnary<net::TanhOp>, ConvertAdd, ConvertMul, ConvertBatchNorm,
               ConvertSoftmax, ConvertDropout>(patterns.getContext());
}
