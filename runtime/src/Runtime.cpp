//===- Runtime.cpp - C ABI of the netc runtime ----------------------------===//
#include "netc/runtime.h"

#include "Safetensors.h"
#include "Support.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Alignment.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SwapByteOrder.h"

#include <omp.h>
#include <sys/mman.h>

#include <cstdlib>

#include <memory>
#include <mutex>
#include <new>
#include <string>

using namespace netc;

/// Compiled kernels may use aligned vector loads on any weight.
static constexpr size_t kWeightAlignment = 64;

namespace {
struct AlignedDelete {
  void operator()(float *data) const {
    ::operator delete(data, std::align_val_t(kWeightAlignment));
  }
};
using AlignedFloats = std::unique_ptr<float[], AlignedDelete>;
} // namespace

struct netc_weights {
  netc_weights(std::unique_ptr<llvm::MemoryBuffer> file, SafetensorsIndex index)
      : file(std::move(file)), index(std::move(index)) {}

  std::unique_ptr<llvm::MemoryBuffer> file;
  SafetensorsIndex index;
  /// Converted or realigned copies by tensor name, shared by every bind so that
  /// a second instance of a model costs no memory.
  llvm::StringMap<AlignedFloats> copies;
  std::mutex copiesMutex;
};

netc_status *makeStatus(const llvm::Twine &message) { return new netc_status{message.str()}; }

const char *netc_status_message(const netc_status *status) {
  return status ? status->message.c_str() : "";
}

void netc_status_free(netc_status *status) { delete status; }

static netc_status *openWeights(std::unique_ptr<llvm::MemoryBuffer> file, netc_weights **out) {
  llvm::Expected<SafetensorsIndex> index = parseSafetensors(file->getMemBufferRef());
  if (!index)
    return makeStatus(llvm::toString(index.takeError()));
  *out = new netc_weights{std::move(file), std::move(*index)};
  return nullptr;
}

netc_status *netc_weights_open_file(const char *path, netc_weights **out) {
  if (!path || !out)
    return makeStatus("netc_weights_open_file: path and out must not be NULL");
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return makeStatus(llvm::Twine(path) + ": " + file.getError().message());
  return openWeights(std::move(*file), out);
}

netc_status *netc_weights_open_buffer(const void *data, size_t size, netc_weights **out) {
  if ((!data && size) || !out)
    return makeStatus("netc_weights_open_buffer: data and out must not be NULL");
  llvm::StringRef bytes(static_cast<const char *>(data), size);
  return openWeights(llvm::MemoryBuffer::getMemBuffer(bytes, "<memory buffer>",
                                                      /*RequiresNullTerminator=*/false),
                     out);
}

void netc_weights_free(netc_weights *weights) { delete weights; }

/// Why `tensor` cannot stand for `expected`, one line a problem.
static void describeMismatches(const netc_tensor_info &expected, const SafetensorsTensor &tensor,
                               llvm::SmallVectorImpl<std::string> &problems) {
  llvm::ArrayRef<int64_t> expectedShape(expected.shape, expected.rank);
  if (llvm::ArrayRef<int64_t>(tensor.shape) != expectedShape)
    problems.push_back(llvm::formatv("{0}: shape {1} in the file, {2} expected", expected.name,
                                     formatShape(tensor.shape), formatShape(expectedShape)));
  if (!tensor.dtype->floatFormat)
    problems.push_back(llvm::formatv("{0}: dtype {1} cannot be used; F32, F16 or BF16 expected",
                                     expected.name, tensor.dtype->name));
}

/// The float32 data of tensor `name`: in place when the file's bytes already
/// are aligned float32, otherwise a copy owned by `weights`. Null when there is
/// no memory for the copy. The caller holds `copiesMutex`.
static const float *getFloatData(netc_weights &weights, llvm::StringRef name,
                                 const SafetensorsTensor &tensor) {
  FloatFormat format = *tensor.dtype->floatFormat;
  const char *bytes = tensor.bytes.data();
  if (format == FloatFormat::F32 && llvm::sys::IsLittleEndianHost &&
      llvm::isAddrAligned(llvm::Align(kWeightAlignment), bytes))
    return reinterpret_cast<const float *>(bytes);

  auto [it, inserted] = weights.copies.try_emplace(name);
  if (inserted) {
    size_t count = tensor.bytes.size() / byteSize(format);
    it->second.reset(static_cast<float *>(
        ::operator new(count * sizeof(float), std::align_val_t(kWeightAlignment), std::nothrow)));
    if (!it->second) {
      weights.copies.erase(it);
      return nullptr;
    }
    decodeFloats(format, bytes, count, it->second.get());
  }
  return it->second.get();
}

netc_status *netc_weights_bind(netc_weights *weights, const netc_tensor_info *expected,
                               int32_t count, const float **pointers) {
  if (!weights || count < 0 || (count > 0 && (!expected || !pointers)))
    return makeStatus("netc_weights_bind: weights, expected and pointers must not be NULL and "
                      "count must not be negative");
  llvm::ArrayRef<netc_tensor_info> infos(expected, count);
  for (const netc_tensor_info &info : infos)
    if (!info.name || info.rank < 0 || (info.rank > 0 && !info.shape))
      return makeStatus(llvm::formatv("netc_weights_bind: expected tensor #{0} has no name or "
                                      "no valid shape",
                                      &info - expected));

  llvm::SmallVector<const SafetensorsTensor *> tensors;
  llvm::SmallVector<std::string> problems;
  for (const netc_tensor_info &info : infos) {
    auto it = weights->index.find(info.name);
    if (it == weights->index.end()) {
      problems.push_back(std::string(info.name) + ": missing from the file");
      continue;
    }
    describeMismatches(info, it->second, problems);
    tensors.push_back(&it->second);
  }
  llvm::StringRef fileName = weights->file->getBufferIdentifier();
  if (!problems.empty())
    return makeStatus(fileName + ": the weights do not match the model:\n" +
                      llvm::join(problems, "\n"));

  llvm::SmallVector<const float *> data;
  std::lock_guard<std::mutex> lock(weights->copiesMutex);
  for (auto [info, tensor] : llvm::zip(infos, tensors)) {
    data.push_back(getFloatData(*weights, info.name, *tensor));
    if (!data.back())
      return makeStatus(fileName + ": out of memory converting '" + info.name + "' to float32");
  }
  llvm::copy(data, pointers);
  return nullptr;
}

netc_status *netc_set_threads(int32_t count) {
  if (count < 1)
    return makeStatus(llvm::formatv("netc_set_threads: the thread count must be at least 1, not {0}",
                                    count));
  omp_set_num_threads(count);
  return nullptr;
}

int32_t netc_get_threads(void) { return omp_get_max_threads(); }

void *netc_alloc(size_t bytes) {
  // Huge pages are 2 MiB on x86-64; smaller blocks gain nothing from them.
  constexpr size_t hugePage = size_t(2) << 20;
  size_t alignment = bytes >= hugePage ? hugePage : 64;
  size_t size = (std::max<size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
  void *memory = std::aligned_alloc(alignment, size);
#ifdef MADV_HUGEPAGE
  if (memory && alignment == hugePage)
    (void)madvise(memory, size, MADV_HUGEPAGE); // advice only: fine if refused
#endif
  return memory;
}

void netc_free(void *memory) { std::free(memory); }
