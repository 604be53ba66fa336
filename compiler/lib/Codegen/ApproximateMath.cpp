//===- ApproximateMath.cpp - The net-approximate-math pass ----------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETAPPROXIMATEMATH
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetApproximateMathPass
    : netc::impl::NetApproximateMathBase<NetApproximateMathPass> {
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
