//===- WindowSize.h - Output size of sliding windows -------------*- C++ -*-===//
//
// Shared by shape inference (Sema) and the net dialect's verifiers, so both
// agree with PyTorch on every convolution and pooling size.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SUPPORT_WINDOWSIZE_H
#define NETC_SUPPORT_WINDOWSIZE_H

#include <cstdint>

namespace netc {

/// Output size of a convolution or pooling window along one dimension, the
/// way PyTorch computes it; 0 when the window does not fit.
inline int64_t windowOutputSize(int64_t size, int64_t kernel, int64_t stride, int64_t padBegin,
                                int64_t padEnd, int64_t dilation, bool ceilMode) {
  // Ceil mode rounds up, so a window hanging past the padded input still
  // gives an output when it starts inside it.
  int64_t span = size + padBegin + padEnd - dilation * (kernel - 1) - 1 +
                 (ceilMode ? stride - 1 : 0);
  if (span < 0)
    return 0;
  int64_t out = span / stride + 1;
  // PyTorch: the last window must start inside the input or the left padding.
  if (ceilMode && (out - 1) * stride >= size + padBegin)
    --out;
  return out;
}

} // namespace netc

#endif // NETC_SUPPORT_WINDOWSIZE_H
