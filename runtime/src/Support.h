//===- Support.h - Helpers shared by the file readers ------------*- C++ -*-===//
#ifndef NETC_RUNTIME_SUPPORT_H
#define NETC_RUNTIME_SUPPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

#include "netc/runtime.h"

struct netc_status {
  std::string message;
};

/// A status carrying `message`, for the caller to free.
netc_status *makeStatus(const llvm::Twine &message);

namespace netc {

/// An error about the file `file`: "file: message".
llvm::Error fileError(llvm::StringRef file, const llvm::Twine &message);

/// Bytes an array of `shape` with `elementSize`-byte elements occupies;
/// nullopt if a dimension is negative or the size overflows int64_t.
std::optional<int64_t> getByteSize(llvm::ArrayRef<int64_t> shape, int64_t elementSize);

/// "[64, 3, 7, 7]"
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace netc

#endif // NETC_RUNTIME_SUPPORT_H
