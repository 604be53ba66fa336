//===- Cuda.cpp - The CUDA driver behind netc/cuda.h ----------------------===//
//
// The driver API is loaded with dlopen: its few types and entry points are
// declared here, so neither cuda.h nor libcuda is needed to build or link.
// The mgpu* functions at the end are what upstream MLIR's gpu-to-llvm
// lowering makes compiled models call; here they load each model's kernels
// once and record failures for netc_cuda_launches_end instead of printing.
//
//===----------------------------------------------------------------------===//
#include "netc/cuda.h"

#include "Support.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace {

using CUresult = int;
using CUdevice = int;
using CUdeviceptr = unsigned long long;
using CUcontext = struct CUctx_st *;
using CUmodule = struct CUmod_st *;
using CUfunction = struct CUfunc_st *;
using CUstream = struct CUstream_st *;

constexpr CUresult CUDA_SUCCESS = 0;
constexpr CUresult CUDA_ERROR_STUB_LIBRARY = 34;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
constexpr int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
constexpr unsigned CU_STREAM_NON_BLOCKING = 1;
constexpr int CU_JIT_OPTIMIZATION_LEVEL = 7;

/// The driver's entry points, loaded once.
struct Driver {
  CUresult (*cuInit)(unsigned);
  CUresult (*cuGetErrorName)(CUresult, const char **);
  CUresult (*cuGetErrorString)(CUresult, const char **);
  CUresult (*cuDeviceGetCount)(int *);
  CUresult (*cuDeviceGet)(CUdevice *, int);
  CUresult (*cuDeviceGetName)(char *, int, CUdevice);
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice);
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*cuCtxSetCurrent)(CUcontext);
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t);
  CUresult (*cuMemFree)(CUdeviceptr);
  CUresult (*cuMemcpyHtoDAsync)(CUdeviceptr, const void *, size_t, CUstream);
  CUresult (*cuMemcpyDtoHAsync)(void *, CUdeviceptr, size_t, CUstream);
  CUresult (*cuStreamCreate)(CUstream *, unsigned);
  CUresult (*cuStreamDestroy)(CUstream);
  CUresult (*cuStreamSynchronize)(CUstream);
  CUresult (*cuModuleLoadData)(CUmodule *, const void *);
  CUresult (*cuModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *, void **);
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned,
                             unsigned, unsigned, CUstream, void **, void **);
};

/// The kernels of one binary embedded in a compiled model: loaded into the
/// context on first launch, then kept.
struct KernelModule {
  const void *binary;
  bool isPTX;
  int optLevel;
  CUmodule module = nullptr;
  llvm::StringMap<CUfunction> functions;
};

/// The process-wide state: the driver, the context netc_cuda_open made, the
/// kernels loaded so far.
struct State {
  std::once_flag loaded;
  std::optional<Driver> driver;
  std::string loadError;
  std::mutex mutex; // guards modules
  /// Read on every launch, so not behind the mutex.
  std::atomic<CUcontext> context{nullptr};
  llvm::DenseMap<const void *, std::unique_ptr<KernelModule>> modules; // by binary
};


State &state() {
  static State instance;
  return instance;
}

template <typename T> bool lookup(void *library, const char *name, T &entry) {
  entry = reinterpret_cast<T>(dlsym(library, name));
  return entry != nullptr;
}

