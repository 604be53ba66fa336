//===- TileAndFuse.h - Tiling helpers the CPU and GPU passes share -*- C++ -*-===//
#ifndef NETC_CODEGEN_TILEANDFUSE_H
#define NETC_CODEGEN_TILEANDFUSE_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"

namespace netc {

/// The largest divisor of `n` that is at most `limit` (tiles without a
/// partial last one).
inline int64_t largestDivisorAtMost(int64_t n, int64_t limit) {
  for (int64_t d = std::min(n, limit); d > 1; --d)
    if (n % d == 0)
      return d;
  return 1;
}

/// Tiling by static `sizes` (0: not tiled) into loops of `type`.
mlir::scf::SCFTilingOptions tilingOptions(mlir::MLIRContext *context,
                                          llvm::ArrayRef<int64_t> sizes,
                                          mlir::scf::SCFTilingOptions::LoopType type,
                                          llvm::ArrayRef<int64_t> interchange = {});

/// The elementwise ops that consume `op`'s result one after the other
/// (activation, residual addition, activation): each the only user of the
/// one before, parallel, of the same shape and reading it in place.
llvm::SmallVector<mlir::Operation *> elementwiseEpilogue(mlir::linalg::LinalgOp op);

/// `op` with its epilogue and the op that initialises its result (a bias
/// broadcast or a fill, if `op` is its only user): the ops that tileAndFuse
/// computes in one kernel, and the last of the chain, which is tiled.
struct FusionGroup {
  mlir::Operation *root;
  llvm::SmallPtrSet<mlir::Operation *, 8> fusable;
  llvm::SmallVector<mlir::Location> layers; // op, then its epilogue
};
FusionGroup fusionGroup(mlir::linalg::LinalgOp op);

/// Tiles `root` by `sizes` into loops of `type` and computes the producers in
/// `fusable` tile by tile inside them; returns the tiles and sets `loop` to the
/// outermost loop.
mlir::FailureOr<llvm::SmallVector<mlir::Operation *>>
tileAndFuse(mlir::RewriterBase &rewriter, mlir::TilingInterface root,
            llvm::ArrayRef<int64_t> sizes, mlir::scf::SCFTilingOptions::LoopType type,
            llvm::ArrayRef<int64_t> interchange,
            const llvm::SmallPtrSetImpl<mlir::Operation *> &fusable, mlir::Operation **loop);

} // namespace netc

#endif // NETC_CODEGEN_TILEANDFUSE_H
