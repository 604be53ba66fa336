//===- Utils.h - Helpers shared by the net-to-linalg patterns ----*- C++ -*-===//
#ifndef NETC_LIB_CONVERSION_NETTOLINALG_UTILS_H
#define NETC_LIB_CONVERSION_NETTOLINALG_UTILS_H

#include "netc/Conversion/NetToLinalg/NetToLinalg.h"

namespace netc::detail {

using BodyBuilder =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// The type of a value the net dialect guarantees to be a ranked tensor.
inline mlir::RankedTensorType tensorType(mlir::Value value) {
  return mlir::cast<mlir::RankedTensorType>(value.getType());
}

/// A tensor of `type` filled with `value`.
mlir::Value createFilled(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                         double value);

/// Pads the spatial dimensions of an NCHW tensor by [top, left, bottom, right]
/// with `value`; returns `input` when there is nothing to pad.
mlir::Value padSpatial(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                       llvm::ArrayRef<int64_t> padding, double value);

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
