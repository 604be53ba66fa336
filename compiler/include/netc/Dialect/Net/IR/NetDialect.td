//===- NetDialect.td - The net dialect ---------------------*- tablegen -*-===//
#ifndef NETC_DIALECT_NET_IR_NETDIALECT_TD
#define NETC_DIALECT_NET_IR_NETDIALECT_TD

include "mlir/IR/OpBase.td"

def Net_Dialect : Dialect {
  let name = "net";
  let cppNamespace = "::netc::net";
  let summary = "Layers of convolutional networks, on NCHW float32 tensors";
  let description = [{
    The `net` dialect is what a checked `.net` model becomes: one op per layer
    of the language, on ranked float32 tensors in NCHW layout (or [N, F] after
    `flatten`), with the layer's attributes and the `.net` source location.
    Parameters are function arguments named by a `net.name` argument
    attribute (torchvision state_dict names). Inference rewrites (batch-norm
    folding, dropout removal) happen here; `convert-net-to-linalg` then lowers
    every op to linalg/tensor/arith/math on tensors.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

class Net_Op<string mnemonic, list<Trait> traits = []>
    : Op<Net_Dialect, mnemonic, traits>;

#endif // NETC_DIALECT_NET_IR_NETDIALECT_TD
