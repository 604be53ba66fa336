//===- Profile.cpp - Per-kernel timing of a model in this process ----------===//
#include "netc/Compiler/Profile.h"

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IRReader/IRReader.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <thread>

using namespace netc;
using Clock = std::chrono::steady_clock;

static thread_local KernelTimer *activeTimer = nullptr;
static thread_local Clock::time_point kernelStart;

void KernelTimer::begin(int32_t) { kernelStart = Clock::now(); }

void KernelTimer::end(int32_t id) {
  std::chrono::duration<double> elapsed = Clock::now() - kernelStart;
  if (activeTimer && id >= 0 && size_t(id) < activeTimer->seconds.size())
    activeTimer->seconds[id] += elapsed.count();
}

KernelTimer::Scope::Scope(KernelTimer &timer) : previous(activeTimer) { activeTimer = &timer; }
KernelTimer::Scope::~Scope() { activeTimer = previous; }

llvm::Error KernelTimer::defineHooks(llvm::orc::LLJIT &jit) {
  using namespace llvm::orc;
  SymbolMap hooks;
  hooks[jit.mangleAndIntern("netc_profile_begin")] = {ExecutorAddr::fromPtr(&KernelTimer::begin),
                                                     llvm::JITSymbolFlags::Exported};
  hooks[jit.mangleAndIntern("netc_profile_end")] = {ExecutorAddr::fromPtr(&KernelTimer::end),
                                                   llvm::JITSymbolFlags::Exported};
  return jit.getMainJITDylib().define(absoluteSymbols(std::move(hooks)));
}

/// `n` iterations of 16 independent FMA chains on <lanes x float>: enough
/// chains to fill every FMA pipe whatever its latency.
static std::string fmaLoopIR(unsigned lanes) {
  std::string vec = llvm::formatv("<{0} x float>", lanes).str();
  std::string ir = "declare " + vec + " @llvm.fma.v" + std::to_string(lanes) + "f32(" + vec +
                   ", " + vec + ", " + vec + ")\n";
  ir += "define void @fma_loop(i64 %n, ptr %out) {\nentry:\n  br label %loop\nloop:\n"
        "  %i = phi i64 [0, %entry], [%next, %loop]\n";
  for (int k = 0; k < 16; ++k)
    ir += llvm::formatv("  %a{0} = phi {1} [splat (float {2}.0), %entry], [%b{0}, %loop]\n", k,
                        vec, k + 1);
  for (int k = 0; k < 16; ++k)
    ir += llvm::formatv("  %b{0} = call {1} @llvm.fma.v{2}f32({1} %a{0}, {1} splat (float "
                        "0x3FEFFFFFE0000000), {1} splat (float 0x3EB0C6F7A0000000))\n",
                        k, vec, lanes);
  ir += "  %next = add i64 %i, 1\n  %done = icmp eq i64 %next, %n\n"
        "  br i1 %done, label %exit, label %loop\nexit:\n";
  // Every chain reaches the output, or the dead ones would be deleted.
  ir += llvm::formatv("  %s0 = fadd {0} %b0, %b1\n", vec);
  for (int k = 2; k < 16; ++k)
    ir += llvm::formatv("  %s{0} = fadd {1} %s{2}, %b{0}\n", k - 1, vec, k - 2);
  ir += "  store " + vec + " %s14, ptr %out, align 4\n  ret void\n}\n";
  return ir;
}

llvm::Expected<double> netc::measurePeakFlops(unsigned threads) {
  using namespace llvm::orc;
  llvm::Expected<unsigned> vectorBits = vectorRegisterBits(TargetOptions());
  if (!vectorBits)
    return vectorBits.takeError();
  unsigned lanes = *vectorBits / 32;
  auto host = JITTargetMachineBuilder::detectHost();
  if (!host)
    return host.takeError();
  auto jit = LLJITBuilder().setJITTargetMachineBuilder(std::move(*host)).create();
  if (!jit)
    return jit.takeError();
  auto context = std::make_unique<llvm::LLVMContext>();
  llvm::SMDiagnostic diagnostic;
  std::unique_ptr<llvm::Module> module =
      llvm::parseIR(llvm::MemoryBufferRef(fmaLoopIR(lanes), "fma_loop"), diagnostic, *context);
  if (!module)
    return llvm::createStringError("FMA loop: " + diagnostic.getMessage().str());
  if (llvm::Error error =
          (*jit)->addIRModule(ThreadSafeModule(std::move(module), std::move(context))))
    return std::move(error);
  auto symbol = (*jit)->lookup("fma_loop");
  if (!symbol)
    return symbol.takeError();
  auto loop = symbol->toPtr<void (*)(int64_t, float *)>();

  const int64_t iterations = 5'000'000;
  double best = 0;
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<std::vector<float>> outputs(threads, std::vector<float>(lanes));
    auto start = Clock::now();
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t)
      workers.emplace_back([&, t] { loop(iterations, outputs[t].data()); });
    for (std::thread &worker : workers)
      worker.join();
    std::chrono::duration<double> elapsed = Clock::now() - start;
    best = std::max(best, double(threads) * iterations * 16 * lanes * 2 / elapsed.count());
  }
  return best;
}
