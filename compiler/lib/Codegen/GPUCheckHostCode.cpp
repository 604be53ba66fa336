//===- GPUCheckHostCode.cpp - The net-gpu-check-host-code pass ------------===//
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUCHECKHOSTCODE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetGPUCheckHostCodePass
    : netc::impl::NetGPUCheckHostCodeBase<NetGPUCheckHostCodePass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func->hasAttr(netc::net::kEntryAttr))
        continue;
      WalkResult result = func.walk<WalkOrder::PreOrder>([](Operation *op) {
        if (!isa<LoopLikeOpInterface, memref::LoadOp, memref::StoreOp, linalg::LinalgOp>(op))
          return WalkResult::advance();
        op->emitError("left on the host by the mapping to GPU kernels, where it would read "
                      "device memory");
        return WalkResult::interrupt();
      });
      if (result.wasInterrupted())
        return signalPassFailure();
    }
  }
};

} // namespace