/// Loads the driver once; null, with the reason in `error`, if it cannot be.
const Driver *loadDriver(std::string &error) {
  State &s = state();
  std::call_once(s.loaded, [&s] {
    const char *path = std::getenv("NETC_LIBCUDA");
    if (!path || !*path)
      path = "libcuda.so.1";
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      s.loadError = std::string("cannot load the CUDA driver (") + path + "): " + dlerror() +
                    "; this needs an NVIDIA GPU and its driver";
      return;
    }
    Driver d;
    const char *missing = nullptr;
#define NETC_LOOKUP(field, symbol)                                                              \
  if (!missing && !lookup(library, symbol, d.field))                                            \
    missing = symbol;
    NETC_LOOKUP(cuInit, "cuInit")
    NETC_LOOKUP(cuGetErrorName, "cuGetErrorName")
    NETC_LOOKUP(cuGetErrorString, "cuGetErrorString")
    NETC_LOOKUP(cuDeviceGetCount, "cuDeviceGetCount")
    NETC_LOOKUP(cuDeviceGet, "cuDeviceGet")
    NETC_LOOKUP(cuDeviceGetName, "cuDeviceGetName")
    NETC_LOOKUP(cuDeviceGetAttribute, "cuDeviceGetAttribute")
    NETC_LOOKUP(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain")
    NETC_LOOKUP(cuCtxSetCurrent, "cuCtxSetCurrent")
    NETC_LOOKUP(cuMemAlloc, "cuMemAlloc_v2")
    NETC_LOOKUP(cuMemFree, "cuMemFree_v2")
    NETC_LOOKUP(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2")
    NETC_LOOKUP(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2")
    NETC_LOOKUP(cuStreamCreate, "cuStreamCreate")
    NETC_LOOKUP(cuStreamDestroy, "cuStreamDestroy_v2")
    NETC_LOOKUP(cuStreamSynchronize, "cuStreamSynchronize")
    NETC_LOOKUP(cuModuleLoadData, "cuModuleLoadData")
    NETC_LOOKUP(cuModuleLoadDataEx, "cuModuleLoadDataEx")
    NETC_LOOKUP(cuModuleGetFunction, "cuModuleGetFunction")
    NETC_LOOKUP(cuLaunchKernel, "cuLaunchKernel")
#undef NETC_LOOKUP
    if (missing) {
      s.loadError = std::string("the CUDA driver (") + path + ") lacks " + missing;
      dlclose(library);
      return;
    }
    s.driver = d;
  });
  if (!s.driver)
    error = s.loadError;
  return s.driver ? &*s.driver : nullptr;
}

/// "operation: CUDA_ERROR_NAME (description)".
std::string describe(const Driver &d, CUresult result, const llvm::Twine &operation) {
  const char *name = nullptr, *text = nullptr;
  std::string message = operation.str() + ": ";
  if (d.cuGetErrorName(result, &name) == CUDA_SUCCESS && name)
    message += name;
  else if (result == CUDA_ERROR_STUB_LIBRARY) // the stub cannot name its own error
    message += "CUDA_ERROR_STUB_LIBRARY (the toolkit's stub libcuda, not a driver)";
  else
    message += "CUDA error " + std::to_string(result);
  if (d.cuGetErrorString(result, &text) == CUDA_SUCCESS && text)
    message += std::string(" (") + text + ")";
  return message;
}

/// The driver, with the context current on this thread; or an error.
netc_status *ready(const Driver *&driver) {
  std::string error;
  driver = loadDriver(error);
  if (!driver)
    return makeStatus("netc: " + error);
  thread_local CUcontext current = nullptr;
  CUcontext context = state().context.load(std::memory_order_acquire);
  if (!context)
    return makeStatus("netc: no CUDA device is open (netc_cuda_open)");
  if (current != context) {
    if (CUresult r = driver->cuCtxSetCurrent(context))
      return makeStatus("netc: " + describe(*driver, r, "cuCtxSetCurrent"));
    current = context;
  }
  return nullptr;
}

/// The driver, to release what it made; null if it is not ready, when there
/// is nothing of it to release.
const Driver *releasing() {
  const Driver *d;
  if (netc_status *status = ready(d)) {
    netc_status_free(status);
    return nullptr;
  }
  return d;
}

netc_status *check(const Driver &d, CUresult result, const llvm::Twine &operation) {
  return result == CUDA_SUCCESS ? nullptr : makeStatus("netc: " + describe(d, result, operation));
}

/// The first launch failure on this thread since netc_cuda_launches_begin.
thread_local std::optional<std::string> launchError;

/// Records `status` as the launch failure unless one is pending; true if it
/// was an error.
bool recordLaunchError(netc_status *status) {
  if (!status)
    return false;
  if (!launchError)
    launchError = status->message;
  netc_status_free(status);
  return true;
}

} // namespace

//===----------------------------------------------------------------------===//
// netc/cuda.h
//===----------------------------------------------------------------------===//

netc_status *netc_cuda_open(int32_t device, int32_t major, int32_t minor) {
  std::string error;
  const Driver *d = loadDriver(error);
  if (!d)
    return makeStatus("netc: " + error);
  if (netc_status *status = check(*d, d->cuInit(0), "cuInit"))
    return status;
  int count = 0;
  if (netc_status *status = check(*d, d->cuDeviceGetCount(&count), "cuDeviceGetCount"))
    return status;
  if (device < 0 || device >= count)
    return makeStatus("netc: no CUDA device " + llvm::Twine(device) + " (this machine has " +
                      llvm::Twine(count) + ")");
  CUdevice handle;
  int deviceMajor = 0, deviceMinor = 0;
  char name[256] = "";
  if (netc_status *status = check(*d, d->cuDeviceGet(&handle, device), "cuDeviceGet"))
    return status;
  if (netc_status *status = check(*d, d->cuDeviceGetName(name, sizeof(name), handle),
                                  "cuDeviceGetName"))
    return status;
  if (netc_status *status = check(
          *d, d->cuDeviceGetAttribute(&deviceMajor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, handle),
          "cuDeviceGetAttribute"))
    return status;
  if (netc_status *status = check(
          *d, d->cuDeviceGetAttribute(&deviceMinor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, handle),
          "cuDeviceGetAttribute"))
    return status;
  if (deviceMajor * 10 + deviceMinor < major * 10 + minor)
    return makeStatus("netc: CUDA device " + llvm::Twine(device) + " (" + name + ") is sm_" +
                      llvm::Twine(deviceMajor * 10 + deviceMinor) +
                      "; the model was compiled for sm_" + llvm::Twine(major * 10 + minor) +
                      ": compile it with --target cuda:sm_" +
                      llvm::Twine(deviceMajor * 10 + deviceMinor));
  CUcontext context;
  if (netc_status *status =
          check(*d, d->cuDevicePrimaryCtxRetain(&context, handle), "cuDevicePrimaryCtxRetain"))
    return status;
  state().context.store(context, std::memory_order_release);
  return nullptr;
}

netc_status *netc_cuda_malloc(size_t bytes, void **out) {
  *out = nullptr;
  const Driver *d;
  if (netc_status *status = ready(d))
    return status;
  if (bytes == 0)
    return nullptr;
  CUdeviceptr pointer;
  if (netc_status *status = check(*d, d->cuMemAlloc(&pointer, bytes),
                                  "cuMemAlloc (" + llvm::Twine(bytes) + " bytes)"))
    return status;
  *out = reinterpret_cast<void *>(pointer);
  return nullptr;
}

void netc_cuda_free(void *device_memory) {
  if (const Driver *d = device_memory ? releasing() : nullptr)
    d->cuMemFree(reinterpret_cast<CUdeviceptr>(device_memory));
}

netc_status *netc_cuda_stream_create(void **out) {
  *out = nullptr;
  const Driver *d;
  if (netc_status *status = ready(d))
    return status;
  CUstream stream;
  if (netc_status *status =
          check(*d, d->cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate"))
    return status;
  *out = stream;
  return nullptr;
}

void netc_cuda_stream_destroy(void *stream) {
  if (const Driver *d = stream ? releasing() : nullptr)
    d->cuStreamDestroy(static_cast<CUstream>(stream));
}

netc_status *netc_cuda_stream_synchronize(void *stream) {
  const Driver *d;
  if (netc_status *status = ready(d))
    return status;
  return check(*d, d->cuStreamSynchronize(static_cast<CUstream>(stream)), "cuStreamSynchronize");
}

netc_status *netc_cuda_copy_to_device(void *device_dst, const void *host_src, size_t bytes,
                                      void *stream) {
  const Driver *d;
  if (netc_status *status = ready(d))
    return status;
  return check(*d,
               d->cuMemcpyHtoDAsync(reinterpret_cast<CUdeviceptr>(device_dst), host_src, bytes,
                                    static_cast<CUstream>(stream)),
               "cuMemcpyHtoDAsync (" + llvm::Twine(bytes) + " bytes)");
}

netc_status *netc_cuda_copy_to_host(void *host_dst, const void *device_src, size_t bytes,
                                    void *stream) {
  const Driver *d;
  if (netc_status *status = ready(d))
    return status;
  return check(*d,
               d->cuMemcpyDtoHAsync(host_dst, reinterpret_cast<CUdeviceptr>(device_src), bytes,
                                    static_cast<CUstream>(stream)),
               "cuMemcpyDtoHAsync (" + llvm::Twine(bytes) + " bytes)");
}

void netc_cuda_launches_begin(void) { launchError.reset(); }

netc_status *netc_cuda_launches_end(void) {
  std::optional<std::string> error = std::move(launchError);
  launchError.reset();
  return error ? makeStatus(*error) : nullptr;
}

//===----------------------------------------------------------------------===//
// What gpu-to-llvm's launches call (signatures of MLIR 22's SelectObjectAttr)
//===----------------------------------------------------------------------===//

/// The record of `binary`; nothing is loaded yet. Compiled models call this
/// from static constructors, before any device is open.
static KernelModule *registerModule(const void *binary, bool isPTX, int optLevel) {
  std::lock_guard<std::mutex> lock(state().mutex);
  std::unique_ptr<KernelModule> &record = state().modules[binary];
  if (!record)
    record.reset(new KernelModule{binary, isPTX, optLevel, nullptr, {}});
  return record.get();
}

extern "C" void *mgpuModuleLoad(void *binary, size_t /*size*/) {
  return registerModule(binary, /*isPTX=*/false, 0);
}

extern "C" void *mgpuModuleLoadJIT(void *ptx, int optLevel) {
  return registerModule(ptx, /*isPTX=*/true, optLevel);
}

/// Modules stay loaded while the process runs: models launch from them on
/// every inference.
extern "C" void mgpuModuleUnload(void *) {}

/// The function `name` of `handle`'s module, loading the module into the
/// current context first if needed; records failures.
extern "C" void *mgpuModuleGetFunction(void *handle, const char *name) {
  const Driver *d;
  if (launchError || recordLaunchError(ready(d)))
    return nullptr;
  auto *record = static_cast<KernelModule *>(handle);
  std::lock_guard<std::mutex> lock(state().mutex);
  if (!record->module) {
    CUresult result;
    if (record->isPTX) {
      int options[] = {CU_JIT_OPTIMIZATION_LEVEL};
      void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(record->optLevel))};
      result = d->cuModuleLoadDataEx(&record->module, record->binary, 1, options, values);
    } else {
      result = d->cuModuleLoadData(&record->module, record->binary);
    }
    if (recordLaunchError(check(*d, result,
                                llvm::Twine(record->isPTX ? "cuModuleLoadDataEx (compiling the "
                                                            "PTX of kernel "
                                                          : "cuModuleLoadData (kernel ") +
                                    name + ")"))) {
      record->module = nullptr;
      return nullptr;
    }
  }
  CUfunction &function = record->functions[name];
  if (!function &&
      recordLaunchError(check(*d, d->cuModuleGetFunction(&function, record->module, name),
                              llvm::Twine("cuModuleGetFunction (") + name + ")")))
    function = nullptr;
  return function;
}

extern "C" void mgpuLaunchKernel(void *function, intptr_t gridX, intptr_t gridY, intptr_t gridZ,
                                 intptr_t blockX, intptr_t blockY, intptr_t blockZ,
                                 int32_t sharedMemoryBytes, void *stream, void **params,
                                 void **extra, size_t /*paramsCount*/) {
  const Driver *d;
  if (!function || launchError || recordLaunchError(ready(d)))
    return;
  recordLaunchError(check(*d,
                          d->cuLaunchKernel(static_cast<CUfunction>(function), gridX, gridY, gridZ,
                                            blockX, blockY, blockZ, sharedMemoryBytes,
                                            static_cast<CUstream>(stream), params, extra),
                          "cuLaunchKernel (grid " + llvm::Twine(gridX) + "x" + llvm::Twine(gridY) +
                              "x" + llvm::Twine(gridZ) + ", block " + llvm::Twine(blockX) + "x" +
                              llvm::Twine(blockY) + "x" + llvm::Twine(blockZ) + ")"));
}
