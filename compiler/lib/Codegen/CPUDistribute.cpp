//===- CPUDistribute.cpp - The net-cpu-distribute pass ---------------------===//
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

namespace netc {
#define GEN_PASS_DEF_NETCPUDISTRIBUTE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Below this many iterations, starting threads costs more than it saves.
constexpr int64_t kMinParallelIterations = 1 << 14;

/// Chunks per parallel loop: enough for the threads to even out.
constexpr int64_t kChunks = 16;

struct NetCPUDistributePass : netc::impl::NetCPUDistributeBase<NetCPUDistributePass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    SmallVector<linalg::LinalgOp> ops;
    for (Operation &op : func.front())
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
          linalgOp && linalgOp.hasPureBufferSemantics() && !linalgOp.hasDynamicShape())
        ops.push_back(linalgOp);
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t iterations = 1;
      for (int64_t range : ranges)
        iterations *= range;
      if (iterations < kMinParallelIterations)
        continue;
      // The outermost parallel loop that has more than one iteration.
      auto iterators = op.getIteratorTypesArray();
      size_t outer = 0;
      while (outer < ranges.size() &&
             (iterators[outer] != utils::IteratorType::parallel || ranges[outer] < 2))
        ++outer;
      if (outer == ranges.size())
        continue;
      SmallVector<int64_t> sizes(ranges.size(), 0);
      sizes[outer] = llvm::divideCeil(ranges[outer], kChunks);
      netc::KernelCost cost = netc::linalgCost(op);
      std::string kind = op->getName().stripDialect().str();
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(&getContext(), sizes));
      options.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled) || tiled->loops.empty())
        continue;
      netc::annotateKernel(tiled->loops.front(), kind, cost);
      rewriter.eraseOp(op);
    }
  }
};

} // namespace
