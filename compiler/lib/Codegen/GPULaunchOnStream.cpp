//===- GPULaunchOnStream.cpp - The net-gpu-launch-on-stream pass ----------===//
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace netc {
#define GEN_PASS_DEF_NETGPULAUNCHONSTREAM
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetGPULaunchOnStreamPass
    : netc::impl::NetGPULaunchOnStreamBase<NetGPULaunchOnStreamPass> {
  void runOnOperation() override {
    OpBuilder builder(&getContext());
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    for (auto func : getOperation().getOps<LLVM::LLVMFuncOp>()) {
      if (!func->hasAttr(netc::net::kEntryAttr) || func.isExternal())
        continue;
      LLVM::LLVMFunctionType type = func.getFunctionType();
      SmallVector<Type> params(type.getParams());
      params.push_back(ptr);
      func.setFunctionType(
          LLVM::LLVMFunctionType::get(type.getReturnType(), params, type.isVarArg()));
      if (ArrayAttr argAttrs = func.getArgAttrsAttr()) {
        SmallVector<Attribute> extended(argAttrs.begin(), argAttrs.end());
        extended.push_back(builder.getDictionaryAttr({}));
        func.setArgAttrsAttr(builder.getArrayAttr(extended));
      }
      Value stream = func.front().addArgument(ptr, func.getLoc());
      func->setAttr(netc::kStreamAttr, builder.getUnitAttr());
      WalkResult result = func.walk([&](gpu::LaunchFuncOp launch) {
        if (launch.getAsyncToken() || !launch.getAsyncDependencies().empty() ||
            launch.getAsyncObject()) {
          launch.emitError("expected a synchronous launch");
          return WalkResult::interrupt();
        }
        launch.getAsyncObjectMutable().assign(stream);
        return WalkResult::advance();
      });
      if (result.wasInterrupted())
        return signalPassFailure();
    }
  }
};

} // namespace
