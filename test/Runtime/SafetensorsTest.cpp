//===- SafetensorsTest.cpp - Opening and binding safetensors weights ------===//
#include "TestSupport.h"

#include "netc/runtime.h"
#include "netc/runtime.hpp"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <vector>

using namespace netc;
using llvm::StringRef;

// Defined in CHeader.c.
extern "C" const char *netcStatusMessageFromC(const netc_status *status);

namespace {

//===----------------------------------------------------------------------===//
// A test-only safetensors writer
//===----------------------------------------------------------------------===//

/// Bytes of F16 or BF16 values given by their bit patterns.
std::string bits16Bytes(llvm::ArrayRef<uint16_t> values) {
  std::string bytes(values.size() * sizeof(uint16_t), '\0');
  for (size_t i = 0; i < values.size(); ++i)
    llvm::support::endian::write16le(&bytes[i * 2], values[i]);
  return bytes;
}

/// A safetensors file with the JSON `header` followed by `data`.
std::string withHeader(StringRef header, StringRef data = "") {
  std::string file(sizeof(uint64_t), '\0');
  llvm::support::endian::write64le(file.data(), header.size());
  return file + header.str() + data.str();
}

struct TestTensor {
  std::string name;
  std::string dtype;
  std::vector<int64_t> shape;
  std::string bytes;
};

/// A well-formed file holding `tensors` back to back, as torch would save them.
std::string safetensors(llvm::ArrayRef<TestTensor> tensors) {
  llvm::json::Object header{{"__metadata__", llvm::json::Object{{"format", "pt"}}}};
  std::string data;
  for (const TestTensor &tensor : tensors) {
    header[tensor.name] = llvm::json::Object{
        {"dtype", tensor.dtype},
        {"shape", tensor.shape},
        {"data_offsets", llvm::json::Array{data.size(), data.size() + tensor.bytes.size()}}};
    data += tensor.bytes;
  }
  return withHeader(llvm::formatv("{0}", llvm::json::Value(std::move(header))).str(), data);
}

/// A copy of a safetensors file whose data region starts `misalignment` bytes
/// past a 64-byte boundary.
struct PlacedFile {
  PlacedFile(StringRef file, size_t misalignment) : storage(file.size() + 128) {
    size_t dataOffset = sizeof(uint64_t) + llvm::support::endian::read64le(file.data());
    auto base = reinterpret_cast<uintptr_t>(storage.data());
    start =
        storage.data() + (llvm::alignTo(base + dataOffset, 64) - base - dataOffset) + misalignment;
    std::memcpy(start, file.data(), file.size());
    size = file.size();
    dataRegion = start + dataOffset;
  }

  std::vector<char> storage;
  char *start;
  size_t size;
  const char *dataRegion;
};

/// Names each case of a parameterised test after its `testName`.
template <typename Case> std::string testNameOf(const ::testing::TestParamInfo<Case> &info) {
  return info.param.testName;
}

const int64_t kShape2x3[] = {2, 3};
const std::vector<float> kValues2x3 = {1, 2, 3, 4, 5, 6};

//===----------------------------------------------------------------------===//
// Opening: every malformed file is rejected with a message naming it
//===----------------------------------------------------------------------===//

class OpenTest : public TempDirTest {
protected:
  void SetUp() override {
    TempDirTest::SetUp();
    file = path("model.safetensors");
  }

  /// The message opening `contents` as `file` fails with.
  std::string openError(StringRef contents) {
    writeFile("model.safetensors", contents);
    netc_weights *weights = nullptr;
    netc_status *status = netc_weights_open_file(file.c_str(), &weights);
    EXPECT_NE(status, nullptr) << "the file was accepted";
    EXPECT_EQ(weights, nullptr);
    std::string message = netc_status_message(status);
    netc_status_free(status);
    netc_weights_free(weights);
    return message;
  }

  /// The message for a file with one tensor 'w' described by `entry`, over 8 bytes of data.
  std::string entryError(StringRef entry) {
    return openError(withHeader(("{\"w\": " + entry + "}").str(), std::string(8, '\0')));
  }

