//===- NpyTest.cpp - Reading and writing .npy files -----------------------===//
#include "TestSupport.h"

#include "netc/npy.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/MemoryBuffer.h"

#include "gtest/gtest.h"

using namespace netc;
using llvm::StringRef;

namespace {

/// A .npy file of format version `major`.0 with `header` (padded by numpy's
/// rules only when the caller does) followed by `data`.
std::string npyFile(StringRef header, StringRef data, uint8_t major = 1) {
  std::string file = std::string("\x93NUMPY", 6) + char(major) + '\0';
  std::string length(major == 1 ? 2 : 4, '\0');
  if (major == 1)
    llvm::support::endian::write16le(length.data(), header.size());
  else
    llvm::support::endian::write32le(length.data(), header.size());
  return file + length + header.str() + data.str();
}

const char *const kHeader2x3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";

class NpyTest : public TempDirTest {
protected:
  /// The message reading `contents` as a.npy fails with.
  std::string readError(StringRef contents) {
    llvm::Expected<NpyArray> array = readNpy(writeFile("a.npy", contents));
    EXPECT_FALSE(static_cast<bool>(array)) << "the file was read";
    return array ? "" : llvm::toString(array.takeError());
  }
};

TEST_F(NpyTest, RoundTrip) {
  std::string file = path("a.npy");
  ASSERT_FALSE(static_cast<bool>(writeNpy(file, {2, 3}, {1, 2, 3, 4, 5, 6.5f})));
  llvm::Expected<NpyArray> array = readNpy(file);
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->shape, std::vector<int64_t>({2, 3}));
  EXPECT_EQ(array->data, std::vector<float>({1, 2, 3, 4, 5, 6.5f}));
}

TEST_F(NpyTest, WritesWhatNumpyWrites) {
  std::string file = path("a.npy");
  ASSERT_FALSE(static_cast<bool>(writeNpy(file, {3}, {1, 2, 3})));
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }";
  // Magic, version and length take 10 bytes; spaces and '\n' pad the data to byte 128.
  header.append(128 - 10 - header.size() - 1, ' ');
  header += '\n';
  auto written = llvm::MemoryBuffer::getFile(file);
  ASSERT_TRUE(static_cast<bool>(written));
  EXPECT_EQ((*written)->getBuffer(), npyFile(header, f32Bytes({1, 2, 3})));
}

TEST_F(NpyTest, WriteReplacesAnExistingFile) {
  std::string file = writeFile("a.npy", "old contents");
  ASSERT_FALSE(static_cast<bool>(writeNpy(file, {1}, {7})));
  llvm::Expected<NpyArray> array = readNpy(file);
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, std::vector<float>({7}));
}

TEST_F(NpyTest, WriteRejectsShapeDataMismatch) {
  std::string file = path("a.npy");
  EXPECT_EQ(llvm::toString(writeNpy(file, {2, 3}, {1, 2})),
            file + ": shape [2, 3] does not hold the 2 elements given");
}

TEST_F(NpyTest, ReadsVersion2Header) {
  llvm::Expected<NpyArray> array =
      readNpy(writeFile("a.npy", npyFile(kHeader2x3, f32Bytes({1, 2, 3, 4, 5, 6}), 2)));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, std::vector<float>({1, 2, 3, 4, 5, 6}));
}

TEST_F(NpyTest, ReadsScalar) {
  llvm::Expected<NpyArray> array = readNpy(writeFile(
      "a.npy", npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", f32Bytes({4}))));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_TRUE(array->shape.empty());
  EXPECT_EQ(array->data, std::vector<float>({4}));
}

TEST_F(NpyTest, ConvertsF8) {
  std::string data(16, '\0');
  llvm::support::endian::write64le(&data[0], llvm::bit_cast<uint64_t>(0.5));
  llvm::support::endian::write64le(&data[8], llvm::bit_cast<uint64_t>(-1e300));
  llvm::Expected<NpyArray> array = readNpy(writeFile(
      "a.npy", npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data)));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, std::vector<float>({0.5f, -INFINITY}));
}

TEST_F(NpyTest, ConvertsF2) {
  std::string data(4, '\0');
  llvm::support::endian::write16le(&data[0], 0x3c00);
  llvm::support::endian::write16le(&data[2], 0xb800);
  llvm::Expected<NpyArray> array = readNpy(writeFile(
      "a.npy", npyFile("{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", data)));
  ASSERT_TRUE(static_cast<bool>(array)) << llvm::toString(array.takeError());
  EXPECT_EQ(array->data, std::vector<float>({1.0f, -0.5f}));
}

TEST_F(NpyTest, BadMagic) {
  EXPECT_EQ(readError("PK\x03\x04 not an array"),
            path("a.npy") + ": not a .npy file: it does not start with \"\\x93NUMPY\"");
}

TEST_F(NpyTest, UnsupportedVersion) {
  EXPECT_EQ(readError(npyFile(kHeader2x3, "", 4)),
            path("a.npy") + ": unsupported format version 4.0");
}

TEST_F(NpyTest, TruncatedHeader) {
  EXPECT_EQ(readError(npyFile(kHeader2x3, "").substr(0, 20)), path("a.npy") + ": truncated header");
}

TEST_F(NpyTest, FortranOrder) {
  EXPECT_EQ(readError(npyFile("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                              f32Bytes({1, 2, 3, 4, 5, 6}))),
            path("a.npy") + ": Fortran-order arrays are not supported; save a C-order array "
                            "(numpy.ascontiguousarray)");
}

TEST_F(NpyTest, WrongDType) {
  EXPECT_EQ(readError(npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                              std::string(16, '\0'))),
            path("a.npy") + ": dtype '<i8' is not supported; expected '<f4', '<f8' or '<f2'");
}

TEST_F(NpyTest, TruncatedData) {
  EXPECT_EQ(readError(npyFile(kHeader2x3, f32Bytes({1, 2, 3, 4, 5}))),
            path("a.npy") + ": 20 bytes of data, but shape [2, 3] of '<f4' needs 24");
}

TEST_F(NpyTest, MalformedHeader) {
  EXPECT_EQ(readError(npyFile("{'descr': '<f4', 'fortran_order' False}", "")),
            path("a.npy") + ": malformed header: expected ':' at \"False}\"");
}

TEST_F(NpyTest, HeaderMissingKey) {
  EXPECT_EQ(readError(npyFile("{'descr': '<f4', 'shape': (2,)}", f32Bytes({1, 2}))),
            path("a.npy") + ": malformed header: missing key 'fortran_order'");
}

TEST_F(NpyTest, HeaderDuplicateKey) {
  EXPECT_EQ(readError(npyFile("{'descr': '<f4', 'descr': '<f4'}", "")),
            path("a.npy") + ": malformed header: duplicate key 'descr' at \"'<f4'}\"");
}

} // namespace
