//===- Bufferize.cpp - The net-bufferize pass ------------------------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Bufferization/Transforms/OneShotAnalysis.h"
#include "mlir/Dialect/Bufferization/Transforms/OneShotModuleBufferize.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Transforms.h"
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

/// The ops whose results end up in `value` through insertions (a
/// concatenation's branches, the value itself): they can write in place.
void insertedProducers(Value value, llvm::SmallPtrSetImpl<Operation *> &producers) {
  Operation *def = value.getDefiningOp();
  if (!def || !producers.insert(def).second)
    return;
  if (auto insert = dyn_cast<tensor::InsertSliceOp>(def)) {
    insertedProducers(insert.getSource(), producers);
    insertedProducers(insert.getDest(), producers);
  }
}

/// pad(x) -> insert x into a buffer whose border alone is filled. The buffer
/// is made before the first op that produces x, so that empty tensor
/// elimination can have them write x in place.
struct PadIntoFilledBorder : OpRewritePattern<tensor::PadOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tensor::PadOp pad, PatternRewriter &rewriter) const override {
    Value value = pad.getConstantPaddingValue();
    RankedTensorType type = pad.getResultType();
    ArrayRef<int64_t> source = pad.getSourceType().getShape();
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    if (!value || !type.hasStaticShape() || !pad.getSourceType().hasStaticShape() ||
        ShapedType::isDynamicShape(low) || ShapedType::isDynamicShape(high))
      return failure();
    Block *block = pad->getBlock();
    llvm::SmallPtrSet<Operation *, 8> producers;
    insertedProducers(pad.getSource(), producers);
    Operation *first = pad;
    for (Operation *producer : producers)
      if (producer->getBlock() == block && producer->isBeforeInBlock(first))
        first = producer;
    Operation *valueDef = value.getDefiningOp();
    if (valueDef && valueDef->getBlock() == block && first->isBeforeInBlock(valueDef))
      first = pad; // the padding value is computed too late to move up

    Location loc = pad.getLoc();
    rewriter.setInsertionPoint(first);
    Value padded = tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    auto strip = [&](unsigned dim, int64_t offset, int64_t size) {
      SmallVector<int64_t> shape(type.getShape());
      shape[dim] = size;
      Value empty = tensor::EmptyOp::create(rewriter, loc, shape, type.getElementType());
      Value filled = linalg::FillOp::create(rewriter, loc, value, empty).getResult(0);
      SmallVector<int64_t> offsets(shape.size(), 0), strides(shape.size(), 1);
      offsets[dim] = offset;
      padded = tensor::InsertSliceOp::create(rewriter, loc, filled, padded, ValueRange{},
                                             ValueRange{}, ValueRange{}, offsets, shape, strides);
    };
    for (unsigned dim = 0; dim < low.size(); ++dim) {
      if (low[dim] > 0)
        strip(dim, 0, low[dim]);
      if (high[dim] > 0)
        strip(dim, low[dim] + source[dim], high[dim]);
    }
    rewriter.setInsertionPoint(pad);
    SmallVector<int64_t> strides(low.size(), 1);
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(pad, pad.getSource(), padded, ValueRange{},
                                                       ValueRange{}, ValueRange{}, low, source,
                                                       strides);
    return success();
  }
};

struct NetBufferizePass : netc::impl::NetBufferizeBase<NetBufferizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Padded tensors become a buffer with a filled border and the tensor
    // inserted, so that, as for concatenations, the ops producing the tensor
    // write it in place (empty tensor elimination) instead of it being
    // copied, and only the border is filled.
    RewritePatternSet patterns(&getContext());
    patterns.add<PadIntoFilledBorder>(&getContext());
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
