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

/// How far lowerModel goes (GPU: kernels outlined, for the CUDA target only).
enum class Stage { Net, Linalg, GPU, LLVM };

/// The NVIDIA GPU a model is compiled for (`--target cuda[:sm_XX]`).
struct GPUTarget {
  std::string chip = "sm_90";
  /// CUDA toolkit whose ptxas assembles the kernels; empty: they stay PTX,
  /// compiled by the driver when the model is created.
  std::string toolkit;
};

/// What code generation is asked for besides the model.
struct CodegenOptions {
  /// CPU: register tiles follow the target's vector width (vectorRegisterBits).
  unsigned vectorBits = 512;
  /// CPU: time every kernel (net-cpu-profile).
  bool profile = false;
  /// Set for the CUDA target.
  std::optional<GPUTarget> gpu;
};

/// A model lowered to some stage, and the shapes of the tensors its prepare
/// function computes from the weights once (known from Stage::Linalg on).
struct LoweredModel {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<Shape> prepared;
  /// Scratch memory one inference needs (net-plan-memory; Stage::LLVM), and
  /// for the GPU the preparation too (on the CPU it allocates its own).
  int64_t arenaBytes = 0;
  int64_t prepareArenaBytes = 0;
};

/// Builds the net module of `model` and lowers it to `stage`; at Stage::LLVM
/// the module exports `<prefix>_run` and `<prefix>_prepare` (see
/// net-export-entry-point). Errors are reported through the context at the
/// model's .net locations.
mlir::FailureOr<LoweredModel> lowerModel(const Model &model, mlir::MLIRContext *context,
                                         Stage stage, llvm::StringRef prefix,
                                         const CodegenOptions &options = {});

/// The prefix of `model`'s exported symbols: its name and a hash of
/// everything the generated code depends on (`fingerprint`), so the same
/// model compiled with different options links into one program.
std::string entryPointPrefix(const Model &model, llvm::StringRef fingerprint);

/// A kernel of a model compiled with `profile`: the layer it computes, its
/// op, floating-point operations and bytes read and written per inference.
struct ProfiledKernel {
  std::string name;
  std::string kind;
  int64_t flops;
  int64_t bytes;
};

/// Machine code of a model, and what calling it needs besides the weights.
struct CompiledModel {
  llvm::SmallVector<char, 0> code;
  std::vector<Shape> prepared;
  int64_t arenaBytes = 0;
  int64_t prepareArenaBytes = 0;
  /// With `profile`: the kernels, by the id netc_profile_begin/end receive.
  std::vector<ProfiledKernel> kernels;
};

/// lowerModel to LLVM, then object code (or assembly) for the host `target`;
/// for the CPU, options.vectorBits is `target`'s.
llvm::Expected<CompiledModel> compileModel(const Model &model, mlir::MLIRContext *context,
                                           llvm::StringRef prefix, const TargetOptions &target,
                                           OutputKind kind, CodegenOptions options = {});

/// The PTX of every kernel of a module lowered for the GPU without a toolkit.
std::string kernelAssembly(mlir::ModuleOp module);

} // namespace netc

#endif // NETC_COMPILER_COMPILER_H
