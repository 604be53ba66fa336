//===- Pooling.cpp - max, average and global average pooling ---------------===//
#include "Utils.h"
#include "netc/Dialect/Net/IR/NetOps.h"

#include <limits>

using namespace mlir;
using namespace netc;
using namespace netc::detail;

namespace {

struct ConvertMaxPool2d : OpRewritePattern<net::MaxPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::MaxPool2dOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = tensorType(op.getOutput());
    double lowest = -std::numeric_limits<double>::infinity();
    Value result = buildChannelsLast(rewriter, loc, op.getInput(), [&](ValueRange input) {
      RankedTensorType type = channelsLastType(resultType);
      Value padded = windowInput(rewriter, loc, input[0], op.getPadding(),
                                 resultType.getShape().drop_front(2), op.getKernel(),
                                 op.getStride(), op.getDilation(), lowest);
      Value window =
          tensor::EmptyOp::create(rewriter, loc, op.getKernel(), rewriter.getF32Type());
      Value init = createFilled(rewriter, loc, type, lowest);
      return linalg::PoolingNhwcMaxOp::create(rewriter, loc, TypeRange{type},
                                              ValueRange{padded, window}, ValueRange{init},
                                              rewriter.getI64VectorAttr(op.getStride()),
                                              rewriter.getI64VectorAttr(op.getDilation()))
          .getResult(0);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertAvgPool2d : OpRewritePattern<net::AvgPool2dOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::AvgPool2dOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = tensorType(op.getOutput());
    ArrayRef<int64_t> input = tensorType(op.getInput()).getShape();
    ArrayRef<int64_t> output = resultType.getShape();
    ArrayRef<int64_t> kernel = op.getKernel(), stride = op.getStride(),
                      pad = op.getPadding();
    static const int64_t unitDilation[] = {1, 1};
    // PyTorch's divisor per output position: the window clipped to the
    // padded input (count_include_pad) or to the input itself.
    SmallVector<float> reciprocals;
    for (int64_t i = 0; i < output[2]; ++i) {
      for (int64_t j = 0; j < output[3]; ++j) {
        int64_t h0 = i * stride[0] - pad[0], w0 = j * stride[1] - pad[1];
        int64_t h1 = std::min(h0 + kernel[0], input[2] + pad[2]);
        int64_t w1 = std::min(w0 + kernel[1], input[3] + pad[3]);
        int64_t count = (h1 - h0) * (w1 - w0);
        if (!op.getCountIncludePad())
          count = (std::min(h1, input[2]) - std::max<int64_t>(h0, 0)) *
                  (std::min(w1, input[3]) - std::max<int64_t>(w0, 0));
        reciprocals.push_back(1.0f / float(count));
      }
    }
    auto countType = RankedTensorType::get({output[2], output[3]}, rewriter.getF32Type());
    Value counts = arith::ConstantOp::create(
        rewriter, loc, DenseElementsAttr::get(countType, llvm::ArrayRef(reciprocals)));
    MLIRContext *context = rewriter.getContext();
    AffineMap spatial = AffineMap::get(4, 0, {getAffineDimExpr(1, context),
                                              getAffineDimExpr(2, context)}, context);
    Value result = buildChannelsLast(rewriter, loc, op.getInput(), [&](ValueRange input) {
      RankedTensorType type = channelsLastType(resultType);
      Value padded = windowInput(rewriter, loc, input[0], pad, output.drop_front(2), kernel,
                                 stride, unitDilation, 0.0);
      Value window = tensor::EmptyOp::create(rewriter, loc, kernel, rewriter.getF32Type());
      Value init = createFilled(rewriter, loc, type, 0.0);
      Value sums = linalg::PoolingNhwcSumOp::create(
                       rewriter, loc, TypeRange{type}, ValueRange{padded, window},
                       ValueRange{init}, rewriter.getI64VectorAttr(stride),
                       rewriter.getI64VectorAttr(unitDilation))
                       .getResult(0);
      return buildElementwise(rewriter, loc, type, ValueRange{sums, counts},
                              {rewriter.getMultiDimIdentityMap(4), spatial},
                              [](OpBuilder &b, Location l, ValueRange args) {
                                return Value(arith::MulFOp::create(b, l, args[0], args[1]));
                              });
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertGlobalAvgPool : OpRewritePattern<net::GlobalAvgPoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::GlobalAvgPoolOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    ArrayRef<int64_t> input = tensorType(op.getInput()).getShape();
    MLIRContext *context = rewriter.getContext();
    auto sumType = RankedTensorType::get({input[0], input[1]}, rewriter.getF32Type());
    float reciprocal = 1.0f / float(input[2] * input[3]);
    Value result = buildChannelsLast(rewriter, loc, op.getInput(), [&](ValueRange nhwc) {
      // sums[n, c] = sum over h, w of input[n, h, w, c]
      Value init = createFilled(rewriter, loc, sumType, 0.0);
      AffineMap nc = AffineMap::get(4, 0, {getAffineDimExpr(0, context),
                                           getAffineDimExpr(3, context)}, context);
      SmallVector<utils::IteratorType> iterators = {
          utils::IteratorType::parallel, utils::IteratorType::reduction,
          utils::IteratorType::reduction, utils::IteratorType::parallel};
      Value sums =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{sumType}, ValueRange{nhwc[0]}, ValueRange{init},
              SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(4), nc}, iterators,
              [](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(b, l,
                                        Value(arith::AddFOp::create(b, l, args[0], args[1])));
              })
              .getResult(0);
      AffineMap identity = rewriter.getMultiDimIdentityMap(2);
      Value means = buildElementwise(rewriter, loc, sumType, sums, identity,
                                     [&](OpBuilder &b, Location l, ValueRange args) {
                                       return Value(arith::MulFOp::create(
                                           b, l, args[0], f32(b, l, reciprocal)));
                                     });
      // [N, C] -> [N, 1, 1, C]
      return Value(tensor::ExpandShapeOp::create(
          rewriter, loc, channelsLastType(tensorType(op.getOutput())), means,
          ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}}));
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void netc::detail::populatePoolingPatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertMaxPool2d, ConvertAvgPool2d, ConvertGlobalAvgPool>(patterns.getContext());
}
