//===- NetDialect.h - The net dialect ----------------------------*- C++ -*-===//
#ifndef NETC_DIALECT_NET_IR_NETDIALECT_H
#define NETC_DIALECT_NET_IR_NETDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "netc/Dialect/Net/IR/NetDialect.h.inc"

namespace netc::net {
/// Argument attribute naming a model parameter ("layer1.0.conv1.weight").
inline constexpr llvm::StringLiteral kParamNameAttr = "net.name";
/// Function attribute marking the functions a compiled model exports:
/// "run" (the model) and "prepare" (see net-split-weight-preparation).
inline constexpr llvm::StringLiteral kEntryAttr = "net.entry";
/// Argument attribute of the run function: index of a prepared tensor.
inline constexpr llvm::StringLiteral kPreparedAttr = "net.prepared";
} // namespace netc::net

#endif // NETC_DIALECT_NET_IR_NETDIALECT_H
