//===- Safetensors.h - Reading and validating safetensors files --*- C++ -*-===//
//
// A safetensors file is an 8-byte little-endian header length N, N bytes of
// JSON mapping tensor names to {"dtype", "shape", "data_offsets"} (plus an
// optional "__metadata__" object of strings), then the data region the offsets
// point into.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_RUNTIME_SAFETENSORS_H
#define NETC_RUNTIME_SAFETENSORS_H

#include "FloatFormats.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <optional>

namespace netc {

/// A dtype of the safetensors format. All of them are recognised, so that a
/// tensor of an unusable one is reported by name; those the runtime can turn
/// into float32 carry their FloatFormat.
struct SafetensorsDType {
  llvm::StringLiteral name;
  uint8_t bytes;
  std::optional<FloatFormat> floatFormat = std::nullopt;
};

struct SafetensorsTensor {
  const SafetensorsDType *dtype;
  llvm::SmallVector<int64_t, 4> shape;
  /// Exactly the bytes the shape and dtype need, inside the data region.
  llvm::StringRef bytes;
};

/// The tensors of a validated file by name: each lies inside the data region
/// and no two overlap.
using SafetensorsIndex = llvm::StringMap<SafetensorsTensor>;

/// Validates the header of `file` against its size. Errors start with the
/// buffer's identifier and name the offending tensor.
llvm::Expected<SafetensorsIndex> parseSafetensors(llvm::MemoryBufferRef file);

} // namespace netc

#endif // NETC_RUNTIME_SAFETENSORS_H
