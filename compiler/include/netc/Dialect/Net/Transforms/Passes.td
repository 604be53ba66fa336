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

def NetSplitWeightPreparation : Pass<"net-split-weight-preparation", "::mlir::ModuleOp"> {
  let summary = "Move the computations on parameters alone into a prepare function";
  let description = [{
    Work that depends on the weights only (batch-norm folding, filter
    layouts) should run once, when the weights are loaded, not in every
    inference. For the model function (`net.entry = "run"`), this pass moves
    every pure operation computed from parameters alone, in any dialect (it
    runs after the conversion to linalg, so filter transposes move too), into
    a new function `<model>_prepare`
    (`net.entry = "prepare"`) that takes the model's parameters and returns
    the prepared tensors; the model function takes them as extra arguments
    (`net.prepared = <index>`) after the parameters it already had.
  }];
}

#endif // NETC_DIALECT_NET_TRANSFORMS_PASSES_TD
