// Two compilations of one model (batch 1 and batch 2, different namespaces)
// linked into one program; one instance run from two threads at once; errors
// reaching the caller as netc::Error.
#include "a/tiny.h"
#include "b/tiny.h"

#include <cmath>
#include <cstdio>
#include <thread>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  netc_models::tiny single(argv[1]);
  batched::tiny pair(argv[1]);
  std::printf("input [%lld, %lld, %lld, %lld] output [%lld, %lld] parameters %lld\n",
              (long long)single.input_shape[0], (long long)single.input_shape[1],
              (long long)single.input_shape[2], (long long)single.input_shape[3],
              (long long)single.output_shape[0], (long long)single.output_shape[1],
              (long long)single.parameters);

  std::vector<float> input(single.input_size), expected(single.output_size);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = std::sin(float(i));
  single.run(input.data(), expected.data());

  // The same instance from two threads at once gives the same numbers.
  std::vector<float> first(single.output_size), second(single.output_size);
  std::thread a([&] { for (int k = 0; k < 200; ++k) single.run(input.data(), first.data()); });
  std::thread b([&] { for (int k = 0; k < 200; ++k) single.run(input.data(), second.data()); });
  a.join();
  b.join();
  std::printf("threads agree: %s\n", first == expected && second == expected ? "yes" : "no");

  // The batch-2 compilation computes the same for both copies of the input.
  std::vector<float> twice(pair.input_size), both(pair.output_size);
  std::copy(input.begin(), input.end(), twice.begin());
  std::copy(input.begin(), input.end(), twice.begin() + input.size());
  pair.run(twice.data(), both.data());
  bool same = std::equal(expected.begin(), expected.end(), both.begin()) &&
              std::equal(expected.begin(), expected.end(), both.begin() + expected.size());
  std::printf("batch of two agrees: %s\n", same ? "yes" : "no");

  try {
    netc_models::tiny missing("/nonexistent/weights.safetensors");
  } catch (const netc::Error &error) {
    std::printf("error: %s\n", error.what());
  }
  return 0;
}
