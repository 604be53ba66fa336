//===- GPUMergeKernelModules.cpp - The net-gpu-merge-kernel-modules pass --===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUMERGEKERNELMODULES
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetGPUMergeKernelModulesPass
    : netc::impl::NetGPUMergeKernelModulesBase<NetGPUMergeKernelModulesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<gpu::GPUModuleOp> kernelModules(module.getOps<gpu::GPUModuleOp>());
    if (kernelModules.size() < 2)
      return;
    OpBuilder builder(kernelModules.front());
    auto merged = gpu::GPUModuleOp::create(builder, module.getLoc(), "kernels");
    SymbolTable mergedSymbols(merged);
    // Each kernel takes its module's name, unique in the model, and moves.
    llvm::StringMap<StringAttr> renamed; // "module::kernel" -> new name
    for (gpu::GPUModuleOp kernelModule : kernelModules) {
      for (Operation &op : llvm::make_early_inc_range(kernelModule.getBody()->without_terminator())) {
        auto func = dyn_cast<gpu::GPUFuncOp>(op);
        if (!func) {
          op.emitError("expected only kernels in an outlined GPU module");
          return signalPassFailure();
        }
        std::string key = (kernelModule.getName() + "::" + func.getName()).str();
        func->moveBefore(merged.getBody(), merged.getBody()->end());
        renamed[key] = mergedSymbols.insert(func); // renames on a clash
        if (func.getName() != kernelModule.getName() &&
            !mergedSymbols.lookup(kernelModule.getName())) {
          (void)mergedSymbols.rename(func, kernelModule.getNameAttr());
          renamed[key] = kernelModule.getNameAttr();
        }
      }
    }
    WalkResult result = module.walk([&](gpu::LaunchFuncOp launch) {
      std::string key =
          (launch.getKernelModuleName().getValue() + "::" + launch.getKernelName().getValue()).str();
      auto it = renamed.find(key);
      if (it == renamed.end()) {
        launch.emitError("launches a kernel outside the outlined modules");
        return WalkResult::interrupt();
      }
      launch.setKernelAttr(SymbolRefAttr::get(merged.getNameAttr(),
                                              {FlatSymbolRefAttr::get(it->second)}));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      return signalPassFailure();
    for (gpu::GPUModuleOp kernelModule : kernelModules)
      kernelModule.erase();
  }
};

} // namespace
