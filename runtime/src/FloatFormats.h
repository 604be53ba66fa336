//===- FloatFormats.h - Decoding stored floating-point data ------*- C++ -*-===//
//
// Weights and arrays arrive as little-endian IEEE half, bfloat16, single or
// double precision; the runtime computes in float32.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_RUNTIME_FLOATFORMATS_H
#define NETC_RUNTIME_FLOATFORMATS_H

#include <cstddef>

namespace netc {

enum class FloatFormat { F16, BF16, F32, F64 };

/// Bytes one element of `format` occupies.
size_t byteSize(FloatFormat format);

/// Converts `count` little-endian elements of `format` starting at `bytes`
/// (any alignment) into `out`. Widening is exact; F64 is rounded to nearest.
void decodeFloats(FloatFormat format, const char *bytes, size_t count, float *out);

} // namespace netc

#endif // NETC_RUNTIME_FLOATFORMATS_H
