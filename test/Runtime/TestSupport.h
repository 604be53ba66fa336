//===- TestSupport.h - Temporary files and raw bytes for tests ---*- C++ -*-===//
#ifndef NETC_TEST_RUNTIME_TESTSUPPORT_H
#define NETC_TEST_RUNTIME_TESTSUPPORT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>

namespace netc {

/// Little-endian bytes of float32 values.
inline std::string f32Bytes(llvm::ArrayRef<float> values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  for (size_t i = 0; i < values.size(); ++i)
    llvm::support::endian::write32le(&bytes[i * sizeof(float)],
                                     llvm::bit_cast<uint32_t>(values[i]));
  return bytes;
}

/// A fixture with a fresh directory, removed with everything in it afterwards.
class TempDirTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("netc-runtime-test", dir));
  }
  void TearDown() override { llvm::sys::fs::remove_directories(dir); }

  std::string path(llvm::StringRef name) const {
    llvm::SmallString<128> result(dir);
    llvm::sys::path::append(result, name);
    return std::string(result);
  }

  /// Writes `contents` to the file `name` in the directory; returns its path.
  std::string writeFile(llvm::StringRef name, llvm::StringRef contents) const {
    std::string filePath = path(name);
    std::error_code error;
    llvm::raw_fd_ostream(filePath, error) << contents;
    EXPECT_FALSE(error) << filePath << ": " << error.message();
    return filePath;
  }

  llvm::SmallString<128> dir;
};

} // namespace netc

#endif // NETC_TEST_RUNTIME_TESTSUPPORT_H