  std::string file;
};

TEST_F(OpenTest, MissingFile) {
  netc_weights *weights = nullptr;
  netc_status *status = netc_weights_open_file(file.c_str(), &weights);
  EXPECT_EQ(netc_status_message(status), file + ": No such file or directory");
  netc_status_free(status);
}

TEST_F(OpenTest, FileShorterThanHeaderLength) {
  EXPECT_EQ(openError("abc"), file + ": 3 bytes is too short for a safetensors file, which "
                                     "starts with an 8-byte header length");
}

TEST_F(OpenTest, HeaderLengthBeyondEndOfFile) {
  std::string truncated = withHeader(R"({"w": 1})").substr(0, 11);
  EXPECT_EQ(openError(truncated),
            file + ": header length 8 exceeds the 3 bytes that follow it; is the file truncated?");
}

TEST_F(OpenTest, AbsurdHeaderLength) {
  std::string bytes(16, ' ');
  llvm::support::endian::write64le(bytes.data(), uint64_t(1) << 40);
  EXPECT_EQ(openError(bytes), file + ": header length 1099511627776 is over the limit of "
                                     "104857600 bytes; is this a safetensors file?");
}

TEST_F(OpenTest, HeaderNotJson) {
  std::string message = openError(withHeader("{\"w\": "));
  EXPECT_TRUE(StringRef(message).starts_with(file + ": header is not valid JSON: ")) << message;
  EXPECT_TRUE(StringRef(message).contains("Unexpected EOF")) << message;
}

TEST_F(OpenTest, HeaderNotObject) {
  EXPECT_EQ(openError(withHeader("[]")), file + ": header is not a JSON object");
}

TEST_F(OpenTest, MetadataNotStrings) {
  EXPECT_EQ(openError(withHeader(R"({"__metadata__": {"format": 1}})")),
            file + ": '__metadata__' is not an object of strings");
}

/// A tensor entry that is rejected, and the message that says why.
struct MalformedEntry {
  const char *testName;
  const char *json;
  const char *message;
};

const MalformedEntry kMalformedEntries[] = {
    {"EntryNotObject", "[]", "entry is not an object"},
    {"MissingField", R"({"dtype": "F32", "shape": [2]})", "missing 'data_offsets'"},
    {"DTypeNotString", R"({"dtype": 4, "shape": [2], "data_offsets": [0, 8]})",
     "'dtype' is not a string"},
    {"NegativeDimension", R"({"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]})",
     "'shape' is not an array of non-negative integers"},
    {"DataOffsetsNotPair", R"({"dtype": "F32", "shape": [2], "data_offsets": [0, 4, 8]})",
     "'data_offsets' is not a pair [begin, end] of non-negative integers"},
    {"UnknownDType", R"({"dtype": "F128", "shape": [2], "data_offsets": [0, 8]})",
     "unknown dtype 'F128'"},
    {"EndBeforeBegin", R"({"dtype": "F32", "shape": [2], "data_offsets": [8, 0]})",
     "data_offsets end 0 is before begin 8"},
    {"EndBeyondDataRegion", R"({"dtype": "F32", "shape": [4], "data_offsets": [0, 16]})",
     "data_offsets end 16 is beyond the 8-byte data region; is the file truncated?"},
    {"SizeDisagreesWithShape", R"({"dtype": "F32", "shape": [3], "data_offsets": [0, 8]})",
     "data_offsets [0, 8) hold 8 bytes, but shape [3] of F32 needs 12"},
    {"ShapeSizeOverflows",
     R"({"dtype": "F32", "shape": [4294967296, 4294967296], "data_offsets": [0, 8]})",
     "shape [4294967296, 4294967296] is too large"},
};

class MalformedEntryTest : public OpenTest, public ::testing::WithParamInterface<MalformedEntry> {};

TEST_P(MalformedEntryTest, IsRejected) {
  EXPECT_EQ(entryError(GetParam().json), file + ": tensor 'w': " + GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(OpenTest, MalformedEntryTest, ::testing::ValuesIn(kMalformedEntries),
                         testNameOf<MalformedEntry>);

TEST_F(OpenTest, OverlappingTensors) {
  std::string header = R"({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                           "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}})";
  EXPECT_EQ(openError(withHeader(header, std::string(12, '\0'))),
            file + ": tensors 'a' [0, 8) and 'b' [4, 12) overlap");
}

TEST_F(OpenTest, EmptyTensorsOccupyNoBytes) {
  std::string header = R"({"a": {"dtype": "F32", "shape": [0], "data_offsets": [4, 4]},
                           "b": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}})";
  std::string bytes = withHeader(header, std::string(8, '\0'));
  netc_weights *weights = nullptr;
  netc_status *status = netc_weights_open_buffer(bytes.data(), bytes.size(), &weights);
  EXPECT_EQ(status, nullptr) << netc_status_message(status);
  netc_status_free(status);
  netc_weights_free(weights);
}

