//===- CPUTileConvolutions.cpp - The net-cpu-tile-convolutions pass --------===//
#include "netc/Codegen/KernelCost.h"
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

/// A tile of a linalg op and the outermost loop around it.
struct Tiled {
  TilingInterface tile;
  Operation *loop;
};

/// Tiles `op` by `sizes` (0: not tiled) into loops of `type`, in the order
/// `interchange` gives, and replaces it.
FailureOr<Tiled> tileInto(RewriterBase &rewriter, TilingInterface op, ArrayRef<int64_t> sizes,
                          scf::SCFTilingOptions::LoopType type,
                          ArrayRef<int64_t> interchange = {}) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(rewriter.getContext(), sizes));
  options.setLoopType(type);
  options.setInterchange(interchange);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(rewriter, op, options);
  if (failed(tiled) || tiled->tiledOps.size() != 1 || tiled->loops.empty())
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  return Tiled{cast<TilingInterface>(tiled->tiledOps.front()), tiled->loops.front()};
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
      // Threads share the channel tiles times output rows (scf.forall, then
      // OpenMP), channel tiles outermost: each thread keeps one slice of the
      // filter (up to kh x kw x C x 32 floats) in cache across all rows.
      SmallVector<int64_t> rows(op.getNumLoops(), 0);
      rows[0] = rows[1] = 1;
      rows[2] = output[2];
      rows[3] = tile.channels;
      SmallVector<int64_t> registers(op.getNumLoops(), 1);
      registers[2] = tile.pixels;
      registers[3] = tile.channels;
      netc::KernelCost cost = netc::linalgCost(op);
      StringRef kind = op->getName().stripDialect();
      FailureOr<Tiled> threads = tileInto(rewriter, cast<TilingInterface>(op.getOperation()),
                                          rows, scf::SCFTilingOptions::LoopType::ForallOp,
                                          {3, 0, 1, 2});
      if (succeeded(threads))
        netc::annotateKernel(threads->loop, kind, cost);
      if (failed(threads) || failed(tileInto(rewriter, threads->tile, registers,
                                             scf::SCFTilingOptions::LoopType::ForOp))) {
        op.emitError("cannot tile this convolution");
        return signalPassFailure();
      }
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
