//===- LoadedModel.h - A compiled model loaded into this process -*- C++ -*-===//
#ifndef NETC_COMPILER_LOADEDMODEL_H
#define NETC_COMPILER_LOADEDMODEL_H

#include "netc/Compiler/Compiler.h"
#include "netc/runtime.h"

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
  /// Runs one inference in this instance's arena: one thread at a time.
  void run(const float *input, float *output) {
    runEntry(input, tensors.data(), output, arena.get());
  }

  /// The kernels compileModel listed when asked to profile (else empty); the
  /// model times them into the KernelTimer active on the calling thread.
  const std::vector<ProfiledKernel> &kernels() const { return profiledKernels; }

private:
  using PrepareFn = void (*)(const float *const *params, float *const *prepared);
  using RunFn = void (*)(const float *input, const float *const *tensors, float *output,
                         void *arena);

  LoadedModel(std::unique_ptr<llvm::orc::LLJIT> jit, PrepareFn prepare, RunFn run,
              std::vector<Shape> preparedShapes, int64_t arenaBytes,
              std::vector<ProfiledKernel> kernels);

  std::unique_ptr<llvm::orc::LLJIT> jit;
  PrepareFn prepareEntry;
  RunFn runEntry;
  std::vector<Shape> preparedShapes;
  std::vector<ProfiledKernel> profiledKernels;
  struct Free {
    void operator()(void *memory) const { netc_free(memory); }
  };
  std::unique_ptr<void, Free> arena, prepared; // from netc_alloc
  std::vector<const float *> tensors; // parameters, then prepared tensors
};

} // namespace netc

#endif // NETC_COMPILER_LOADEDMODEL_H
