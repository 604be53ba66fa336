//===- GPUTiles.cpp - How GPU kernels split their outputs -----------------===//
#include "netc/Codegen/GPUTiles.h"
#include "netc/Codegen/TileAndFuse.h"

using namespace mlir;

SmallVector<int64_t> netc::gpuBlockTile(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  SmallVector<int64_t> sizes(ranges.size(), 0);
  int64_t threads = 1;
  int64_t widest = 64;
  for (unsigned loop : llvm::reverse(llvm::seq<unsigned>(ranges.size()))) {
    if (op.getIteratorTypesArray()[loop] != utils::IteratorType::parallel)
      continue;
    // Dividing the loop: the thread loops then have static bounds, which
    // the mapping to threads needs.
    sizes[loop] = largestDivisorAtMost(ranges[loop], std::min(widest, kGPUBlockThreads / threads));
    threads *= sizes[loop];
    widest = kGPUBlockThreads;
  }
  return sizes;
}

SmallVector<int64_t> netc::gpuThreadTile(linalg::LinalgOp op) {
  return llvm::map_to_vector(op.getIteratorTypesArray(), [](utils::IteratorType type) {
    return int64_t(type == utils::IteratorType::parallel);
  });
}
