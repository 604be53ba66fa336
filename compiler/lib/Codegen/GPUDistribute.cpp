//===- GPUDistribute.cpp - The net-gpu-distribute pass --------------------===//
#include "netc/Codegen/GPUTiles.h"
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Codegen/TileAndFuse.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUDISTRIBUTE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

FailureOr<scf::SCFTilingResult> tileToForall(RewriterBase &rewriter, linalg::LinalgOp op,
                                             ArrayRef<int64_t> sizes) {
  rewriter.setInsertionPoint(op);
  return scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()),
      netc::tilingOptions(rewriter.getContext(), sizes, scf::SCFTilingOptions::LoopType::ForallOp));
}

/// Inside a kernel, a buffer must be one thread's (a stack tile in its thread
/// loop, or anywhere in a loop of one-thread blocks, left where a block's
/// tile was the whole op), which becomes registers: a heap buffer or one in
/// a block's loop would be a private copy per thread, a miscompile.
LogicalResult checkKernelBuffers(scf::ForallOp blocks) {
  bool hasThreads = !blocks.getBody()->getOps<scf::ForallOp>().empty();
  WalkResult result = blocks.walk([&](Operation *op) {
    if (!isa<memref::AllocOp, memref::AllocaOp>(op))
      return WalkResult::advance();
    auto owner = op->getParentOfType<scf::ForallOp>();
    if (isa<memref::AllocaOp>(op) && (owner != blocks || !hasThreads))
      return WalkResult::advance();
    op->emitError("a buffer shared by the threads of a GPU kernel is not supported");
    return WalkResult::interrupt();
  });
  return failure(result.wasInterrupted());
}

struct NetGPUDistributePass : netc::impl::NetGPUDistributeBase<NetGPUDistributePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    for (auto blocks : func.front().getOps<scf::ForallOp>())
      if (failed(checkKernelBuffers(blocks)))
        return signalPassFailure();
    SmallVector<linalg::LinalgOp> ops;
    for (Operation &op : func.front())
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
        ops.push_back(linalgOp);
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      // Bufferization copies a tile written in place onto itself.
      if (auto copy = dyn_cast<linalg::CopyOp>(op.getOperation());
          copy && copy.getInputs()[0] == copy.getOutputs()[0]) {
        rewriter.eraseOp(copy);
        continue;
      }
      if (!op.hasPureBufferSemantics() || op.hasDynamicShape()) {
        op.emitError("expected a statically shaped operation on buffers");
        return signalPassFailure();
      }
      netc::KernelCost cost = netc::linalgCost(op);
      std::string kind = op->getName().stripDialect().str();
      FailureOr<scf::SCFTilingResult> blocks = tileToForall(rewriter, op, netc::gpuBlockTile(op));
      if (failed(blocks) || blocks->loops.empty() || blocks->tiledOps.size() != 1) {
        op.emitError("cannot tile this operation for the GPU");
        return signalPassFailure();
      }
      netc::annotateKernel(blocks->loops.front(), kind, cost);
      rewriter.eraseOp(op);
      auto tile = cast<linalg::LinalgOp>(blocks->tiledOps.front());
      FailureOr<scf::SCFTilingResult> threads = tileToForall(rewriter, tile, netc::gpuThreadTile(tile));
      if (failed(threads)) {
        op.emitError("cannot tile this operation for the GPU");
        return signalPassFailure();
      }
      rewriter.eraseOp(tile);
    }
  }
};

} // namespace
