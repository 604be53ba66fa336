//===- ImageTest.cpp - ImageNet inputs from image files -------------------===//
#include "TestSupport.h"

#include "netc/image.h"

#include "gtest/gtest.h"

using namespace netc;

namespace {

constexpr float kMean[] = {0.485f, 0.456f, 0.406f};
constexpr float kStd[] = {0.229f, 0.224f, 0.225f};

/// A binary PPM (P6) or, with one channel, PGM (P5) image.
std::string netpbm(int width, int height, int channels, const std::vector<uint8_t> &pixels) {
  std::string header = (channels == 3 ? "P6\n" : "P5\n") + std::to_string(width) + " " +
                       std::to_string(height) + "\n255\n";
  return header + std::string(pixels.begin(), pixels.end());
}

/// What normalisation makes of 8-bit `value` in `channel`.
float normalized(float value, int channel) {
  return (value / 255 - kMean[channel]) / kStd[channel];
}

class ImageTest : public TempDirTest {
protected:
  /// The input made of `image` written to a file; empty on failure.
  std::vector<float> load(const std::string &image, int64_t height, int64_t width) {
    llvm::Expected<std::vector<float>> input =
        loadImageNetInput(writeFile("image.ppm", image), height, width);
    if (!input) {
      ADD_FAILURE() << llvm::toString(input.takeError());
      return {};
    }
    return std::move(*input);
  }
};

TEST_F(ImageTest, OutputIsNCHW) {
  std::vector<uint8_t> pixels(20 * 10 * 3, 0);
  EXPECT_EQ(load(netpbm(20, 10, 3, pixels), 3, 5).size(), 1u * 3 * 3 * 5);
}

TEST_F(ImageTest, UniformColourIsNormalised) {
  std::vector<uint8_t> pixels;
  for (int i = 0; i < 10 * 8; ++i)
    pixels.insert(pixels.end(), {255, 128, 0});
  std::vector<float> input = load(netpbm(10, 8, 3, pixels), 4, 4);
  ASSERT_EQ(input.size(), 3u * 4 * 4);
  const float rgb[] = {255, 128, 0};
  for (int channel = 0; channel < 3; ++channel)
    for (int i = 0; i < 16; ++i)
      EXPECT_FLOAT_EQ(input[channel * 16 + i], normalized(rgb[channel], channel))
          << "channel " << channel << ", pixel " << i;
}

TEST_F(ImageTest, GrayscaleIsConvertedToRgb) {
  std::vector<float> input = load(netpbm(6, 6, 1, std::vector<uint8_t>(36, 100)), 2, 2);
  ASSERT_EQ(input.size(), 3u * 2 * 2);
  for (int channel = 0; channel < 3; ++channel)
    EXPECT_FLOAT_EQ(input[channel * 4], normalized(100, channel)) << "channel " << channel;
}

TEST_F(ImageTest, ResizeIsBilinearWithHalfPixelCentres) {
  // A black and a white pixel. For a 7x7 input the image is resized to 8x16
  // and cropped at column round(4.5) = 4 (Python rounds halves to even). Output
  // column x samples source column (4 + x + 0.5) * 2 / 16 - 0.5: 0.0625 for
  // x = 0, 0.8125 for x = 6; the resized value is rounded to 8 bits.
  std::vector<float> input = load(netpbm(2, 1, 3, {0, 0, 0, 255, 255, 255}), 7, 7);
  ASSERT_EQ(input.size(), 3u * 7 * 7);
  EXPECT_FLOAT_EQ(input[0], normalized(16, 0));  // 0.0625 * 255 = 15.94
  EXPECT_FLOAT_EQ(input[6], normalized(207, 0)); // 0.8125 * 255 = 207.19
}

TEST_F(ImageTest, UndecodableFile) {
  std::string file = writeFile("image.ppm", "not an image");
  llvm::Expected<std::vector<float>> input = loadImageNetInput(file, 224, 224);
  ASSERT_FALSE(static_cast<bool>(input));
  std::string message = llvm::toString(input.takeError());
  EXPECT_TRUE(llvm::StringRef(message).starts_with(file + ": cannot decode the image: "))
      << message;
}

TEST_F(ImageTest, InvalidSize) {
  std::string file = writeFile("image.ppm", netpbm(1, 1, 1, {0}));
  EXPECT_EQ(llvm::toString(loadImageNetInput(file, 0, 224).takeError()),
            file + ": cannot make a 0x224 input; sides must be in [1, 16384]");
}

} // namespace
