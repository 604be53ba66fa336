//===- FloatFormats.cpp - Decoding stored floating-point data -------------===//
#include "FloatFormats.h"

#include "llvm/ADT/bit.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdint>

using namespace netc;
using llvm::support::endian::read16le;
using llvm::support::endian::read32le;
using llvm::support::endian::read64le;

static float halfToFloat(uint16_t half) {
  uint32_t sign = uint32_t(half & 0x8000) << 16;
  uint32_t exponent = (half >> 10) & 0x1f;
  uint32_t mantissa = half & 0x3ff;
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, exact in float.
    float magnitude = float(mantissa) * 0x1p-24f;
    return sign ? -magnitude : magnitude;
  }
  // Infinity and NaN keep an all-ones exponent; normal numbers are rebiased
  // from 15 to 127.
  uint32_t floatExponent = exponent == 0x1f ? 0xff : exponent + (127 - 15);
  return llvm::bit_cast<float>(sign | floatExponent << 23 | mantissa << 13);
}

static float readF16(const char *p) { return halfToFloat(read16le(p)); }
// bfloat16 is the upper half of a float32.
static float readBF16(const char *p) { return llvm::bit_cast<float>(uint32_t(read16le(p)) << 16); }
static float readF32(const char *p) { return llvm::bit_cast<float>(read32le(p)); }
static float readF64(const char *p) { return float(llvm::bit_cast<double>(read64le(p))); }

size_t netc::byteSize(FloatFormat format) {
  switch (format) {
  case FloatFormat::F16:
  case FloatFormat::BF16:
    return 2;
  case FloatFormat::F32:
    return 4;
  case FloatFormat::F64:
    return 8;
  }
  llvm_unreachable("unknown float format");
}

// The element reader is a template argument so each loop is specialised.
template <float (*Read)(const char *)>
static void decodeAll(const char *bytes, size_t count, size_t elementSize, float *out) {
  for (size_t i = 0; i < count; ++i)
    out[i] = Read(bytes + i * elementSize);
}

void netc::decodeFloats(FloatFormat format, const char *bytes, size_t count, float *out) {
  size_t elementSize = byteSize(format);
  switch (format) {
  case FloatFormat::F16:
    return decodeAll<readF16>(bytes, count, elementSize, out);
  case FloatFormat::BF16:
    return decodeAll<readBF16>(bytes, count, elementSize, out);
  case FloatFormat::F32:
    return decodeAll<readF32>(bytes, count, elementSize, out);
  case FloatFormat::F64:
    return decodeAll<readF64>(bytes, count, elementSize, out);
  }
}
