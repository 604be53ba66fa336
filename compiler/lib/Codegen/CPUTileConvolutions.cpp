//===- CPUTileConvolutions.cpp - The net-cpu-tile-convolutions pass --------===//
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Codegen/TileAndFuse.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETCPUTILECONVOLUTIONS
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// Output pixels x output channels computed per innermost step.
struct RegisterTile {
  int64_t pixels;
  int64_t channels;
};

RegisterTile chooseRegisterTile(int64_t width, int64_t channels, unsigned vectorBits) {
  int64_t lanes = vectorBits / 32;
  // AVX-512 has 32 vector registers, AVX2 16; half hold accumulators, the
  // rest the filter row, broadcasts and addresses.
  int64_t accumulators = vectorBits >= 512 ? 16 : 8;
  int64_t channelTile = 2 * lanes;
  while (channelTile > 1 && channels % channelTile != 0)
    channelTile /= 2;
  int64_t vectors = std::max<int64_t>(1, channelTile / lanes);
  return {netc::largestDivisorAtMost(width, accumulators / vectors), channelTile};
}

/// Tiles a convolution with its initial value (the broadcast bias) and its
/// epilogue: threads share channel tiles times output rows (scf.forall, then
/// OpenMP), channel tiles outermost so each thread keeps one slice of the
/// filter (up to kh x kw x C x 32 floats) in cache across all rows; within a
/// row, register tiles of pixels x channels, whose reductions step by one.
LogicalResult tileWithEpilogue(RewriterBase &rewriter, linalg::LinalgOp conv,
                               unsigned vectorBits) {
  // Output [N, OH, OW, C]; convolution loops [n, oh, ow, c, reductions...].
  ArrayRef<int64_t> output = cast<ShapedType>(conv.getDpsInits()[0].getType()).getShape();
  RegisterTile tile = chooseRegisterTile(output[2], output[3], vectorBits);
  netc::FusionGroup group = netc::fusionGroup(conv);
  Operation *root = group.root;
  unsigned rootLoops = cast<linalg::LinalgOp>(root).getNumLoops();
  SmallVector<int64_t> rows(rootLoops, 0), registers(rootLoops, 0);
  rows[0] = rows[1] = registers[0] = registers[1] = 1;
  rows[2] = output[2];
  registers[2] = tile.pixels;
  rows[3] = registers[3] = tile.channels;

  netc::KernelCost cost = netc::linalgCost(conv);
  std::string kind = conv->getName().stripDialect().str();
  Operation *loop = nullptr;
  auto threads = netc::tileAndFuse(rewriter, cast<TilingInterface>(root), rows,
                             scf::SCFTilingOptions::LoopType::ForallOp, {3, 0, 1, 2}, group.fusable,
                             &loop);
  if (failed(threads))
    return failure();
  netc::annotateKernel(loop, kind, cost);
  // The kernel is every layer fused into it (for the profile).
  loop->setLoc(rewriter.getFusedLoc(group.layers));
  llvm::SmallPtrSet<Operation *, 8> rowOps(threads->begin(), threads->end());
  auto registerTiles =
      netc::tileAndFuse(rewriter, cast<TilingInterface>(threads->front()), registers,
                  scf::SCFTilingOptions::LoopType::ForOp, {}, rowOps, &loop);
  if (failed(registerTiles))
    return failure();
  auto convTile = llvm::find_if(*registerTiles, [](Operation *op) {
    return isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op);
  });
  if (convTile == registerTiles->end())
    return failure();
  // Then each reduction (kernel rows, columns, input channels) by one.
  SmallVector<int64_t> reductions(conv.getNumLoops(), 1);
  std::fill(reductions.begin(), reductions.begin() + 4, 0);
  auto reductionTile = cast<TilingInterface>(*convTile);
  rewriter.setInsertionPoint(reductionTile);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, reductionTile,
      netc::tilingOptions(rewriter.getContext(), reductions, scf::SCFTilingOptions::LoopType::ForOp));
  if (failed(tiled))
    return failure();
  rewriter.replaceOp(reductionTile, tiled->replacements);
  return success();
}

struct NetCPUTileConvolutionsPass
    : netc::impl::NetCPUTileConvolutionsBase<NetCPUTileConvolutionsPass> {
  using NetCPUTileConvolutionsBase::NetCPUTileConvolutionsBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *context = &getContext();
    IRRewriter rewriter(context);

    SmallVector<linalg::LinalgOp> convolutions;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::Conv2DNhwcHwcfOp, linalg::DepthwiseConv2DNhwcHwcOp>(op) &&
          op.hasPureTensorSemantics() && !op.hasDynamicShape())
        convolutions.push_back(op);
    });
    for (linalg::LinalgOp op : convolutions)
      if (failed(tileWithEpilogue(rewriter, op, vectorBits))) {
        op.emitError("cannot tile this convolution");
        return signalPassFailure();
      }

    // One output row and kernel row per tile: decompose to 1-D convolutions
    // and vectorize them (only them: the rest stays scalar for LLVM).
    RewritePatternSet decompose(context);
    linalg::populateDecomposeConvolutionPatterns(decompose);
    if (failed(applyPatternsGreedily(func, std::move(decompose))))
      return signalPassFailure();
    // With them, the tiles of their bias and epilogue ops inside the loops.
    SmallVector<linalg::LinalgOp> rows;
    func.walk([&](linalg::LinalgOp op) {
      bool tile = isa<LoopLikeOpInterface>(op->getParentOp()) && !op.hasDynamicShape() &&
                  isa<linalg::GenericOp, linalg::FillOp>(op);
      if (tile || isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp>(op))
        rows.push_back(op);
    });
    for (linalg::LinalgOp op : rows) {
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> vectorized = linalg::vectorize(rewriter, op);
      if (failed(vectorized)) {
        op.emitError("cannot vectorize this convolution tile");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, vectorized->replacements);
    }


    // Read and write the tiles straight from the tensors; intermediate tiles
    // (the bias before the accumulation, the sum before the activation) are
    // tile-sized, for the stack.
    RewritePatternSet cleanup(context);
    tensor::populateFoldTensorEmptyPatterns(cleanup);
    vector::populateVectorTransferPermutationMapLoweringPatterns(cleanup);
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(cleanup);
    vector::TransferReadOp::getCanonicalizationPatterns(cleanup, context);
    vector::TransferWriteOp::getCanonicalizationPatterns(cleanup, context);
    if (failed(applyPatternsGreedily(func, std::move(cleanup))))
      return signalPassFailure();
  }
};

} // namespace
