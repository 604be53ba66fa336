//===- Passes.td - Conversions out of the net dialect ------*- tablegen -*-===//
#ifndef NETC_CONVERSION_PASSES_TD
#define NETC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertNetToLinalg : Pass<"convert-net-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lower the net dialect to linalg, tensor, arith and math on tensors";
  let description = [{
    The level the CPU and GPU pipelines share. Convolutions become linalg
    named convolutions (conv_2d_nchw_fchw, depthwise_conv_2d_nchw_chw,
    conv_2d_ngchw_gfchw) on explicitly padded inputs, pooling becomes
    linalg pooling ops (average pooling divides by PyTorch's per-window
    counts), and everything else linalg.generic, tensor.collapse_shape or
    tensor.insert_slice.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // NETC_CONVERSION_PASSES_TD
