//===- GPUTileAndFuse.cpp - The net-gpu-tile-and-fuse pass ----------------===//
#include "netc/Codegen/GPUTiles.h"
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Codegen/TileAndFuse.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUTILEANDFUSE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Blocks, then threads, each computing `op`'s output tile together with its
/// initial value and elementwise epilogue.
LogicalResult tileToBlocksAndThreads(RewriterBase &rewriter, linalg::LinalgOp op) {
  netc::FusionGroup group = netc::fusionGroup(op);
  auto root = cast<linalg::LinalgOp>(group.root);
  netc::KernelCost cost = netc::linalgCost(op);
  std::string kind = op->getName().stripDialect().str();
  Operation *loop = nullptr;
  auto blocks = netc::tileAndFuse(rewriter, cast<TilingInterface>(group.root),
                                  netc::gpuBlockTile(root), scf::SCFTilingOptions::LoopType::ForallOp,
                                  {}, group.fusable, &loop);
  if (failed(blocks))
    return failure();
  netc::annotateKernel(loop, kind, cost);
  loop->setLoc(rewriter.getFusedLoc(group.layers));
  Operation *blockRoot = blocks->front();
  llvm::SmallPtrSet<Operation *, 8> blockOps(blocks->begin(), blocks->end());
  return netc::tileAndFuse(rewriter, cast<TilingInterface>(blockRoot),
                           netc::gpuThreadTile(cast<linalg::LinalgOp>(blockRoot)),
                           scf::SCFTilingOptions::LoopType::ForallOp, {}, blockOps, &loop);
}

struct NetGPUTileAndFusePass : netc::impl::NetGPUTileAndFuseBase<NetGPUTileAndFusePass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> reductions;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !op.hasDynamicShape() && op.getNumReductionLoops() > 0 &&
          isa<func::FuncOp>(op->getParentOp()))
        reductions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : reductions)
      if (failed(tileToBlocksAndThreads(rewriter, op))) {
        op.emitError("cannot tile this operation for the GPU");
        return signalPassFailure();
      }
  }
};

} // namespace
