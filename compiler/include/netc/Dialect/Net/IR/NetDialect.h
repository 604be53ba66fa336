//===- NetDialect.h - The net dialect ----------------------------*- C++ -*-===//
#ifndef NETC_DIALECT_NET_IR_NETDIALECT_H
#define NETC_DIALECT_NET_IR_NETDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"

#include "netc/Dialect/Net/IR/NetDialect.h.inc"

namespace netc::net {
/// Argument attribute naming a model parameter ("layer1.0.conv1.weight").
inline constexpr llvm::StringLiteral kParamNameAttr = "net.name";
} // namespace netc::net

#endif // NETC_DIALECT_NET_IR_NETDIALECT_H
