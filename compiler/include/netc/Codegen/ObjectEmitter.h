//===- ObjectEmitter.h - LLVM dialect to object code -------------*- C++ -*-===//
#ifndef NETC_CODEGEN_OBJECTEMITTER_H
#define NETC_CODEGEN_OBJECTEMITTER_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace netc {

/// The machine to generate code for; empty fields mean the host.
struct TargetOptions {
  std::string triple;
  std::string cpu;      // e.g. "znver4"; "generic" for portable code
  std::string features; // e.g. "+avx2,-avx512f"
};

enum class OutputKind { Object, Assembly };

/// The width in bits of `target`'s vector registers for float arithmetic
/// (512 with AVX-512, 256 with AVX, 128 otherwise).
llvm::Expected<unsigned> vectorRegisterBits(const TargetOptions &target);

/// Fails unless LLVM's NVPTX backend knows the GPU architecture `chip`
/// ("sm_90"), naming the ones it knows.
llvm::Error checkGPUChip(llvm::StringRef chip);

/// Translates an LLVM-dialect module to LLVM IR, optimizes it at O2 for
/// `target` and emits an object file or assembly, in process, with one LLVM
/// TargetMachine.
llvm::Error emitMachineCode(mlir::ModuleOp module, const TargetOptions &target, OutputKind kind,
                            llvm::raw_pwrite_stream &os);

} // namespace netc

#endif // NETC_CODEGEN_OBJECTEMITTER_H
