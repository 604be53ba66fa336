//===- CPULowerVectors.cpp - The net-cpu-lower-vectors pass ----------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Hoisting.h"
#include "mlir/Dialect/MemRef/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/CSE.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETCPULOWERVECTORS
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Bufferization leaves a copy of each tile onto itself where a tile was
/// extracted, written and inserted back; it does nothing but keeps the
/// accumulator writes from being hoisted.
struct EraseSelfCopy : OpRewritePattern<linalg::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::CopyOp op, PatternRewriter &rewriter) const override {
    if (!op.hasPureBufferSemantics() || op.getInputs()[0] != op.getOutputs()[0])
      return failure();
    rewriter.eraseOp(op);
    return success();
  }
};

struct NetCPULowerVectorsPass : netc::impl::NetCPULowerVectorsBase<NetCPULowerVectorsPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *context = &getContext();

    // Hoisting needs identical accesses: the same memref (not one subview per
    // iteration), the same indices (CSE) and the same vector rank.
    IRRewriter rewriter(context);
    DominanceInfo dominance;
    eliminateCommonSubExpressions(rewriter, dominance, func);
    RewritePatternSet canonical(context);
    canonical.add<EraseSelfCopy>(context);
    vector::populateCastAwayVectorLeadingOneDimPatterns(canonical);
    memref::populateFoldMemRefAliasOpPatterns(canonical);
    for (Dialect *dialect : context->getLoadedDialects())
      dialect->getCanonicalizationPatterns(canonical);
    for (RegisteredOperationName op : context->getRegisteredOperations())
      op.getCanonicalizationPatterns(canonical, context);
    if (failed(applyPatternsGreedily(func, std::move(canonical))))
      return signalPassFailure();
    eliminateCommonSubExpressions(rewriter, dominance, func);
    linalg::hoistRedundantVectorTransfers(func);

    RewritePatternSet lowering(context);
    vector::populateVectorContractLoweringPatterns(lowering,
                                                   vector::VectorContractLowering::OuterProduct);
    vector::populateVectorTransferPermutationMapLoweringPatterns(lowering);
    vector::populateVectorTransferLoweringPatterns(lowering, /*maxTransferRank=*/1);
    vector::populateVectorOuterProductLoweringPatterns(lowering);
    vector::populateVectorTransposeLoweringPatterns(lowering,
                                                    vector::VectorTransposeLowering::EltWise);
    vector::populateVectorShapeCastLoweringPatterns(lowering);
    vector::populateVectorBroadcastLoweringPatterns(lowering);
    if (failed(applyPatternsGreedily(func, std::move(lowering))))
      return signalPassFailure();
  }
};

} // namespace
