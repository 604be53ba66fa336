//===- CPUApproximateMath.cpp - The net-cpu-approximate-math pass ----------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETCPUAPPROXIMATEMATH
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetCPUApproximateMathPass
    : netc::impl::NetCPUApproximateMathBase<NetCPUApproximateMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(
        patterns, [](StringRef name) {
          return name == math::ExpOp::getOperationName() ||
                 name == math::TanhOp::getOperationName();
        });
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
