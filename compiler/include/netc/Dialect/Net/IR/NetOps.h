//===- NetOps.h - Operations of the net dialect ------------------*- C++ -*-===//
#ifndef NETC_DIALECT_NET_IR_NETOPS_H
#define NETC_DIALECT_NET_IR_NETOPS_H

#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "netc/Dialect/Net/IR/NetOps.h.inc"

#endif // NETC_DIALECT_NET_IR_NETOPS_H
