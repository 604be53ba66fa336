//===- NetOps.td - Operations of the net dialect -----------*- tablegen -*-===//
#ifndef NETC_DIALECT_NET_IR_NETOPS_TD
#define NETC_DIALECT_NET_IR_NETOPS_TD

include "netc/Dialect/Net/IR/NetDialect.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def Net_Tensor : RankedTensorOf<[F32]>;
def Net_Tensor1D : TensorRankOf<[F32], [1]>;
def Net_Tensor2D : TensorRankOf<[F32], [2]>;
def Net_Tensor4D : TensorRankOf<[F32], [4]>;

//===----------------------------------------------------------------------===//
// Convolution, dense, batch norm
//===----------------------------------------------------------------------===//

def Net_Conv2dOp : Net_Op<"conv2d", [Pure]> {
  let summary = "2-D convolution (grouped, dilated, with optional bias)";
  let description = [{
    PyTorch's `Conv2d` on an NCHW input: the weight is
    [out, in / groups, kh, kw], the optional bias [out]. Padding is explicit
    per side: [top, left, bottom, right].

    ```mlir
    %y = net.conv2d %x, %w, %b stride [2, 2] padding [3, 3, 3, 3] dilation [1, 1] groups 1
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
    ```
  }];
  let arguments = (ins Net_Tensor4D:$input, Net_Tensor4D:$weight, Optional<Net_Tensor1D>:$bias,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation, I64Attr:$groups);
  let results = (outs Net_Tensor4D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? `stride` $stride `padding` $padding `dilation` $dilation
    `groups` $groups attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Net_DenseOp : Net_Op<"dense", [Pure]> {
  let summary = "fully connected layer: input x weight^T (+ bias)";
  let description = [{
    PyTorch's `Linear`: the weight is [out, in], the optional bias [out].

    ```mlir
    %y = net.dense %x, %w, %b : (tensor<1x2048xf32>, tensor<1000x2048xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins Net_Tensor2D:$input, Net_Tensor2D:$weight, Optional<Net_Tensor1D>:$bias);
  let results = (outs Net_Tensor2D:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Net_BatchNormOp : Net_Op<"batch_norm", [
    Pure, AllTypesMatch<["input", "output"]>,
    AllTypesMatch<["weight", "bias", "mean", "variance"]>]> {
  let summary = "batch normalisation with running statistics (inference)";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * weight + bias` per channel (dimension 1).

    ```mlir
    %y = net.batch_norm %x, %weight, %bias, %mean, %var epsilon 1.0e-05
        : tensor<1x64x56x56xf32>, tensor<64xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$input, Net_Tensor1D:$weight, Net_Tensor1D:$bias,
                       Net_Tensor1D:$mean, Net_Tensor1D:$variance, F64Attr:$epsilon);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight `,` $bias `,` $mean `,` $variance `epsilon` $epsilon attr-dict `:`
    type($input) `,` type($weight)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "::mlir::Value":$weight, "::mlir::Value":$bias,
                   "::mlir::Value":$mean, "::mlir::Value":$variance, "double":$epsilon), [{
      build($_builder, $_state, input.getType(), input, weight, bias, mean, variance,
            $_builder.getF64FloatAttr(epsilon));
    }]>
  ];
  let hasVerifier = 1;
}

def Net_FoldBatchNormOp : Net_Op<"fold_batch_norm", [Pure]> {
  let summary = "the weight and bias of a convolution with a batch norm folded in";
  let description = [{
    Computes, from a convolution's weight [out, ...] and optional bias [out]
    and the following batch norm's parameters, the weight and bias of the one
    convolution that does both: with s = bn_weight / sqrt(var + epsilon),
    weight' = weight * s (per output channel) and
    bias' = (bias - mean) * s + bn_bias. It depends on parameters only, so it
    can run once when the weights are loaded.

    ```mlir
    %w2, %b2 = net.fold_batch_norm %w, %gamma, %beta, %mean, %var epsilon 1.0e-05
        : (tensor<64x3x7x7xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<64xf32>)
        -> (tensor<64x3x7x7xf32>, tensor<64xf32>)
    ```
  }];
  let arguments = (ins Net_Tensor4D:$weight, Optional<Net_Tensor1D>:$bias,
                       Net_Tensor1D:$bn_weight, Net_Tensor1D:$bn_bias, Net_Tensor1D:$mean,
                       Net_Tensor1D:$variance, F64Attr:$epsilon);
  let results = (outs Net_Tensor4D:$folded_weight, Net_Tensor1D:$folded_bias);
  let assemblyFormat = [{
    $weight (`bias` $bias^)? `,` $bn_weight `,` $bn_bias `,` $mean `,` $variance
    `epsilon` $epsilon attr-dict `:` functional-type(operands, results)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Value":$weight, "::mlir::Value":$bias, "::mlir::Value":$bnWeight,
                   "::mlir::Value":$bnBias, "::mlir::Value":$mean, "::mlir::Value":$variance,
                   "double":$epsilon), [{
      build($_builder, $_state, weight.getType(), bnWeight.getType(), weight, bias, bnWeight,
            bnBias, mean, variance, $_builder.getF64FloatAttr(epsilon));
    }]>
  ];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Element-wise
//===----------------------------------------------------------------------===//

class Net_UnaryOp<string mnemonic, string formula>
    : Net_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = "element-wise " # mnemonic;
  let description = "Computes `" # formula # "` for every element.\n\n" # [{
    ```mlir
    %y = net.}] # mnemonic # [{ %x : tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$input);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Net_ReluOp : Net_UnaryOp<"relu", "max(x, 0)">;
def Net_Relu6Op : Net_UnaryOp<"relu6", "min(max(x, 0), 6)">;
def Net_SigmoidOp : Net_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Net_SiluOp : Net_UnaryOp<"silu", "x * sigmoid(x)">;
def Net_HardSigmoidOp : Net_UnaryOp<"hardsigmoid", "min(max(x + 3, 0), 6) / 6">;
def Net_HardSwishOp : Net_UnaryOp<"hardswish", "x * min(max(x + 3, 0), 6) / 6">;
def Net_TanhOp : Net_UnaryOp<"tanh", "tanh(x)">;

def Net_DropoutOp : Net_Op<"dropout", [Pure, SameOperandsAndResultType]> {
  let summary = "dropout: the identity at inference";
  let description = [{
    Kept from the source for the summary and folded away.

    ```mlir
    %y = net.dropout %x probability 2.0e-01 : tensor<1x1280xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$input, F64Attr:$probability);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$input `probability` $probability attr-dict `:` type($input)";
  let hasFolder = 1;
}

def Net_SoftmaxOp : Net_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax over dimension 1 (channels or features)";
  let description = [{
    ```mlir
    %y = net.softmax %x : tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$input);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Net_AddOp : Net_Op<"add", [Pure, Commutative, SameOperandsAndResultType]> {
  let summary = "element-wise sum (residual connections)";
  let description = [{
    ```mlir
    %y = net.add %a, %b : tensor<1x256x56x56xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$lhs, Net_Tensor:$rhs);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($output)";
}

def Net_MulOp : Net_Op<"mul", [Pure, AllTypesMatch<["lhs", "output"]>]> {
  let summary = "element-wise product, or scaling by a per-channel gate";
  let description = [{
    `rhs` has the shape of `lhs`, or [N, C, 1, 1] to scale each channel
    (squeeze-excitation).

    ```mlir
    %y = net.mul %x, %gate : tensor<1x96x56x56xf32>, tensor<1x96x1x1xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$lhs, Net_Tensor:$rhs);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs)";
  let builders = [
    OpBuilder<(ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), [{
      build($_builder, $_state, lhs.getType(), lhs, rhs);
    }]>
  ];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling and shapes
//===----------------------------------------------------------------------===//

class Net_Pool2dOp<string mnemonic, string what> : Net_Op<mnemonic, [Pure]> {
  let summary = what # " over 2-D windows";
  let arguments = (ins Net_Tensor4D:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       DenseI64ArrayAttr:$dilation, BoolAttr:$ceil_mode);
  let results = (outs Net_Tensor4D:$output);
  let hasVerifier = 1;
}

def Net_MaxPool2dOp : Net_Pool2dOp<"max_pool2d", "maximum"> {
  let description = [{
    PyTorch's `MaxPool2d`; padding counts as -infinity.

    ```mlir
    %y = net.max_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1]
        ceil_mode false : tensor<1x64x112x112xf32> -> tensor<1x64x56x56xf32>
    ```
  }];
  let assemblyFormat = [{
    $input `kernel` $kernel `stride` $stride `padding` $padding `dilation` $dilation
    `ceil_mode` $ceil_mode attr-dict `:` type($input) `->` type($output)
  }];
}

def Net_AvgPool2dOp : Net_Op<"avg_pool2d", [Pure]> {
  let summary = "average over 2-D windows";
  let description = [{
    PyTorch's `AvgPool2d`: with `count_include_pad` the divisor counts the
    padding (but not the extra windows of ceil mode), otherwise only input
    elements.

    ```mlir
    %y = net.avg_pool2d %x kernel [2, 2] stride [2, 2] padding [0, 0, 0, 0] ceil_mode false
        count_include_pad true : tensor<1x8x4x4xf32> -> tensor<1x8x2x2xf32>
    ```
  }];
  let arguments = (ins Net_Tensor4D:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$stride, DenseI64ArrayAttr:$padding,
                       BoolAttr:$ceil_mode, BoolAttr:$count_include_pad);
  let results = (outs Net_Tensor4D:$output);
  let assemblyFormat = [{
    $input `kernel` $kernel `stride` $stride `padding` $padding `ceil_mode` $ceil_mode
    `count_include_pad` $count_include_pad attr-dict `:` type($input) `->` type($output)
  }];
  let hasVerifier = 1;
}

def Net_GlobalAvgPoolOp : Net_Op<"global_avg_pool", [Pure]> {
  let summary = "mean over the spatial dimensions, to [N, C, 1, 1]";
  let description = [{
    ```mlir
    %y = net.global_avg_pool %x : tensor<1x2048x7x7xf32> -> tensor<1x2048x1x1xf32>
    ```
  }];
  let arguments = (ins Net_Tensor4D:$input);
  let results = (outs Net_Tensor4D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Net_FlattenOp : Net_Op<"flatten", [Pure]> {
  let summary = "[N, C, H, W] to [N, C * H * W]";
  let description = [{
    ```mlir
    %y = net.flatten %x : tensor<1x2048x1x1xf32> -> tensor<1x2048xf32>
    ```
  }];
  let arguments = (ins Net_Tensor:$input);
  let results = (outs Net_Tensor2D:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def Net_ConcatOp : Net_Op<"concat", [Pure]> {
  let summary = "concatenation on channels (dimension 1)";
  let description = [{
    The branches of a `parallel`: all dimensions but 1 agree.

    ```mlir
    %y = net.concat %a, %b : (tensor<1x64x28x28xf32>, tensor<1x128x28x28xf32>) -> tensor<1x192x28x28xf32>
    ```
  }];
  let arguments = (ins Variadic<Net_Tensor>:$inputs);
  let results = (outs Net_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

#endif // NETC_DIALECT_NET_IR_NETOPS_TD
