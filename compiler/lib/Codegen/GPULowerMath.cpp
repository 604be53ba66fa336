//===- GPULowerMath.cpp - The net-gpu-lower-math pass ---------------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace netc {
#define GEN_PASS_DEF_NETGPULOWERMATH
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// An f32 math op as the NVVM intrinsic `intrinsic` (one PTX instruction).
template <typename MathOp>
struct ToNVVMIntrinsic : OpRewritePattern<MathOp> {
  ToNVVMIntrinsic(MLIRContext *context, StringRef intrinsic)
      : OpRewritePattern<MathOp>(context), intrinsic(intrinsic) {}

  LogicalResult matchAndRewrite(MathOp op, PatternRewriter &rewriter) const override {
    if (!op.getType().isF32())
      return failure();
    rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
        op, op.getType(), rewriter.getStringAttr(intrinsic), op->getOperands());
    return success();
  }

  std::string intrinsic;
};

struct NetGPULowerMathPass : netc::impl::NetGPULowerMathBase<NetGPULowerMathPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ToNVVMIntrinsic<math::SqrtOp>>(&getContext(), "llvm.nvvm.sqrt.rn.f");
    patterns.add<ToNVVMIntrinsic<math::FloorOp>>(&getContext(), "llvm.nvvm.floor.f");
    patterns.add<ToNVVMIntrinsic<math::FmaOp>>(&getContext(), "llvm.nvvm.fma.rn.f");
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // Anything else would become a call into libdevice, which netc does not
    // link (a toolkit is optional): say which op instead of failing in ptxas.
    WalkResult result = getOperation().walk([](Operation *op) {
      if (!isa<math::MathDialect>(op->getDialect()))
        return WalkResult::advance();
      op->emitError("no NVVM lowering for this operation in a GPU kernel");
      return WalkResult::interrupt();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
