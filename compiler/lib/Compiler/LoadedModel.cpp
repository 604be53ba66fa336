//===- LoadedModel.cpp - A compiled model loaded into this process ---------===//
#include "netc/Compiler/LoadedModel.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
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
                                                      std::move(compiled.prepared)));
}

void LoadedModel::bind(llvm::ArrayRef<const float *> params) {
  prepared.clear();
  std::vector<float *> outputs;
  for (const Shape &shape : preparedShapes) {
    prepared.emplace_back(numElements(shape));
    outputs.push_back(prepared.back().data());
  }
  prepareEntry(params.data(), outputs.data());
  tensors.assign(params.begin(), params.end());
  tensors.insert(tensors.end(), outputs.begin(), outputs.end());
}
