//===- Shape.cpp - flatten and concat --------------------------------------===//
#include "Utils.h"
#include "netc/Dialect/Net/IR/NetOps.h"

using namespace mlir;
using namespace netc;

namespace {

struct ConvertFlatten : OpRewritePattern<net::FlattenOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::FlattenOp op, PatternRewriter &rewriter) const override {
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    if (inputType == op.getOutput().getType()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    ReassociationIndices rest;
    for (int64_t d = 1; d < inputType.getRank(); ++d)
      rest.push_back(d);
    rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(
        op, op.getOutput().getType(), op.getInput(),
        ArrayRef<ReassociationIndices>{{0}, rest});
    return success();
  }
};

/// Each input is inserted into its channel slice of the result, which
/// bufferization turns into writes into one buffer.
struct ConvertConcat : OpRewritePattern<net::ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(net::ConcatOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = netc::detail::channelsLastType(cast<RankedTensorType>(op.getOutput().getType()));
    Value result = netc::detail::buildChannelsLast(rewriter, loc, op.getInputs(), [&](ValueRange inputs) {
      Value concat = tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
      unsigned channelDim = type.getRank() == 4 ? 3 : 1;
      int64_t offset = 0;
      for (Value input : inputs) {
        ArrayRef<int64_t> shape = cast<RankedTensorType>(input.getType()).getShape();
        SmallVector<OpFoldResult> offsets(shape.size(), rewriter.getIndexAttr(0));
        offsets[channelDim] = rewriter.getIndexAttr(offset);
        SmallVector<OpFoldResult> sizes = llvm::map_to_vector(
            shape, [&](int64_t d) -> OpFoldResult { return rewriter.getIndexAttr(d); });
        SmallVector<OpFoldResult> strides(shape.size(), rewriter.getIndexAttr(1));
        concat = tensor::InsertSliceOp::create(rewriter, loc, input, concat, offsets, sizes,
                                               strides);
        offset += shape[channelDim];
      }
      return concat;
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void netc::detail::populateShapePatterns(RewritePatternSet &patterns) {
  patterns.add<ConvertFlatten, ConvertConcat>(patterns.getContext());
}
