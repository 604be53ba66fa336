//===- Support.cpp - Helpers shared by the file readers -------------------===//
#include "Support.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"

using namespace netc;

llvm::Error netc::fileError(llvm::StringRef file, const llvm::Twine &message) {
  return llvm::createStringError(file + ": " + message);
}

std::optional<int64_t> netc::getByteSize(llvm::ArrayRef<int64_t> shape, int64_t elementSize) {
  int64_t bytes = elementSize;
  for (int64_t dim : shape)
    if (dim < 0 || llvm::MulOverflow(bytes, dim, bytes))
      return std::nullopt;
  return bytes;
}

std::string netc::formatShape(llvm::ArrayRef<int64_t> shape) {
  return "[" +
         llvm::join(llvm::map_range(shape, [](int64_t dim) { return std::to_string(dim); }), ", ") +
         "]";
}
