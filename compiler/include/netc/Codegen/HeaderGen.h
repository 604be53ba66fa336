//===- HeaderGen.h - The C++ header of a compiled model ----------*- C++ -*-===//
#ifndef NETC_CODEGEN_HEADERGEN_H
#define NETC_CODEGEN_HEADERGEN_H

#include "netc/Sema/Model.h"
#include "llvm/Support/raw_ostream.h"

namespace netc {

/// Where the tensors of `shapes` lie in the one block that holds them all:
/// each at a 64-byte-aligned byte offset; the block's size last.
std::vector<int64_t> preparedOffsets(llvm::ArrayRef<Shape> shapes);

/// What the header of a compiled model declares besides the model itself.
struct HeaderOptions {
  std::string prefix;          // of the entry points
  std::vector<Shape> prepared; // shapes of the prepare function's results
  int64_t arenaBytes = 0;
  int64_t prepareArenaBytes = 0; // GPU only
  std::string gpuChip;           // "sm_90" for the CUDA target; empty for the CPU
  std::string source;            // the .net file, for the comment
  std::string cppNamespace;
};

/// Writes `<model>.h`: class `<cppNamespace>::<model>` with the model's shapes
/// and sizes as constexpr members, construction from a safetensors file or
/// buffer (validated by the runtime, then prepared once with
/// `<prefix>_prepare`), and `run(input, output)` calling `<prefix>_run`. For
/// the CPU, scratch memory is the calling thread's or the caller's; for CUDA,
/// the weights go to the device at construction, where the instance keeps
/// its arena, and a second `run` takes device pointers and a stream.
void writeModelHeader(const Model &model, const HeaderOptions &options, llvm::raw_ostream &os);

} // namespace netc

#endif // NETC_CODEGEN_HEADERGEN_H
