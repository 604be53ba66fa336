//===- HeaderGen.h - The C++ header of a compiled model ----------*- C++ -*-===//
#ifndef NETC_CODEGEN_HEADERGEN_H
#define NETC_CODEGEN_HEADERGEN_H

#include "netc/Sema/Model.h"
#include "llvm/Support/raw_ostream.h"

namespace netc {

/// Where the prepared tensors of `shapes` lie in the one block that holds
/// them all: each at a 64-byte-aligned byte offset; the block's size last.
std::vector<int64_t> preparedOffsets(llvm::ArrayRef<Shape> shapes);

/// Writes `<model>.h`: class `<cppNamespace>::<model>` with the model's shapes
/// and sizes as constexpr members, construction from a safetensors file or
/// buffer (validated by the runtime, then prepared once with
/// `<prefix>_prepare` into tensors of `prepared` shapes), and
/// `run(input, output)` calling `<prefix>_run` with `arenaBytes` of scratch.
void writeModelHeader(const Model &model, llvm::StringRef prefix,
                      llvm::ArrayRef<Shape> prepared, int64_t arenaBytes,
                      llvm::StringRef source,
                      llvm::StringRef cppNamespace, llvm::raw_ostream &os);

} // namespace netc

#endif // NETC_CODEGEN_HEADERGEN_H
