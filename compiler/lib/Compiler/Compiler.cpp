//===- Compiler.cpp - From a checked model to machine code -----------------===//
#include "netc/Compiler/Compiler.h"
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"
#include "netc/MLIRGen/MLIRGen.h"
#include "netc/Pipelines/Pipelines.h"

#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

using namespace mlir;
using namespace netc;

/// The result shapes of the prepare function (net-split-weight-preparation).
static std::vector<Shape> preparedShapes(ModuleOp module) {
  std::vector<Shape> shapes;
  for (auto func : module.getOps<func::FuncOp>()) {
    auto entry = func->getAttrOfType<StringAttr>(net::kEntryAttr);
    if (!entry || entry.getValue() != "prepare")
      continue;
    for (Type type : func.getResultTypes()) {
      auto shape = cast<ShapedType>(type).getShape();
      shapes.emplace_back(shape.begin(), shape.end());
    }
  }
  return shapes;
}

FailureOr<LoweredModel> netc::lowerModel(const Model &model, MLIRContext *context, Stage stage,
                                         llvm::StringRef prefix) {
  LoweredModel lowered{buildNetModule(model, context), {}};
  ModuleOp module = *lowered.module;
  if (failed(verify(module)))
    return failure();
  if (stage == Stage::Net)
    return lowered;
  PassManager toLinalg(context);
  buildNetToLinalgPipeline(toLinalg);
  if (failed(toLinalg.run(module)))
    return failure();
  lowered.prepared = preparedShapes(module);
  if (stage == Stage::Linalg)
    return lowered;
  PassManager toLLVM(context);
  buildCPUCodegenPipeline(toLLVM);
  NetExportEntryPointOptions options;
  options.prefix = prefix.str();
  toLLVM.addPass(createNetExportEntryPoint(options));
  if (failed(toLLVM.run(module)))
    return failure();
  return lowered;
}

std::string netc::entryPointPrefix(const Model &model, llvm::StringRef fingerprint) {
  uint64_t hash = llvm::xxh3_64bits(fingerprint);
  return "netc_" + model.name + "_" + llvm::utohexstr(hash, /*LowerCase=*/true).substr(0, 12);
}

llvm::Expected<CompiledModel> netc::compileModel(const Model &model, MLIRContext *context,
                                                 llvm::StringRef prefix,
                                                 const TargetOptions &target, OutputKind kind) {
  auto lowered = lowerModel(model, context, Stage::LLVM, prefix);
  if (failed(lowered))
    return llvm::createStringError("lowering model '" + model.name + "' failed");
  CompiledModel compiled{{}, std::move(lowered->prepared)};
  llvm::raw_svector_ostream os(compiled.code);
  if (llvm::Error error = emitMachineCode(*lowered->module, target, kind, os))
    return std::move(error);
  return compiled;
}