TEST(CHeaderTest, IsUsableFromC) { EXPECT_STREQ(netcStatusMessageFromC(nullptr), ""); }

TEST_F(OpenTest, WrapperThrowsTheMessage) {
  try {
    Weights::open(file);
    FAIL() << "opened a missing file";
  } catch (const Error &error) {
    EXPECT_EQ(error.what(), file + ": No such file or directory");
  }
}

//===----------------------------------------------------------------------===//
// Binding: the tensors a model expects
//===----------------------------------------------------------------------===//

/// The message binding `expected` against the file `bytes` fails with.
std::string bindError(const std::string &bytes, llvm::ArrayRef<netc_tensor_info> expected) {
  try {
    Weights::fromBuffer(bytes.data(), bytes.size()).bind(expected.data(), expected.size());
  } catch (const Error &error) {
    return error.what();
  }
  ADD_FAILURE() << "the weights were bound";
  return "";
}

/// The float32 values bound for a file holding only `tensor`.
std::vector<float> bindValues(const TestTensor &tensor) {
  std::string bytes = safetensors({tensor});
  Weights weights = Weights::fromBuffer(bytes.data(), bytes.size());
  netc_tensor_info expected[] = {
      {tensor.name.c_str(), int32_t(tensor.shape.size()), tensor.shape.data()}};
  const float *data = weights.bind(expected, 1)[0];
  return std::vector<float>(data, data + llvm::product_of(tensor.shape));
}

TEST(BindTest, GoodFileBinds) {
  EXPECT_EQ(bindValues({"fc.weight", "F32", {2, 3}, f32Bytes(kValues2x3)}), kValues2x3);
}

TEST(BindTest, UnusedTensorsAreIgnored) {
  std::string bytes = safetensors({{"bn1.num_batches_tracked", "I64", {}, std::string(8, '\0')},
                                   {"fc.weight", "F32", {2, 3}, f32Bytes(kValues2x3)},
                                   {"aux1.fc.bias", "F32", {1}, f32Bytes({0})}});
  Weights weights = Weights::fromBuffer(bytes.data(), bytes.size());
  netc_tensor_info expected[] = {{"fc.weight", 2, kShape2x3}};
  EXPECT_EQ(weights.bind(expected, 1).size(), 1u);
}

/// A tensor of the file that cannot stand for the one the model expects, and
/// the problem reported.
struct Mismatch {
  const char *testName;
  TestTensor inFile;
  netc_tensor_info expected;
  const char *problem;
};

const int64_t kShape64x64x3x3[] = {64, 64, 3, 3};
const Mismatch kMismatches[] = {
    {"MissingTensor",
     {"fc.weight", "F32", {2, 3}, f32Bytes(kValues2x3)},
     {"fc.bias", 2, kShape2x3},
     "fc.bias: missing from the file"},
    {"ShapeMismatch",
     {"layer1.0.conv1.weight", "F16", {64, 64, 1, 1}, std::string(64 * 64 * 2, '\0')},
     {"layer1.0.conv1.weight", 4, kShape64x64x3x3},
     "layer1.0.conv1.weight: shape [64, 64, 1, 1] in the file, [64, 64, 3, 3] expected"},
    {"UnusableDType",
     {"fc.weight", "I32", {2, 3}, std::string(6 * 4, '\0')},
     {"fc.weight", 2, kShape2x3},
     "fc.weight: dtype I32 cannot be used; F32, F16 or BF16 expected"},
};

class MismatchTest : public ::testing::TestWithParam<Mismatch> {};

TEST_P(MismatchTest, IsReported) {
  EXPECT_EQ(bindError(safetensors({GetParam().inFile}), {GetParam().expected}),
            std::string("<memory buffer>: the weights do not match the model:\n") +
                GetParam().problem);
}

INSTANTIATE_TEST_SUITE_P(BindTest, MismatchTest, ::testing::ValuesIn(kMismatches),
                         testNameOf<Mismatch>);

