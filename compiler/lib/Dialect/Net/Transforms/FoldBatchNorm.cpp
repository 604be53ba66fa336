//===- FoldBatchNorm.cpp - The net-fold-batch-norm pass --------------------===//
#include "netc/Dialect/Net/IR/NetOps.h"
#include "netc/Dialect/Net/Transforms/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc::net {
#define GEN_PASS_DEF_NETFOLDBATCHNORM
#include "netc/Dialect/Net/Transforms/Passes.h.inc"
} // namespace netc::net

using namespace mlir;
using namespace netc::net;

namespace {

/// batch_norm(conv2d(x, w, b)) -> conv2d(x, fold_batch_norm(w, b, ...)).
struct FoldIntoConvolution : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn, PatternRewriter &rewriter) const override {
    auto conv = bn.getInput().getDefiningOp<Conv2dOp>();
    if (!conv || !conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "input is not a convolution used only here");
    auto folded = FoldBatchNormOp::create(
        rewriter, bn.getLoc(), conv.getWeight(), conv.getBias(), bn.getWeight(), bn.getBias(),
        bn.getMean(), bn.getVariance(), bn.getEpsilon().convertToDouble());
    // The folded convolution is both layers: its location names the
    // convolution first (diagnostics, the profile's "conv1+bn1").
    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    auto replacement = Conv2dOp::create(
        rewriter, loc, bn.getType(), conv.getInput(), folded.getFoldedWeight(),
        folded.getFoldedBias(), conv.getStrideAttr(), conv.getPaddingAttr(),
        conv.getDilationAttr(), conv.getGroupsAttr());
    rewriter.replaceOp(bn, replacement.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

struct NetFoldBatchNormPass
    : netc::net::impl::NetFoldBatchNormBase<NetFoldBatchNormPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoConvolution>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
