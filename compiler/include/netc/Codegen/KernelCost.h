//===- KernelCost.h - Work and memory traffic of a kernel --------*- C++ -*-===//
#ifndef NETC_CODEGEN_KERNELCOST_H
#define NETC_CODEGEN_KERNELCOST_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace netc {

/// What one kernel computes and moves, for the per-kernel profile.
struct KernelCost {
  int64_t flops = 0;
  int64_t bytes = 0;
};

/// The floating-point operations of a statically shaped linalg op (the float
/// arith and math ops of its body, times its iterations; 2 per multiply-add)
/// and the bytes of its operands, each read or written once.
KernelCost linalgCost(mlir::linalg::LinalgOp op);

/// Attributes that keep a kernel's cost and op name on the loops a linalg op
/// was tiled into (net-cpu-tile-convolutions), for net-cpu-profile.
inline constexpr llvm::StringLiteral kKernelAttr = "net.kernel";
inline constexpr llvm::StringLiteral kFlopsAttr = "net.flops";
inline constexpr llvm::StringLiteral kBytesAttr = "net.bytes";

/// The module attribute net-cpu-profile lists the kernels in.
inline constexpr llvm::StringLiteral kProfileAttr = "net.profile";

/// Puts a kernel's op name and cost on `loop` under the attributes above.
void annotateKernel(mlir::Operation *loop, llvm::StringRef kind, KernelCost cost);

} // namespace netc

#endif // NETC_CODEGEN_KERNELCOST_H
