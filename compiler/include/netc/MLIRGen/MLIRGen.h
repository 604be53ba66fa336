//===- MLIRGen.h - Checked model to the net dialect --------------*- C++ -*-===//
#ifndef NETC_MLIRGEN_MLIRGEN_H
#define NETC_MLIRGEN_MLIRGEN_H

#include "netc/Sema/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace netc {

/// Builds a module with one func.func named after the model. Its arguments
/// are the input, then every parameter in state_dict order (each named by a
/// `net.name` argument attribute); its result is the output. Every op carries
/// the .net source location of its layer, named by the layer's path.
mlir::OwningOpRef<mlir::ModuleOp> buildNetModule(const Model &model, mlir::MLIRContext *context);

} // namespace netc

#endif // NETC_MLIRGEN_MLIRGEN_H
