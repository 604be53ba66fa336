// Runs a model lowered for the CPU from `net-gpu-pipeline{stop-after=tiles}`
// (see gpu-tiles-on-cpu-*.test): prepares the weights into one block with the
// prepare arena, runs the input with the run arena, writes the output.
//
//   program WEIGHTS INPUT.npy OUTPUT.npy
//
// planned.h (from planned_layout.py) gives the tensors and sizes.
#include "netc/npy.h"
#include "netc/runtime.hpp"

#include <cstdio>

#include "planned.h"

extern "C" void planned_prepare(const float *const *params, float *const *prepared, void *arena);
extern "C" void planned_run(const float *input, const float *const *tensors, float *output,
                            void *arena);

int main(int argc, char **argv) {
  if (argc != 4)
    return 2;
  try {
    netc::Weights weights = netc::Weights::open(argv[1]);
    std::vector<const float *> tensors = weights.bind(kTensors, kNumTensors);
    netc::Memory prepared(kPreparedOffsets[kNumPrepared]), prepareArena(kPrepareArenaBytes),
        runArena(kRunArenaBytes);
    std::vector<float *> outputs;
    for (size_t i = 0; i < kNumPrepared; ++i)
      outputs.push_back(reinterpret_cast<float *>(static_cast<char *>(prepared.get()) +
                                                  kPreparedOffsets[i]));
    planned_prepare(tensors.data(), outputs.data(), prepareArena.get());
    tensors.insert(tensors.end(), outputs.begin(), outputs.end());

    auto input = netc::readNpy(argv[2]);
    if (!input || int64_t(input->data.size()) != kInputSize) {
      std::fprintf(stderr, "error: bad input\n");
      return 1;
    }
    std::vector<float> output(kOutputSize);
    planned_run(input->data.data(), tensors.data(), output.data(), runArena.get());
    std::vector<int64_t> shape(std::begin(kOutputShape), std::end(kOutputShape));
    if (llvm::Error error = netc::writeNpy(argv[3], shape, output)) {
      std::fprintf(stderr, "error: %s\n", llvm::toString(std::move(error)).c_str());
      return 1;
    }
  } catch (const netc::Error &error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
