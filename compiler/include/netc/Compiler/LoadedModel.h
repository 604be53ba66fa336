//===- LoadedModel.h - A compiled model loaded into this process -*- C++ -*-===//
#ifndef NETC_COMPILER_LOADEDMODEL_H
#define NETC_COMPILER_LOADEDMODEL_H

#include "netc/Compiler/Compiler.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"

#include <memory>

namespace netc {

/// The object code of `netc compile`, linked into the running process with
/// LLVM's ORC JIT, so `netc run` executes exactly what `compile` writes.
class LoadedModel {
public:
  static llvm::Expected<std::unique_ptr<LoadedModel>> load(CompiledModel compiled,
                                                           llvm::StringRef prefix);

  /// Prepares the weights once (the model's prepare function); `params`
  /// must stay valid while the model runs.
  void bind(llvm::ArrayRef<const float *> params);
  void run(const float *input, float *output) const { runEntry(input, tensors.data(), output); }

private:
  using PrepareFn = void (*)(const float *const *params, float *const *prepared);
  using RunFn = void (*)(const float *input, const float *const *tensors, float *output);

  LoadedModel(std::unique_ptr<llvm::orc::LLJIT> jit, PrepareFn prepare, RunFn run,
              std::vector<Shape> preparedShapes)
      : jit(std::move(jit)), prepareEntry(prepare), runEntry(run),
        preparedShapes(std::move(preparedShapes)) {}

  std::unique_ptr<llvm::orc::LLJIT> jit;
  PrepareFn prepareEntry;
  RunFn runEntry;
  std::vector<Shape> preparedShapes;
  std::vector<std::vector<float>> prepared;
  std::vector<const float *> tensors; // parameters, then prepared tensors
};

} // namespace netc

#endif // NETC_COMPILER_LOADEDMODEL_H
