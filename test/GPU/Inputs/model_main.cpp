// Runs a model compiled with --target cuda (its header given as NETC_MODEL_HEADER,
// its class as NETC_MODEL_CLASS) on the first GPU:
//
//   program WEIGHTS INPUT.npy OUTPUT.npy [REPEAT]
//
// writes the output of INPUT, then, with REPEAT, times REPEAT inferences on
// device memory (queued on a stream, then waited for; after a warm-up) and
// prints their median. Errors are printed as "error: ..." with exit status 1.
#include NETC_MODEL_HEADER
#include "netc/npy.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using Model = NETC_MODEL_CLASS;

static int fail(const std::string &message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5)
    return fail("usage: program WEIGHTS INPUT.npy OUTPUT.npy [REPEAT]");
  auto input = netc::readNpy(argv[2]);
  if (!input)
    return fail(llvm::toString(input.takeError()));
  if (int64_t(input->data.size()) != Model::input_size)
    return fail(std::string(argv[2]) + " does not have the model's input size");
  try {
    Model model(argv[1]);
    std::vector<float> output(Model::output_size);
    model.run(input->data.data(), output.data());
    std::vector<int64_t> shape(Model::output_shape.begin(), Model::output_shape.end());
    if (llvm::Error error = netc::writeNpy(argv[3], shape, output))
      return fail(llvm::toString(std::move(error)));
    int repeat = argc == 5 ? std::atoi(argv[4]) : 0;
    if (repeat <= 0)
      return 0;
    netc::cuda::Stream stream;
    netc::cuda::DeviceMemory in(Model::input_size * sizeof(float));
    netc::cuda::DeviceMemory out(Model::output_size * sizeof(float));
    stream.copyToDevice(in.get(), input->data.data(), Model::input_size * sizeof(float));
    for (int i = 0; i < 10; ++i)
      model.run(in.floats(), out.floats(), stream.get());
    stream.synchronize();
    std::vector<double> ms;
    for (int i = 0; i < repeat; ++i) {
      auto start = std::chrono::steady_clock::now();
      model.run(in.floats(), out.floats(), stream.get());
      stream.synchronize();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                             start)
                       .count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("median %.3f ms (min %.3f, max %.3f, %d runs)\n", ms[ms.size() / 2], ms.front(),
                ms.back(), repeat);
  } catch (const netc::Error &error) {
    return fail(error.what());
  }
  return 0;
}
