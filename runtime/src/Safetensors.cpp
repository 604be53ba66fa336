//===- Safetensors.cpp - Reading and validating safetensors files ---------===//
//
// Everything a later read relies on is checked here, once, so that binding
// weights only has to compare names, shapes and dtypes with the model's.
//
//===----------------------------------------------------------------------===//
#include "Safetensors.h"
#include "Support.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"

#include <tuple>

using namespace netc;
using llvm::formatv;
using llvm::StringRef;
using llvm::Twine;

/// A longer header means a corrupt file, or not a safetensors file at all (the
/// reference implementation rejects headers over 100 MB).
static constexpr uint64_t kMaxHeaderLength = uint64_t(100) << 20;

static constexpr SafetensorsDType kDTypes[] = {
    {"BOOL", 1},
    {"U8", 1},
    {"I8", 1},
    {"I16", 2},
    {"U16", 2},
    {"F16", 2, FloatFormat::F16},
    {"BF16", 2, FloatFormat::BF16},
    {"I32", 4},
    {"U32", 4},
    {"F32", 4, FloatFormat::F32},
    {"F64", 8},
    {"I64", 8},
    {"U64", 8},
    {"F8_E4M3", 1},
    {"F8_E5M2", 1},
};

static const SafetensorsDType *lookupDType(StringRef name) {
  const auto *it =
      llvm::find_if(kDTypes, [&](const SafetensorsDType &dtype) { return dtype.name == name; });
  return it == std::end(kDTypes) ? nullptr : it;
}

/// The elements of a JSON array of non-negative integers; nullopt for anything else.
static std::optional<llvm::SmallVector<int64_t, 4>>
getNonNegativeIntegers(const llvm::json::Value &value) {
  const llvm::json::Array *array = value.getAsArray();
  if (!array)
    return std::nullopt;
  llvm::SmallVector<int64_t, 4> integers;
  for (const llvm::json::Value &element : *array) {
    std::optional<int64_t> integer = element.getAsInteger();
    if (!integer || *integer < 0)
      return std::nullopt;
    integers.push_back(*integer);
  }
  return integers;
}

/// Validates the entry of tensor `name` and finds its bytes in `data`.
static llvm::Expected<SafetensorsTensor>
parseTensor(StringRef file, StringRef name, const llvm::json::Value &value, StringRef data) {
  auto error = [&](const Twine &message) {
    return fileError(file, "tensor '" + name + "': " + message);
  };
  const llvm::json::Object *entry = value.getAsObject();
  if (!entry)
    return error("entry is not an object");
  for (StringRef key : {"dtype", "shape", "data_offsets"})
    if (!entry->get(key))
      return error("missing '" + key + "'");

  std::optional<StringRef> dtypeName = entry->getString("dtype");
  if (!dtypeName)
    return error("'dtype' is not a string");
  const SafetensorsDType *dtype = lookupDType(*dtypeName);
  if (!dtype)
    return error("unknown dtype '" + *dtypeName + "'");

  std::optional<llvm::SmallVector<int64_t, 4>> shape = getNonNegativeIntegers(*entry->get("shape"));
  if (!shape)
    return error("'shape' is not an array of non-negative integers");

  std::optional<llvm::SmallVector<int64_t, 4>> offsets =
      getNonNegativeIntegers(*entry->get("data_offsets"));
  if (!offsets || offsets->size() != 2)
    return error("'data_offsets' is not a pair [begin, end] of non-negative integers");
  int64_t begin = (*offsets)[0], end = (*offsets)[1];
  if (end < begin)
    return error(formatv("data_offsets end {0} is before begin {1}", end, begin));
  if (end > int64_t(data.size()))
    return error(formatv("data_offsets end {0} is beyond the {1}-byte data region; is the "
                         "file truncated?",
                         end, data.size()));

  std::optional<int64_t> expectedBytes = getByteSize(*shape, dtype->bytes);
  if (!expectedBytes)
    return error("shape " + formatShape(*shape) + " is too large");
  if (*expectedBytes != end - begin)
    return error(formatv("data_offsets [{0}, {1}) hold {2} bytes, but shape {3} of {4} needs {5}",
                         begin, end, end - begin, formatShape(*shape), dtype->name,
                         *expectedBytes));

  return SafetensorsTensor{dtype, std::move(*shape), data.slice(begin, end)};
}

/// Tensors must not share bytes; empty tensors occupy none.
static llvm::Error checkNoOverlap(StringRef file, StringRef data, const SafetensorsIndex &index) {
  struct Placement {
    StringRef name;
    size_t begin, end;
  };
  llvm::SmallVector<Placement> placements;
  for (const auto &[name, tensor] : index) {
    size_t begin = tensor.bytes.data() - data.data();
    if (!tensor.bytes.empty())
      placements.push_back({name, begin, begin + tensor.bytes.size()});
  }
  llvm::sort(placements, [](const Placement &a, const Placement &b) {
    return std::tie(a.begin, a.name) < std::tie(b.begin, b.name);
  });
  for (auto [previous, next] : llvm::zip(placements, llvm::drop_begin(placements)))
    if (next.begin < previous.end)
      return fileError(file, formatv("tensors '{0}' [{1}, {2}) and '{3}' [{4}, {5}) overlap",
                                     previous.name, previous.begin, previous.end, next.name,
                                     next.begin, next.end));
  return llvm::Error::success();
}

llvm::Expected<SafetensorsIndex> netc::parseSafetensors(llvm::MemoryBufferRef file) {
  StringRef fileName = file.getBufferIdentifier();
  StringRef contents = file.getBuffer();
  constexpr size_t lengthBytes = sizeof(uint64_t);
  if (contents.size() < lengthBytes)
    return fileError(fileName, formatv("{0} bytes is too short for a safetensors file, which "
                                       "starts with an {1}-byte header length",
                                       contents.size(), lengthBytes));
  uint64_t headerLength = llvm::support::endian::read64le(contents.data());
  if (headerLength > kMaxHeaderLength)
    return fileError(fileName, formatv("header length {0} is over the limit of {1} bytes; is "
                                       "this a safetensors file?",
                                       headerLength, kMaxHeaderLength));
  StringRef afterLength = contents.drop_front(lengthBytes);
  if (headerLength > afterLength.size())
    return fileError(fileName, formatv("header length {0} exceeds the {1} bytes that follow it; "
                                       "is the file truncated?",
                                       headerLength, afterLength.size()));
  StringRef data = afterLength.drop_front(headerLength);

  llvm::Expected<llvm::json::Value> header =
      llvm::json::parse(afterLength.take_front(headerLength));
  if (!header)
    return fileError(fileName, "header is not valid JSON: " + llvm::toString(header.takeError()));
  const llvm::json::Object *entries = header->getAsObject();
  if (!entries)
    return fileError(fileName, "header is not a JSON object");

  SafetensorsIndex index;
  for (const auto &[key, value] : *entries) {
    if (key == "__metadata__") {
      const llvm::json::Object *metadata = value.getAsObject();
      if (!metadata || !llvm::all_of(*metadata, [](const auto &member) {
            return member.second.getAsString().has_value();
          }))
        return fileError(fileName, "'__metadata__' is not an object of strings");
      continue;
    }
    llvm::Expected<SafetensorsTensor> tensor = parseTensor(fileName, key, value, data);
    if (!tensor)
      return tensor.takeError();
    index.try_emplace(key, std::move(*tensor));
  }
  if (llvm::Error error = checkNoOverlap(fileName, data, index))
    return std::move(error);
  return std::move(index);
}
