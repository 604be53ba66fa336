//===- Image.cpp - Inputs of ImageNet models from image files -------------===//
//
// Follows torchvision's ImageClassification transform: Resize, CenterCrop,
// then scaling and Normalize. Like torchvision, the resized image is rounded
// back to 8 bits before it is scaled.
//
//===----------------------------------------------------------------------===//
#include "netc/image.h"

#include "Support.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>

using namespace netc;

static constexpr int kChannels = 3;
static constexpr float kMean[kChannels] = {0.485f, 0.456f, 0.406f};
static constexpr float kStd[kChannels] = {0.229f, 0.224f, 0.225f};
/// Far beyond any ImageNet model, and small enough that no size overflows.
static constexpr int64_t kMaxSide = 1 << 14;

namespace {
struct StbiFree {
  void operator()(stbi_uc *pixels) const { stbi_image_free(pixels); }
};

/// The two source pixels a resized pixel interpolates along one axis.
struct Taps {
  int64_t low, high;
  float highWeight;
};
} // namespace

/// Taps along an axis resized from `inSize` to `outSize` pixels, for output
/// pixels [first, first + count). Pixel centres, not corners, are aligned
/// (align_corners=False), and the arithmetic is PyTorch's (a float scale, a
/// double source position) so that the same pixels round the same way.
static std::vector<Taps> computeTaps(int64_t inSize, int64_t outSize, int64_t first,
                                     int64_t count) {
  float scale = float(inSize) / float(outSize);
  std::vector<Taps> taps;
  taps.reserve(count);
  for (int64_t out = first; out < first + count; ++out) {
    double source = std::max(scale * (double(out) + 0.5) - 0.5, 0.0);
    int64_t low = std::min(int64_t(source), inSize - 1);
    taps.push_back(
        {low, std::min(low + 1, inSize - 1), std::min(float(source - double(low)), 1.0f)});
  }
  return taps;
}

/// torchvision's crop offset int(round(excess / 2)): Python rounds halves to even.
static int64_t centerCropOffset(int64_t size, int64_t cropSize) {
  int64_t excess = size - cropSize;
  int64_t offset = excess / 2;
  return excess % 2 == 1 && offset % 2 == 1 ? offset + 1 : offset;
}

llvm::Expected<std::vector<float>> netc::loadImageNetInput(llvm::StringRef path, int64_t height,
                                                           int64_t width) {
  if (height <= 0 || width <= 0 || height > kMaxSide || width > kMaxSide)
    return fileError(path, llvm::formatv("cannot make a {0}x{1} input; sides must be in [1, {2}]",
                                         height, width, kMaxSide));
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return fileError(path, file.getError().message());
  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() > size_t(INT_MAX))
    return fileError(path, "file is too large for the image decoder");
  int imageWidth, imageHeight, channelsInFile;
  std::unique_ptr<stbi_uc, StbiFree> pixels(
      stbi_load_from_memory(reinterpret_cast<const stbi_uc *>(bytes.data()), int(bytes.size()),
                            &imageWidth, &imageHeight, &channelsInFile, kChannels));
  if (!pixels)
    return fileError(path, llvm::Twine("cannot decode the image: ") + stbi_failure_reason());

  // Resize: the shorter side becomes resizedShort, the longer one keeps the
  // aspect ratio, truncated as torchvision does.
  int64_t resizedShort = std::lround(double(height) * 256 / 224);
  bool widthIsShorter = imageWidth <= imageHeight;
  int64_t shortSide = widthIsShorter ? imageWidth : imageHeight;
  int64_t longSide = widthIsShorter ? imageHeight : imageWidth;
  auto resizedLong = int64_t(double(resizedShort * longSide) / double(shortSide));
  int64_t resizedWidth = widthIsShorter ? resizedShort : resizedLong;
  int64_t resizedHeight = widthIsShorter ? resizedLong : resizedShort;
  if (resizedHeight < height || resizedWidth < width)
    return fileError(path, llvm::formatv("a {0}x{1} crop does not fit in the image resized to "
                                         "{2}x{3}",
                                         height, width, resizedHeight, resizedWidth));

  // Only the pixels the crop keeps are computed.
  std::vector<Taps> rows =
      computeTaps(imageHeight, resizedHeight, centerCropOffset(resizedHeight, height), height);
  std::vector<Taps> columns =
      computeTaps(imageWidth, resizedWidth, centerCropOffset(resizedWidth, width), width);
  std::vector<float> input(kChannels * height * width);
  for (int channel = 0; channel < kChannels; ++channel) {
    auto at = [&](int64_t row, int64_t column) {
      return float(pixels.get()[(row * imageWidth + column) * kChannels + channel]);
    };
    float *plane = input.data() + channel * height * width;
    for (int64_t y = 0; y < height; ++y) {
      const Taps &row = rows[y];
      for (int64_t x = 0; x < width; ++x) {
        const Taps &column = columns[x];
        auto alongRow = [&](int64_t r) {
          return (1 - column.highWeight) * at(r, column.low) +
                 column.highWeight * at(r, column.high);
        };
        // Rounded to even on ties, as torch.round does.
        float resized = std::nearbyint((1 - row.highWeight) * alongRow(row.low) +
                                       row.highWeight * alongRow(row.high));
        plane[y * width + x] = (resized / 255 - kMean[channel]) / kStd[channel];
      }
    }
  }
  return std::move(input);
}
