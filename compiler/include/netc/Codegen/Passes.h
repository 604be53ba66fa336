//===- Passes.h - Passes that shape the compiled artifact --------*- C++ -*-===//
#ifndef NETC_CODEGEN_PASSES_H
#define NETC_CODEGEN_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace netc {

/// The run function's arena argument and size (net-plan-memory).
inline constexpr llvm::StringLiteral kArenaAttr = "net.arena";
inline constexpr llvm::StringLiteral kArenaBytesAttr = "net.arena_bytes";
/// On a GPU model's functions: their last argument is a CUDA stream
/// (net-gpu-launch-on-stream).
inline constexpr llvm::StringLiteral kStreamAttr = "net.stream";

#define GEN_PASS_DECL
#include "netc/Codegen/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "netc/Codegen/Passes.h.inc"

} // namespace netc

#endif // NETC_CODEGEN_PASSES_H
