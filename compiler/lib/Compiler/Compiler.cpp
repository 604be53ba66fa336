//===- Compiler.cpp - From a checked model to machine code -----------------===//
#include "netc/Compiler/Compiler.h"
#include "netc/Codegen/Passes.h"
#include "netc/MLIRGen/MLIRGen.h"
#include "netc/Pipelines/Pipelines.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;
using namespace netc;

FailureOr<OwningOpRef<ModuleOp>> netc::lowerModel(const Model &model, MLIRContext *context,
                                                  Stage stage, llvm::StringRef entryPoint) {
  OwningOpRef<ModuleOp> module = buildNetModule(model, context);
  if (failed(verify(*module)))
    return failure();
  PassManager pm(context);
  if (stage >= Stage::Linalg)
    buildNetToLinalgPipeline(pm);
  if (stage >= Stage::LLVM) {
    buildCPUCodegenPipeline(pm);
    NetExportEntryPointOptions options;
    options.symbol = entryPoint.str();
    pm.addPass(createNetExportEntryPoint(options));
  }
  if (failed(pm.run(*module)))
    return failure();
  return module;
}

std::string netc::entryPointName(const Model &model, llvm::StringRef fingerprint) {
  uint64_t hash = llvm::xxh3_64bits(fingerprint);
  return "netc_" + model.name + "_" + llvm::utohexstr(hash, /*LowerCase=*/true).substr(0, 12) +
         "_run";
}

llvm::Expected<llvm::SmallVector<char, 0>>
netc::compileModel(const Model &model, MLIRContext *context, llvm::StringRef entryPoint,
                   const TargetOptions &target, OutputKind kind) {
  auto module = lowerModel(model, context, Stage::LLVM, entryPoint);
  if (failed(module))
    return llvm::createStringError("lowering model '" + model.name + "' failed");
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateToOptimizedLLVMIR(**module, llvmContext, target);
  if (!llvmModule)
    return llvmModule.takeError();
  llvm::SmallVector<char, 0> buffer;
  llvm::raw_svector_ostream os(buffer);
  if (llvm::Error error = emitMachineCode(**llvmModule, target, kind, os))
    return std::move(error);
  return buffer;
}
