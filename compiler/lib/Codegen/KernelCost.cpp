//===- KernelCost.cpp - Work and memory traffic of a kernel ----------------===//
#include "netc/Codegen/KernelCost.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;

netc::KernelCost netc::linalgCost(linalg::LinalgOp op) {
  KernelCost cost;
  int64_t iterations = 1;
  for (int64_t range : op.getStaticLoopRanges())
    iterations *= ShapedType::isDynamic(range) ? 0 : range;
  int64_t perIteration = 0;
  op.getBlock()->walk([&](Operation *nested) {
    Dialect *dialect = nested->getDialect();
    bool arithmetic = isa_and_nonnull<arith::ArithDialect, math::MathDialect>(dialect);
    if (arithmetic && nested->getNumResults() == 1 &&
        isa<FloatType>(nested->getResult(0).getType()) && !isa<arith::ConstantOp>(nested))
      ++perIteration;
  });
  cost.flops = iterations * perIteration;
  for (OpOperand &operand : op->getOpOperands())
    if (auto type = dyn_cast<ShapedType>(operand.get().getType()); type && type.hasStaticShape())
      cost.bytes += type.getNumElements() * type.getElementTypeBitWidth() / 8;
  return cost;
}

void netc::annotateKernel(Operation *loop, StringRef kind, KernelCost cost) {
  Builder builder(loop->getContext());
  loop->setAttr(kKernelAttr, builder.getStringAttr(kind));
  loop->setAttr(kFlopsAttr, builder.getI64IntegerAttr(cost.flops));
  loop->setAttr(kBytesAttr, builder.getI64IntegerAttr(cost.bytes));
}
