//===- Compiler.h - From a checked model to machine code ---------*- C++ -*-===//
//
// The stages `netc compile` and `netc run` share, as a library: the driver
// only parses options and calls these.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_COMPILER_COMPILER_H
#define NETC_COMPILER_COMPILER_H

#include "netc/Codegen/ObjectEmitter.h"
#include "netc/Sema/Model.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace netc {

/// How far lowerModel goes.
enum class Stage { Net, Linalg, LLVM };

/// Builds the net module of `model` and lowers it to `stage`; at Stage::LLVM
/// the module exports `entryPoint` (see net-export-entry-point). Errors are
/// reported through the context at the model's .net locations.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
lowerModel(const Model &model, mlir::MLIRContext *context, Stage stage,
           llvm::StringRef entryPoint);

/// The exported symbol for `model`: its name and a hash of everything the
/// generated code depends on (`fingerprint`), so the same model compiled with
/// different options links into one program without clashes.
std::string entryPointName(const Model &model, llvm::StringRef fingerprint);

/// lowerModel to LLVM, then object code (or assembly) for `target`.
llvm::Expected<llvm::SmallVector<char, 0>> compileModel(const Model &model,
                                                       mlir::MLIRContext *context,
                                                       llvm::StringRef entryPoint,
                                                       const TargetOptions &target,
                                                       OutputKind kind);

} // namespace netc

#endif // NETC_COMPILER_COMPILER_H
