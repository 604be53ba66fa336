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

struct NetCPULoopOrderPass : netc::impl::NetCPULoopOrderBase<NetCPULoopOrderPass> {
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> windows;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (linalg::isaConvolutionOpInterface(op))
        windows.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : windows) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::GenericOp> generic = linalg::generalizeNamedOp(rewriter, op);
      if (failed(generic))
        continue;
      // [outer parallel..., reductions..., output row, output column]
      SmallVector<unsigned> parallel, reduction;
      for (auto [index, type] : llvm::enumerate(generic->getIteratorTypesArray()))
        (type == utils::IteratorType::parallel ? parallel : reduction).push_back(index);
      if (parallel.size() < 2)
        continue;
      SmallVector<unsigned> order(parallel.begin(), parallel.end() - 2);
      order.append(reduction);
      order.append(parallel.end() - 2, parallel.end());
      (void)linalg::interchangeGenericOp(rewriter, *generic, order);
    }
  }
};

} // namespace