TEST(BindTest, EveryProblemIsListed) {
  std::string bytes = safetensors(
      {{"a", "F32", {6}, f32Bytes(kValues2x3)}, {"b", "U8", {2, 3}, std::string(6, '\0')}});
  EXPECT_EQ(bindError(bytes, {{"a", 2, kShape2x3}, {"b", 2, kShape2x3}, {"c", 2, kShape2x3}}),
            "<memory buffer>: the weights do not match the model:\n"
            "a: shape [6] in the file, [2, 3] expected\n"
            "b: dtype U8 cannot be used; F32, F16 or BF16 expected\n"
            "c: missing from the file");
}

TEST(BindTest, FailureLeavesPointersUntouched) {
  std::string bytes = safetensors({{"a", "F32", {2, 3}, f32Bytes(kValues2x3)}});
  netc_weights *weights = nullptr;
  ASSERT_EQ(netc_weights_open_buffer(bytes.data(), bytes.size(), &weights), nullptr);
  netc_tensor_info expected[] = {{"a", 2, kShape2x3}, {"b", 2, kShape2x3}};
  const float sentinel = 0;
  const float *pointers[] = {&sentinel, &sentinel};
  netc_status *status = netc_weights_bind(weights, expected, 2, pointers);
  EXPECT_NE(status, nullptr);
  EXPECT_EQ(pointers[0], &sentinel);
  netc_status_free(status);
  netc_weights_free(weights);
}

TEST(BindTest, InvalidArgumentsAreReported) {
  std::string bytes = safetensors({});
  netc_weights *weights = nullptr;
  ASSERT_EQ(netc_weights_open_buffer(bytes.data(), bytes.size(), &weights), nullptr);
  netc_tensor_info expected[] = {{nullptr, 2, kShape2x3}};
  const float *pointers[1];
  netc_status *status = netc_weights_bind(weights, expected, 1, pointers);
  EXPECT_STREQ(netc_status_message(status),
               "netc_weights_bind: expected tensor #0 has no name or no valid shape");
  netc_status_free(status);
  netc_weights_free(weights);
}

TEST(BindTest, F16ConvertsExactly) {
  // 1, -2, 1/3 rounded to F16, the smallest subnormal, the largest finite, -infinity, -0.
  std::vector<float> values = bindValues(
      {"w", "F16", {7}, bits16Bytes({0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0xfc00, 0x8000})});
  EXPECT_EQ(values,
            std::vector<float>({1.0f, -2.0f, 0x1.554p-2f, 0x1p-24f, 65504.0f, -INFINITY, -0.0f}));
  EXPECT_TRUE(std::signbit(values[6]));
}

TEST(BindTest, BF16ConvertsExactly) {
  // 1, -3, 1/3 rounded to BF16, the largest finite, the smallest subnormal.
  EXPECT_EQ(bindValues({"w", "BF16", {5}, bits16Bytes({0x3f80, 0xc040, 0x3eab, 0x7f7f, 0x0001})}),
            std::vector<float>({1.0f, -3.0f, 0x1.56p-2f, 0x1.fep127f, 0x1p-133f}));
}

TEST(BindTest, AlignedF32IsUsedInPlace) {
  PlacedFile file(safetensors({{"fc.weight", "F32", {2, 3}, f32Bytes(kValues2x3)}}), 0);
  Weights weights = Weights::fromBuffer(file.start, file.size);
  netc_tensor_info expected[] = {{"fc.weight", 2, kShape2x3}};
  EXPECT_EQ(static_cast<const void *>(weights.bind(expected, 1)[0]), file.dataRegion);
}

TEST(BindTest, UnalignedF32IsCopiedAndAligned) {
  PlacedFile file(safetensors({{"fc.weight", "F32", {2, 3}, f32Bytes(kValues2x3)}}), 4);
  Weights weights = Weights::fromBuffer(file.start, file.size);
  netc_tensor_info expected[] = {{"fc.weight", 2, kShape2x3}};
  const float *data = weights.bind(expected, 1)[0];
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data) % 64, 0u);
  EXPECT_EQ(std::vector<float>(data, data + 6), kValues2x3);
}

TEST(BindTest, BindingAgainSharesConvertedData) {
  std::string bytes = safetensors({{"w", "BF16", {2}, bits16Bytes({0x3f80, 0xc040})}});
  Weights weights = Weights::fromBuffer(bytes.data(), bytes.size());
  const int64_t shape[] = {2};
  netc_tensor_info expected[] = {{"w", 1, shape}};
  EXPECT_EQ(weights.bind(expected, 1)[0], weights.bind(expected, 1)[0]);
}

} // namespace
