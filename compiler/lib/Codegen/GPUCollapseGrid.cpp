//===- GPUCollapseGrid.cpp - The net-gpu-collapse-grid pass ---------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/SCF/Utils/Utils.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUCOLLAPSEGRID
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// A grid has three dimensions.
constexpr unsigned kGridDims = 3;

struct NetGPUCollapseGridPass : netc::impl::NetGPUCollapseGridBase<NetGPUCollapseGridPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    for (auto loop : llvm::make_early_inc_range(getOperation().front().getOps<scf::ParallelOp>())) {
      unsigned dims = loop.getNumLoops();
      if (dims <= kGridDims)
        continue;
      // The outer dimensions (batch, rows) become one; the two innermost
      // keep their own, as gpu-map-parallel-loops maps them to x and y.
      std::vector<unsigned> outer;
      for (unsigned d = 0; d + kGridDims - 1 < dims; ++d)
        outer.push_back(d);
      std::vector<std::vector<unsigned>> combined = {outer, {dims - 2}, {dims - 1}};
      rewriter.setInsertionPoint(loop);
      collapseParallelLoops(rewriter, loop, combined);
    }
  }
};

} // namespace
