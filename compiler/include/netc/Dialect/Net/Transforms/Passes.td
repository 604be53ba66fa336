//===- Passes.td - Transformations of the net dialect ------*- tablegen -*-===//
#ifndef NETC_DIALECT_NET_TRANSFORMS_PASSES_TD
#define NETC_DIALECT_NET_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NetFoldBatchNorm : Pass<"net-fold-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "Fold inference batch norms into the convolutions before them";
  let description = [{
    Replaces `batch_norm(conv2d(x, w, b))`, when the convolution has no other
    use, by `conv2d(x, w', b')` where `w', b' = fold_batch_norm(w, b, ...)`.
    The folded parameters depend on the weights only; the arithmetic is exact
    up to float rounding.
  }];
  let dependentDialects = ["::netc::net::NetDialect"];
}

#endif // NETC_DIALECT_NET_TRANSFORMS_PASSES_TD
