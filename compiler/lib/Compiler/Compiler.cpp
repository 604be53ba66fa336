//===- Compiler.cpp - From a checked model to machine code -----------------===//
#include "netc/Compiler/Compiler.h"
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"
#include "netc/MLIRGen/MLIRGen.h"
#include "netc/Pipelines/Pipelines.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
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

/// The arena size net-plan-memory put on the function of `role` (which keeps
/// its attributes through the lowering to LLVM).
static int64_t arenaBytes(ModuleOp module, llvm::StringRef role) {
  for (Operation &op : *module.getBody()) {
    auto entry = op.getAttrOfType<StringAttr>(net::kEntryAttr);
    auto bytes = op.getAttrOfType<IntegerAttr>(kArenaBytesAttr);
    if (entry && bytes && entry.getValue() == role)
      return bytes.getInt();
  }
  return 0;
}

/// The kernels net-cpu-profile listed, in id order.
static std::vector<ProfiledKernel> profiledKernels(ModuleOp module) {
  std::vector<ProfiledKernel> kernels;
  auto list = module->getAttrOfType<ArrayAttr>(kProfileAttr);
  if (!list)
    return kernels;
  for (auto kernel : list.getAsRange<DictionaryAttr>())
    kernels.push_back({kernel.getAs<StringAttr>("name").str(),
                       kernel.getAs<StringAttr>("kind").str(),
                       kernel.getAs<IntegerAttr>("flops").getInt(),
                       kernel.getAs<IntegerAttr>("bytes").getInt()});
  return kernels;
}

FailureOr<LoweredModel> netc::lowerModel(const Model &model, MLIRContext *context, Stage stage,
                                         llvm::StringRef prefix, const CodegenOptions &options) {
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
  PassManager codegen(context);
  if (options.gpu) {
    GPUPipelineOptions gpu;
    gpu.chip = options.gpu->chip;
    gpu.toolkit = options.gpu->toolkit;
    gpu.stopAfter = stage == Stage::GPU ? "kernels" : "";
    buildGPUCodegenPipeline(codegen, gpu);
  } else {
    CPUPipelineOptions cpu;
    cpu.vectorBits = options.vectorBits;
    cpu.profile = options.profile;
    buildCPUCodegenPipeline(codegen, cpu);
  }
  if (failed(codegen.run(module)))
    return failure();
  lowered.arenaBytes = arenaBytes(module, "run");
  lowered.prepareArenaBytes = arenaBytes(module, "prepare");
  if (stage == Stage::GPU)
    return lowered;
  // Last, as it makes the functions anonymous internals of the entry points.
  PassManager exportPass(context);
  NetExportEntryPointOptions exported;
  exported.prefix = prefix.str();
  exportPass.addPass(createNetExportEntryPoint(exported));
  if (failed(exportPass.run(module)))
    return failure();
  return lowered;
}

std::string netc::entryPointPrefix(const Model &model, llvm::StringRef fingerprint) {
  uint64_t hash = llvm::xxh3_64bits(fingerprint);
  return "netc_" + model.name + "_" + llvm::utohexstr(hash, /*LowerCase=*/true).substr(0, 12);
}

llvm::Expected<CompiledModel> netc::compileModel(const Model &model, MLIRContext *context,
                                                 llvm::StringRef prefix,
                                                 const TargetOptions &target, OutputKind kind,
                                                 CodegenOptions options) {
  if (!options.gpu) {
    llvm::Expected<unsigned> vectorBits = vectorRegisterBits(target);
    if (!vectorBits)
      return vectorBits.takeError();
    options.vectorBits = *vectorBits;
  }
  auto lowered = lowerModel(model, context, Stage::LLVM, prefix, options);
  if (failed(lowered))
    return llvm::createStringError("lowering model '" + model.name + "' failed");
  CompiledModel compiled{{},
                         std::move(lowered->prepared),
                         lowered->arenaBytes,
                         lowered->prepareArenaBytes,
                         profiledKernels(*lowered->module)};
  llvm::raw_svector_ostream os(compiled.code);
  if (llvm::Error error = emitMachineCode(*lowered->module, target, kind, os))
    return std::move(error);
  return compiled;
}

std::string netc::kernelAssembly(ModuleOp module) {
  std::string ptx;
  for (auto binary : module.getOps<gpu::BinaryOp>())
    for (auto object : binary.getObjectsAttr().getAsRange<gpu::ObjectAttr>())
      if (object.getFormat() == gpu::CompilationTarget::Assembly)
        ptx += object.getObject().getValue().rtrim('\0').str();
  return ptx;
}
