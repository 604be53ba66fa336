// netc_bench.cpp - the netc side of the benchmark: one netc-compiled model in
// its own process, driven by bench/run.py through the same line protocol as
// the peers' workers (bench/systems.py), so that every system is loaded,
// checked and timed the same way.
//
//   netc_bench WEIGHTS.safetensors INPUT.f32 OUTPUT.f32
//
// Built once per model and batch against the header netc wrote:
//   -DNETC_HEADER='"resnet50.h"' -DNETC_MODEL=netc_models::resnet50
// INPUT and OUTPUT are raw little-endian float32 (input_size and output_size
// values), which keeps this program free of any .npy reader.
//
// Protocol: after loading, runs the model once on INPUT, writes OUTPUT and
// prints {"load_s": S} (the constructor's time: weights opened, checked and
// prepared). Then, for each stdin line "WARMUP_S SECONDS MIN_RUNS": untimed
// runs until WARMUP_S seconds have passed (at least one), then timed runs
// until SECONDS have passed and at least MIN_RUNS were done; prints their
// times in milliseconds on one line.
#include NETC_HEADER

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using Model = NETC_MODEL;
using Clock = std::chrono::steady_clock;

static std::vector<float> readFloats(const std::string &path, size_t count) {
  std::vector<float> data(count);
  std::ifstream file(path, std::ios::binary);
  if (!file.read(reinterpret_cast<char *>(data.data()), count * sizeof(float)))
    throw netc::Error(path + ": cannot read " + std::to_string(count) + " floats");
  return data;
}

static void writeFloats(const std::string &path, const std::vector<float> &data) {
  std::ofstream file(path, std::ios::binary);
  if (!file.write(reinterpret_cast<const char *>(data.data()), data.size() * sizeof(float)))
    throw netc::Error(path + ": cannot write");
}

static double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

int main(int argc, char **argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s WEIGHTS.safetensors INPUT.f32 OUTPUT.f32\n", argv[0]);
    return 2;
  }
  try {
    std::vector<float> input = readFloats(argv[2], Model::input_size);
    std::vector<float> output(Model::output_size);
    Clock::time_point start = Clock::now();
    const Model model(argv[1]);
    double load = secondsSince(start);
    model.run(input.data(), output.data());
    writeFloats(argv[3], output);
    std::cout << "{\"load_s\": " << load << "}" << std::endl;

    for (std::string line; std::getline(std::cin, line);) {
      std::istringstream request(line);
      double warmup = 0, seconds = 0;
      int minRuns = 0;
      request >> warmup >> seconds >> minRuns;
      Clock::time_point warmupStart = Clock::now();
      do
        model.run(input.data(), output.data());
      while (secondsSince(warmupStart) < warmup);
      std::ostringstream times;
      Clock::time_point begin = Clock::now();
      for (int runs = 0; runs < minRuns || secondsSince(begin) < seconds; ++runs) {
        Clock::time_point t = Clock::now();
        model.run(input.data(), output.data());
        times << (runs ? " " : "") << secondsSince(t) * 1e3;
      }
      std::cout << times.str() << std::endl;
    }
  } catch (const netc::Error &error) {
    std::fprintf(stderr, "netc_bench: error: %s\n", error.what());
    return 1;
  }
  return 0;
}
