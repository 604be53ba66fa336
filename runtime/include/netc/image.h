//===- netc/image.h - Inputs of ImageNet models from image files -*- C++ -*-===//
#ifndef NETC_IMAGE_H
#define NETC_IMAGE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace netc {

/// Decodes a PNG, JPEG, PPM/PGM or BMP file (grayscale and alpha converted to
/// RGB) and preprocesses it as torchvision's eval transform for ImageNet
/// classifiers does: resize so that the shorter side is
/// round(height * 256 / 224) with bilinear interpolation, center-crop
/// height x width, scale to [0, 1] and normalise with the ImageNet mean and
/// standard deviation. Returns the NCHW tensor [1, 3, height, width].
llvm::Expected<std::vector<float>> loadImageNetInput(llvm::StringRef path, int64_t height,
                                                     int64_t width);

} // namespace netc

#endif // NETC_IMAGE_H
