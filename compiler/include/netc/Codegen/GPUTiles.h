//===- GPUTiles.h - How GPU kernels split their outputs -------------*- C++ -*-===//
#ifndef NETC_CODEGEN_GPUTILES_H
#define NETC_CODEGEN_GPUTILES_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace netc {

/// Threads per block of netc's kernels.
inline constexpr int64_t kGPUBlockThreads = 256;

/// The tile sizes, per loop of `op`, of the part of its output one block
/// computes: one output element per thread; the innermost parallel loop
/// (channels in NHWC, so neighbouring threads read neighbouring filter and
/// output elements) up to 64 wide, the next filling the rest of the block,
/// each the largest size that divides its loop.
/// Reductions are not tiled: each thread runs them.
llvm::SmallVector<int64_t> gpuBlockTile(mlir::linalg::LinalgOp op);

/// One output element per thread: 1 for every parallel loop, 0 for reductions.
llvm::SmallVector<int64_t> gpuThreadTile(mlir::linalg::LinalgOp op);

} // namespace netc

#endif // NETC_CODEGEN_GPUTILES_H
