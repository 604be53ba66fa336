//===- LoadedModel.cpp - A compiled model loaded into this process ---------===//
#include "netc/Compiler/LoadedModel.h"
#include "netc/Codegen/HeaderGen.h"
#include "netc/Compiler/Profile.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/Alignment.h"
#include "llvm/Support/TargetSelect.h"

using namespace netc;

llvm::Expected<std::unique_ptr<LoadedModel>> LoadedModel::load(CompiledModel compiled,
                                                               llvm::StringRef prefix) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  // The compiled code calls malloc, free, memcpy and libm from this process.
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  (*jit)->getMainJITDylib().addGenerator(std::move(*process));
  if (!compiled.kernels.empty())
    if (llvm::Error error = KernelTimer::defineHooks(**jit))
      return std::move(error);
  auto buffer = std::make_unique<llvm::SmallVectorMemoryBuffer>(
      std::move(compiled.code), "model.o", /*RequiresNullTerminator=*/false);
  if (llvm::Error error = (*jit)->addObjectFile(std::move(buffer)))
    return std::move(error);
  auto prepare = (*jit)->lookup((prefix + "_prepare").str());
  if (!prepare)
    return prepare.takeError();
  auto run = (*jit)->lookup((prefix + "_run").str());
  if (!run)
    return run.takeError();
  return std::unique_ptr<LoadedModel>(new LoadedModel(std::move(*jit), prepare->toPtr<PrepareFn>(),
                                                      run->toPtr<RunFn>(),
                                                      std::move(compiled.prepared),
                                                      compiled.arenaBytes,
                                                      std::move(compiled.kernels)));
}

LoadedModel::LoadedModel(std::unique_ptr<llvm::orc::LLJIT> jit, PrepareFn prepare, RunFn run,
                         std::vector<Shape> preparedShapes, int64_t arenaBytes,
                         std::vector<ProfiledKernel> kernels)
    : jit(std::move(jit)), prepareEntry(prepare), runEntry(run),
      preparedShapes(std::move(preparedShapes)), profiledKernels(std::move(kernels)),
      arena(netc_alloc(arenaBytes)) {}

void LoadedModel::bind(llvm::ArrayRef<const float *> params) {
  std::vector<int64_t> offsets = preparedOffsets(preparedShapes);
  prepared.reset(netc_alloc(offsets.back()));
  std::vector<float *> outputs;
  for (int64_t offset : llvm::ArrayRef(offsets).drop_back())
    outputs.push_back(reinterpret_cast<float *>(static_cast<char *>(prepared.get()) + offset));
  prepareEntry(params.data(), outputs.data());
  tensors.assign(params.begin(), params.end());
  tensors.insert(tensors.end(), outputs.begin(), outputs.end());
}
