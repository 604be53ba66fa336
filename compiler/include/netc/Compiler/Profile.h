//===- Profile.h - Per-kernel timing of a model in this process -*- C++ -*-===//
#ifndef NETC_COMPILER_PROFILE_H
#define NETC_COMPILER_PROFILE_H

#include "netc/Compiler/Compiler.h"

#include "llvm/ExecutionEngine/Orc/LLJIT.h"

namespace netc {

/// Accumulates the time of each kernel of a model compiled with `profile`,
/// through the netc_profile_begin/end calls it makes (kernels run one after
/// the other; each may use many threads inside).
class KernelTimer {
public:
  explicit KernelTimer(size_t kernels) : seconds(kernels, 0.0) {}

  /// Defines netc_profile_begin/end in `jit` to time into the timer that is
  /// active on the calling thread.
  static llvm::Error defineHooks(llvm::orc::LLJIT &jit);

  /// Makes this the timer of the calling thread while it lives.
  class Scope {
  public:
    explicit Scope(KernelTimer &timer);
    ~Scope();

  private:
    KernelTimer *previous;
  };

  const std::vector<double> &kernelSeconds() const { return seconds; }

private:
  /// The hooks the JIT'd code calls.
  static void begin(int32_t kernel);
  static void end(int32_t kernel);

  std::vector<double> seconds;
};

/// Floating-point operations per second this machine reaches with FMAs on
/// its widest vectors on `threads` threads, measured by a JIT-compiled loop.
llvm::Expected<double> measurePeakFlops(unsigned threads);

} // namespace netc

#endif // NETC_COMPILER_PROFILE_H
