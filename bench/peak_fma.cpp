// peak_fma.cpp - the machine's peak fp32 FMA throughput, measured rather than
// assumed (clock, FMA width and pipe count differ between CPUs, and a VM may
// not say which CPU it runs on).
//
// Each thread keeps kAccumulators independent chains of vector FMAs in
// registers: more chains than FMA latency x FMA pipes, so the pipes never wait
// on a result, and no memory traffic. No kernel can go faster; the benchmark
// reports every system's GFLOP/s as a percentage of this.
//
//   peak_fma THREADS     prints: ISA THREADS GFLOP/s (best of several repetitions)
//
// Build with -O2 -march=native: AVX-512 where the CPU has it, else AVX2 + FMA.
#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#if defined(__AVX512F__)
using Vec = __m512;
static const char *const kIsa = "avx512";
static Vec splat(float v) { return _mm512_set1_ps(v); }
static Vec fma(Vec a, Vec b, Vec c) { return _mm512_fmadd_ps(a, b, c); }
static float sum(Vec v) { return _mm512_reduce_add_ps(v); }
#elif defined(__AVX2__) && defined(__FMA__)
using Vec = __m256;
static const char *const kIsa = "avx2";
static Vec splat(float v) { return _mm256_set1_ps(v); }
static Vec fma(Vec a, Vec b, Vec c) { return _mm256_fmadd_ps(a, b, c); }
static float sum(Vec v) {
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, v);
  float total = 0;
  for (float lane : lanes)
    total += lane;
  return total;
}
#else
#error "peak_fma needs AVX-512 or AVX2 with FMA (build with -march=native)"
#endif

// 12 chains cover latency x pipes up to 12 (4 x 2 on current x86 cores) and,
// with the two operands, fit in the 16 registers of AVX2.
constexpr int kAccumulators = 12;
constexpr long kIterations = 100'000'000;
constexpr int kRepetitions = 5;

// The operands are read from a volatile so that the compiler cannot evaluate
// the loop at compile time (clang does, with constants); the result depends on
// every accumulator so that the loop is not removed.
static volatile float operands[2] = {0.9999999f, 1e-7f};

static float spin() {
  const Vec a = splat(operands[0]), b = splat(operands[1]);
  Vec acc[kAccumulators];
  for (int i = 0; i < kAccumulators; ++i)
    acc[i] = splat(1.0f + i * 1e-3f);
  for (long n = 0; n < kIterations; ++n)
    for (int i = 0; i < kAccumulators; ++i)
      acc[i] = fma(acc[i], a, b);
  float total = 0;
  for (const Vec &v : acc)
    total += sum(v);
  return total;
}

int main(int argc, char **argv) {
  int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  if (threads < 1) {
    std::fprintf(stderr, "usage: %s THREADS\n", argv[0]);
    return 2;
  }
  double best = 0;
  float sink = 0;
  for (int r = 0; r < kRepetitions; ++r) {
    std::vector<float> results(threads);
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&results, t] { results[t] = spin(); });
    for (std::thread &thread : pool)
      thread.join();
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double flops = 2.0 * kAccumulators * (sizeof(Vec) / sizeof(float)) * kIterations * threads;
    best = std::max(best, flops / seconds / 1e9);
    for (float value : results)
      sink += value;
  }
  std::printf("%s %d %.1f\n", kIsa, threads, best);
  return sink == 42.0f; // never true; keeps the results observable
}
