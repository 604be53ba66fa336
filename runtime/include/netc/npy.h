//===- netc/npy.h - NumPy .npy files of float32 arrays -----------*- C++ -*-===//
//
// The exchange format of the examples and tests with NumPy and PyTorch.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_NPY_H
#define NETC_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace netc {

/// A C-order float32 array.
struct NpyArray {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

/// Reads a .npy file of format version 1.0, 2.0 or 3.0 holding a C-order
/// array of dtype '<f4', or '<f8' or '<f2' converted to float32.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);

/// Writes `data` as a '<f4' array of `shape` in format version 1.0. The file is
/// written under a temporary name and renamed, so an existing file at `path` is
/// either replaced whole or left as it was.
llvm::Error writeNpy(llvm::StringRef path, llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<float> data);

} // namespace netc

#endif // NETC_NPY_H
