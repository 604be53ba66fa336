//===- Passes.h - Transformations of the net dialect -------------*- C++ -*-===//
#ifndef NETC_DIALECT_NET_TRANSFORMS_PASSES_H
#define NETC_DIALECT_NET_TRANSFORMS_PASSES_H

#include "netc/Dialect/Net/IR/NetDialect.h"
#include "mlir/Pass/Pass.h"

namespace netc::net {

#define GEN_PASS_DECL
#include "netc/Dialect/Net/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "netc/Dialect/Net/Transforms/Passes.h.inc"

} // namespace netc::net

#endif // NETC_DIALECT_NET_TRANSFORMS_PASSES_H
