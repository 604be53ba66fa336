// Classifies an image with ResNet-50 compiled by netc at build time
// (see CMakeLists.txt: netc_add_model), printing the top 5 classes and the
// latency of one inference.
//
//   classify WEIGHTS.safetensors IMAGE [LABELS.txt] [--repeat N]
#include "resnet50.h"
#include "netc/image.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numeric>
#include <string>
#include <vector>

using Model = netc_models::resnet50;

int main(int argc, char **argv) {
  std::vector<std::string> args;
  int repeat = 10;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else
      args.push_back(argv[i]);
  }
  if (args.size() < 2 || args.size() > 3) {
    std::fprintf(stderr, "usage: %s WEIGHTS.safetensors IMAGE [LABELS.txt] [--repeat N]\n",
                 argv[0]);
    return 2;
  }
  try {
    Model model(args[0]);
    auto input = netc::loadImageNetInput(args[1], Model::input_shape[2], Model::input_shape[3]);
    if (!input) {
      std::fprintf(stderr, "error: %s\n", llvm::toString(input.takeError()).c_str());
      return 1;
    }
    std::vector<std::string> labels;
    if (args.size() == 3) {
      std::ifstream file(args[2]);
      for (std::string line; std::getline(file, line);)
        labels.push_back(line);
    }

    std::vector<float> logits(Model::output_size);
    model.run(input->data(), logits.data()); // warm-up
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i) {
      auto start = std::chrono::steady_clock::now();
      model.run(input->data(), logits.data());
      times.push_back(std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());

    float max = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (float v : logits)
      sum += std::exp(double(v - max));
    std::vector<int> order(logits.size());
    std::iota(order.begin(), order.end(), 0);
    std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                      [&](int a, int b) { return logits[a] > logits[b]; });
    std::printf("top 5:\n");
    for (int k = 0; k < 5; ++k) {
      int c = order[k];
      std::printf("  %6.2f%%  class %4d  %s\n", 100.0 * std::exp(double(logits[c] - max)) / sum,
                  c, size_t(c) < labels.size() ? labels[c].c_str() : "");
    }
    std::printf("latency: median %.2f ms over %d runs (min %.2f ms)\n", times[times.size() / 2],
                repeat, times.front());
  } catch (const netc::Error &error) {
    std::fprintf(stderr, "error: %s\n", error.what());
    return 1;
  }
  return 0;
}
