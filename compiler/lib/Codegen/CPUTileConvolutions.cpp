//===- CPUTileConvolutions.cpp - The net-cpu-tile-convolutions pass --------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
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

int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, limit); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

RegisterTile chooseRegisterTile(int64_t width, int64_t channels, unsigned vectorBits) {
  int64_t lanes = vectorBits / 32;
  // AVX-512 has 32 vector registers, AVX2 16; half hold accumulators, the
  // rest the filter row, broadcasts and addresses.
  int64_t accumulators = vectorBits >= 512 ? 16 : 8;
  int64_t channelTile = 2 * lanes;
  while (channelTile > 1 && channels % channelTile != 0)
    channelTile /= 2;
  int64_t vectors = std::max<int64_t>(1, channelTile / lanes);
  return {largestDivisorAtMost(width, accumulators / vectors), channelTile};
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
    for (linalg::LinalgOp op : convolutions) {
      // Output [N, OH, OW, C]; loops [n, oh, ow, c, reductions...].
      ArrayRef<int64_t> output = cast<ShapedType>(op.getDpsInits()[0].getType()).getShape();
      RegisterTile tile = chooseRegisterTile(output[2], output[3], vectorBits);
      SmallVector<int64_t> sizes(op.getNumLoops(), 1);
      sizes[2] = tile.pixels;
      sizes[3] = tile.channels;
      scf::SCFTilingOptions options;
      options.setTileSizes(getAsIndexOpFoldResult(context, sizes));
      rewriter.setInsertionPoint(op);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(op.getOperation()), options);
      if (failed(tiled)) {
        op.emitError("cannot tile this convolution");
        return signalPassFailure();
      }
      rewriter.replaceOp(op, tiled->replacements);
    }

    // One output row and kernel row per tile: decompose to 1-D convolutions
    // and vectorize them (only them: the rest stays scalar for LLVM).
    RewritePatternSet decompose(context);
    linalg::populateDecomposeConvolutionPatterns(decompose);
    if (failed(applyPatternsGreedily(func, std::move(decompose))))
      return signalPassFailure();
    SmallVector<linalg::LinalgOp> rows;
    func.walk([&](linalg::LinalgOp op) {
      if (isa<linalg::Conv1DNwcWcfOp, linalg::DepthwiseConv1DNwcWcOp>(op))
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

    // Read and write the tiles straight from the tensors.
    RewritePatternSet cleanup(context);
    vector::populateVectorTransferPermutationMapLoweringPatterns(cleanup);
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(cleanup);
    vector::TransferReadOp::getCanonicalizationPatterns(cleanup, context);
    vector::TransferWriteOp::getCanonicalizationPatterns(cleanup, context);
    if (failed(applyPatternsGreedily(func, std::move(cleanup))))
      return signalPassFailure();
  }
};

} // namespace
