//===- NetToLinalg.h - net dialect to linalg on tensors ----------*- C++ -*-===//
#ifndef NETC_CONVERSION_NETTOLINALG_NETTOLINALG_H
#define NETC_CONVERSION_NETTOLINALG_NETTOLINALG_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace netc {

#define GEN_PASS_DECL_CONVERTNETTOLINALG
#include "netc/Conversion/Passes.h.inc"

/// Adds the patterns that lower every net op to linalg, tensor, arith and
/// math on tensors.
void populateNetToLinalgConversionPatterns(mlir::RewritePatternSet &patterns);

} // namespace netc

#endif // NETC_CONVERSION_NETTOLINALG_NETTOLINALG_H
