//===- Bufferize.cpp - The net-bufferize pass ------------------------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETBUFFERIZE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Copies as linalg.copy: they lower to loops with everything else instead of
/// calls to a runtime helper for strided copies.
LogicalResult createLinalgCopy(OpBuilder &builder, Location loc, Value from, Value to) {
  linalg::CopyOp::create(builder, loc, from, to);
  return success();
}

struct NetBufferizePass : netc::impl::NetBufferizeBase<NetBufferizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Padded tensors become a filled buffer with the tensor inserted, so
    // that, as for concatenations, the op producing the tensor writes it in
    // place (empty tensor elimination) instead of it being copied.
    RewritePatternSet patterns(&getContext());
    linalg::populateDecomposePadPatterns(patterns);
    if (failed(applyPatternsGreedily(module, std::move(patterns))))
      return signalPassFailure();
    IRRewriter rewriter(&getContext());
    if (failed(bufferization::eliminateEmptyTensors(rewriter, module)))
      return signalPassFailure();

    bufferization::OneShotBufferizationOptions options;
    options.bufferizeFunctionBoundaries = true;
    options.setFunctionBoundaryTypeConversion(
        bufferization::LayoutMapOption::IdentityLayoutMap);
    options.memCpyFn = createLinalgCopy;
    bufferization::BufferizationState state;
    if (failed(bufferization::runOneShotModuleBufferize(module, options, state)))
      return signalPassFailure();

    bufferization::BufferResultsToOutParamsOpts outParams;
    outParams.modifyPublicFunctions = true;
    outParams.hoistStaticAllocs = true;
    outParams.memCpyFn = createLinalgCopy;
    if (failed(bufferization::promoteBufferResultsToOutParams(module, outParams)))
      return signalPassFailure();
  }
};

} // namespace
