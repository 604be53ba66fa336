//===- CudaTest.cpp - The CUDA runtime without a driver -------------------===//
//
// The driver is loaded once per process, so every test here sees the same
// missing one (NETC_LIBCUDA names a file that does not exist, set before the
// first call): each CUDA failure must come back as a status naming it.
//
//===----------------------------------------------------------------------===//
#include "netc/cuda.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <string>

extern "C" {
void *mgpuModuleLoad(void *binary, size_t size);
void *mgpuModuleGetFunction(void *module, const char *name);
void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                      intptr_t blockX, intptr_t blockY, intptr_t blockZ, int32_t sharedMemoryBytes,
                      void *stream, void **params, void **extra, size_t paramsCount);
}

namespace {

class CudaWithoutDriverTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() { setenv("NETC_LIBCUDA", "/nonexistent/libcuda.so.1", 1); }

  /// The message of `status`, which must be an error; frees it.
  static std::string message(netc_status *status) {
    EXPECT_NE(status, nullptr);
    std::string text = netc_status_message(status);
    netc_status_free(status);
    return text;
  }
};

TEST_F(CudaWithoutDriverTest, OpenSaysWhyThereIsNoGPU) {
  std::string text = message(netc_cuda_open(0, 9, 0));
  EXPECT_NE(text.find("cannot load the CUDA driver (/nonexistent/libcuda.so.1)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("this needs an NVIDIA GPU and its driver"), std::string::npos) << text;
}

TEST_F(CudaWithoutDriverTest, MemoryAndStreamsFailWithoutTouchingTheirOutput) {
  void *memory = reinterpret_cast<void *>(0x1);
  EXPECT_NE(message(netc_cuda_malloc(64, &memory)).find("cannot load the CUDA driver"),
            std::string::npos);
  EXPECT_EQ(memory, nullptr);
  void *stream = reinterpret_cast<void *>(0x1);
  EXPECT_NE(message(netc_cuda_stream_create(&stream)).find("cannot load the CUDA driver"),
            std::string::npos);
  EXPECT_EQ(stream, nullptr);
  netc_cuda_free(nullptr);
  netc_cuda_stream_destroy(nullptr);
}

TEST_F(CudaWithoutDriverTest, LaunchFailuresReachTheCallerOnce) {
  static const char binary[] = "not a module";
  netc_cuda_launches_begin();
  // What a compiled model does: the module is registered (nothing loaded),
  // then the function looked up, which fails, then the launch is skipped.
  void *module = mgpuModuleLoad(const_cast<char *>(binary), sizeof(binary));
  ASSERT_NE(module, nullptr);
  void *function = mgpuModuleGetFunction(module, "kernel");
  EXPECT_EQ(function, nullptr);
  mgpuLaunchKernel(function, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, nullptr, 0);
  EXPECT_NE(message(netc_cuda_launches_end()).find("cannot load the CUDA driver"),
            std::string::npos);
  // Reported, then forgotten.
  EXPECT_EQ(netc_cuda_launches_end(), nullptr);
  netc_cuda_launches_begin();
  EXPECT_EQ(netc_cuda_launches_end(), nullptr);
}

} // namespace
