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

/// A model lowered to some stage, and the shapes of the tensors its prepare
/// function computes from the weights once (known from Stage::Linalg on).
struct LoweredModel {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<Shape> prepared;
};

/// Builds the net module of `model` and lowers it to `stage`; at Stage::LLVM
/// the module exports `<prefix>_run` and `<prefix>_prepare` (see
/// net-export-entry-point). Errors are reported through the context at the
/// model's .net locations.
mlir::FailureOr<LoweredModel> lowerModel(const Model &model, mlir::MLIRContext *context,
                                         Stage stage, llvm::StringRef prefix);

/// The prefix of `model`'s exported symbols: its name and a hash of
/// everything the generated code depends on (`fingerprint`), so the same
/// model compiled with different options links into one program.
std::string entryPointPrefix(const Model &model, llvm::StringRef fingerprint);

/// Machine code of a model, and what calling it needs besides the weights.
struct CompiledModel {
  llvm::SmallVector<char, 0> code;
  std::vector<Shape> prepared;
};

/// lowerModel to LLVM, then object code (or assembly) for `target`.
llvm::Expected<CompiledModel> compileModel(const Model &model, mlir::MLIRContext *context,
                                           llvm::StringRef prefix, const TargetOptions &target,
                                           OutputKind kind);

} // namespace netc

#endif // NETC_COMPILER_COMPILER_H
