//===- netc/runtime.hpp - C++ wrapper of the netc runtime --------*- C++ -*-===//
//
// Header-only, so that it is compiled with the user's exception settings: it
// turns statuses into netc::Error exceptions while the runtime library itself
// is built without exceptions.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_RUNTIME_HPP
#define NETC_RUNTIME_HPP

#include "netc/runtime.h"

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace netc {

/// A failed runtime call; what() is the status message.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Throws the error `status` holds, if any, and frees it.
inline void throwIfError(netc_status *status) {
  if (!status)
    return;
  std::string message = netc_status_message(status);
  netc_status_free(status);
  throw Error(message);
}

/// Threads used by inferences started from the calling thread; see
/// netc_set_threads in runtime.h.
inline void setThreads(int32_t count) { throwIfError(netc_set_threads(count)); }
inline int32_t threads() { return netc_get_threads(); }

/// Memory from netc_alloc, released when this goes.
class Memory {
public:
  Memory() = default;
  explicit Memory(size_t bytes) : memory(netc_alloc(bytes)) {
    if (!memory)
      throw Error("netc: out of memory allocating " + std::to_string(bytes) + " bytes");
  }
  void *get() const { return memory.get(); }

private:
  struct Free {
    void operator()(void *p) const { netc_free(p); }
  };
  std::unique_ptr<void, Free> memory;
};

/// Scratch memory of at least `bytes`, 64-byte aligned, owned by the calling
/// thread and reused by every inference it runs (it grows, never shrinks):
/// after a thread's first inference of a model, inferences allocate nothing.
inline void *threadArena(size_t bytes) {
  thread_local Memory arena;
  thread_local size_t capacity = 0;
  if (capacity < bytes) {
    arena = Memory(bytes);
    capacity = bytes;
  }
  return arena.get();
}

/// An opened safetensors file; see netc_weights_* in runtime.h.
class Weights {
public:
  static Weights open(const std::string &path) {
    netc_weights *weights = nullptr;
    throwIfError(netc_weights_open_file(path.c_str(), &weights));
    return Weights(weights);
  }

  /// `data` is not copied and must outlive the returned weights.
  static Weights fromBuffer(const void *data, size_t size) {
    netc_weights *weights = nullptr;
    throwIfError(netc_weights_open_buffer(data, size, &weights));
    return Weights(weights);
  }

  /// The float32 data of each expected tensor, valid while these weights live.
  std::vector<const float *> bind(const netc_tensor_info *expected, int32_t count) const {
    std::vector<const float *> pointers(count > 0 ? count : 0);
    throwIfError(netc_weights_bind(handle.get(), expected, count, pointers.data()));
    return pointers;
  }

  netc_weights *get() const { return handle.get(); }

private:
  struct Free {
    void operator()(netc_weights *weights) const { netc_weights_free(weights); }
  };

  explicit Weights(netc_weights *weights) : handle(weights) {}

  std::unique_ptr<netc_weights, Free> handle;
};

} // namespace netc

#endif // NETC_RUNTIME_HPP
