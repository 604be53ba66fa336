//===- LoadedModel.cpp - A compiled model loaded into this process ---------===//
#include "netc/Compiler/LoadedModel.h"

#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/Support/SmallVectorMemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

using namespace netc;

llvm::Expected<std::unique_ptr<LoadedModel>>
LoadedModel::load(llvm::SmallVector<char, 0> object, llvm::StringRef entryPoint) {
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
  auto buffer = std::make_unique<llvm::SmallVectorMemoryBuffer>(std::move(object), "model.o",
                                                                /*RequiresNullTerminator=*/false);
  if (llvm::Error error = (*jit)->addObjectFile(std::move(buffer)))
    return std::move(error);
  auto address = (*jit)->lookup(entryPoint);
  if (!address)
    return address.takeError();
  return std::unique_ptr<LoadedModel>(
      new LoadedModel(std::move(*jit), address->toPtr<EntryPoint>()));
}
