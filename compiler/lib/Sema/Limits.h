//===- Limits.h - Bounds that keep small inputs from exploding ---*- C++ -*-===//
#ifndef NETC_SEMA_LIMITS_H
#define NETC_SEMA_LIMITS_H

#include <cstdint>

namespace netc::limits {

/// Layers in one model (ResNet-152 has about 500, EfficientNet-B7 about 1000).
inline constexpr int64_t kMaxLayers = 100000;
/// Statements executed while instantiating one model (stops loops that
/// create no layers from running forever).
inline constexpr int64_t kMaxSteps = 10000000;
/// Any channel count, spatial size, kernel, stride, padding or dilation.
inline constexpr int64_t kMaxDimension = 1 << 20;
/// Elements of one activation or weight tensor (8 GiB of float32).
inline constexpr int64_t kMaxTensorElements = int64_t(1) << 31;
/// Bytes of all weights of a model.
inline constexpr int64_t kMaxWeightBytes = int64_t(16) << 30;
/// Batch size.
inline constexpr int64_t kMaxBatch = 1 << 16;
/// Nested block instantiations.
inline constexpr unsigned kMaxInstantiationDepth = 64;
/// Elements of a list value.
inline constexpr int64_t kMaxListLength = 1 << 16;
/// Domain of the compound-scaling coefficient phi.
inline constexpr double kMinPhi = -8, kMaxPhi = 16;

} // namespace netc::limits

#endif // NETC_SEMA_LIMITS_H
