//===- CPULoopOrder.cpp - The net-cpu-loop-order pass ----------------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/LinalgInterfaces.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"

namespace netc {
#define GEN_PASS_DEF_NETCPULOOPORDER
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Moves the reduction loops of `op` outside its two innermost parallel loops.
void reorderLoops(IRRewriter &rewriter, linalg::GenericOp op) {
  SmallVector<unsigned> parallel, reduction;
  for (auto [index, type] : llvm::enumerate(op.getIteratorTypesArray()))
    (type == utils::IteratorType::parallel ? parallel : reduction).push_back(index);
  if (parallel.size() < 2 || reduction.empty())
    return;
  // [outer parallel..., reductions..., the two innermost parallel loops]
  SmallVector<unsigned> order(parallel.begin(), parallel.end() - 2);
  order.append(reduction);
  order.append(parallel.end() - 2, parallel.end());
  (void)linalg::interchangeGenericOp(rewriter, op, order);
}

struct NetCPULoopOrderPass : netc::impl::NetCPULoopOrderBase<NetCPULoopOrderPass> {
  void runOnOperation() override {
    IRRewriter rewriter(&getContext());
    SmallVector<linalg::LinalgOp> windows;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (linalg::isaConvolutionOpInterface(op) || isa<linalg::GenericOp>(op))
        windows.push_back(op);
    });
    for (linalg::LinalgOp op : windows) {
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> generalized = linalg::generalizeNamedOp(rewriter, op);
        if (failed(generalized))
          continue;
        generic = *generalized;
      }
      reorderLoops(rewriter, generic);
    }
  }
};

} // namespace
