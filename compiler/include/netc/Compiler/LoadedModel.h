//===- LoadedModel.h - A compiled model loaded into this process -*- C++ -*-===//
#ifndef NETC_COMPILER_LOADEDMODEL_H
#define NETC_COMPILER_LOADEDMODEL_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"

#include <memory>

namespace netc {

/// The object code of `netc compile`, linked into the running process with
/// LLVM's ORC JIT, so `netc run` executes exactly what `compile` writes.
class LoadedModel {
public:
  using EntryPoint = void (*)(const float *const *params, const float *input, float *output);

  static llvm::Expected<std::unique_ptr<LoadedModel>> load(llvm::SmallVector<char, 0> object,
                                                           llvm::StringRef entryPoint);

  void run(const float *const *params, const float *input, float *output) const {
    entry(params, input, output);
  }

private:
  LoadedModel(std::unique_ptr<llvm::orc::LLJIT> jit, EntryPoint entry)
      : jit(std::move(jit)), entry(entry) {}

  std::unique_ptr<llvm::orc::LLJIT> jit;
  EntryPoint entry;
};

} // namespace netc

#endif // NETC_COMPILER_LOADEDMODEL_H
