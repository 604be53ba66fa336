//===- Utils.h - Helpers shared by the net-to-linalg patterns ----*- C++ -*-===//
#ifndef NETC_LIB_CONVERSION_NETTOLINALG_UTILS_H
#define NETC_LIB_CONVERSION_NETTOLINALG_UTILS_H

#include "netc/Conversion/NetToLinalg/NetToLinalg.h"

namespace netc::detail {

using BodyBuilder =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// The NHWC input of a sliding-window op (convolution, pooling), padded with
/// `value` by the [top, left, bottom, right] `padding` and then fitted to
/// exactly what the windows of an `outputSize` (height, width) result read:
/// padded further at the bottom/right for ceil mode's partial windows, or cut
/// where no window reads (linalg's 2-D to 1-D decomposition assumes an input
/// of exactly that size).
mlir::Value windowInput(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                        llvm::ArrayRef<int64_t> padding, llvm::ArrayRef<int64_t> outputSize,
                        llvm::ArrayRef<int64_t> kernel, llvm::ArrayRef<int64_t> stride,
                        llvm::ArrayRef<int64_t> dilation, double value);

/// The type of a value the net dialect guarantees to be a ranked tensor.
inline mlir::RankedTensorType tensorType(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

/// A tensor of `type` filled with `value`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                         double value);

/// `value` with its dimensions permuted: result dim i = input dim
/// permutation[i].
mlir::Value transpose(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                      llvm::ArrayRef<int64_t> permutation);

/// Builds an op on activations channels-last: the net dialect's tensors are
/// NCHW, so rank-4 `operands` are transposed to NHWC, `build` computes the
/// NHWC result and it is transposed back. Between consecutive ops the two
/// transposes cancel (canonicalization), so a whole network runs NHWC, with
/// transposes only where it meets NCHW: its input, flatten, its output.
mlir::Value buildChannelsLast(
    mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange operands,
    llvm::function_ref<mlir::Value(mlir::ValueRange channelsLastOperands)> build);

/// The NHWC type of an NCHW tensor type; other ranks are kept.
mlir::RankedTensorType channelsLastType(mlir::RankedTensorType type);

/// A linalg.generic, parallel over every dimension of `resultType`, that
/// reads `inputs` through `inputMaps` and writes `body(inputs...)`.
mlir::Value buildElementwise(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::RankedTensorType resultType, mlir::ValueRange inputs,
                             llvm::ArrayRef<mlir::AffineMap> inputMaps, BodyBuilder body);

/// The map from a rank-`rank` iteration space to dimension `dim` alone, for
/// per-channel parameters.
mlir::AffineMap dimensionMap(mlir::MLIRContext *context, unsigned rank, unsigned dim);

/// An f32 constant.
mlir::Value f32(mlir::OpBuilder &b, mlir::Location loc, double value);

/// 1 / (1 + exp(-x)).
mlir::Value sigmoid(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);

void populateConvolutionPatterns(mlir::RewritePatternSet &patterns);
void populatePoolingPatterns(mlir::RewritePatternSet &patterns);
void populateElementwisePatterns(mlir::RewritePatternSet &patterns);
void populateShapePatterns(mlir::RewritePatternSet &patterns);

} // namespace netc::detail

#endif // NETC_LIB_CONVERSION_NETTOLINALG_UTILS_H
