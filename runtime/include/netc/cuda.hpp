//===- netc/cuda.hpp - C++ wrapper of the netc CUDA runtime ------*- C++ -*-===//
//
// Header-only like runtime.hpp: CUDA failures become netc::Error exceptions.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_CUDA_HPP
#define NETC_CUDA_HPP

#include "netc/cuda.h"
#include "netc/runtime.hpp"

namespace netc::cuda {

/// See netc_cuda_open.
inline void open(int32_t device, int32_t major, int32_t minor) {
  throwIfError(netc_cuda_open(device, major, minor));
}

/// Device memory, released when this goes.
class DeviceMemory {
public:
  DeviceMemory() = default;
  explicit DeviceMemory(size_t bytes) {
    void *pointer = nullptr;
    throwIfError(netc_cuda_malloc(bytes, &pointer));
    memory.reset(pointer);
  }
  void *get() const { return memory.get(); }
  float *floats(int64_t byteOffset = 0) const {
    return reinterpret_cast<float *>(static_cast<char *>(memory.get()) + byteOffset);
  }

private:
  struct Free {
    void operator()(void *p) const { netc_cuda_free(p); }
  };
  std::unique_ptr<void, Free> memory;
};

/// A stream of its own, destroyed when this goes.
class Stream {
public:
  Stream() {
    void *created = nullptr;
    throwIfError(netc_cuda_stream_create(&created));
    stream.reset(created);
  }
  void *get() const { return stream.get(); }
  void synchronize() const { throwIfError(netc_cuda_stream_synchronize(get())); }
  void copyToDevice(void *device, const void *host, size_t bytes) const {
    throwIfError(netc_cuda_copy_to_device(device, host, bytes, get()));
  }
  void copyToHost(void *host, const void *device, size_t bytes) const {
    throwIfError(netc_cuda_copy_to_host(host, device, bytes, get()));
  }

private:
  struct Destroy {
    void operator()(void *s) const { netc_cuda_stream_destroy(s); }
  };
  std::unique_ptr<void, Destroy> stream;
};

/// Runs `launch` (a compiled model's entry point) and throws the first
/// failure of its kernel launches.
template <typename Launch> void launchChecked(Launch &&launch) {
  netc_cuda_launches_begin();
  launch();
  throwIfError(netc_cuda_launches_end());
}

} // namespace netc::cuda

#endif // NETC_CUDA_HPP
