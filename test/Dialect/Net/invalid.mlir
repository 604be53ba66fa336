// RUN: net-opt %s -split-input-file -verify-diagnostics
// The verifiers reject what PyTorch would reject.

func.func @conv_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{groups (4) must divide the input channels (6) and the output channels (8)}}
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 4
      : (tensor<1x6x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) {
  // expected-error @+1 {{weight has 3 input channels per group, expected 4}}
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_output_size(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>) {
  // expected-error @+1 {{output height 8 does not match the window: expected 4}}
  %c = net.conv2d %x, %w stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x1x1xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{bias must have 8 elements}}
  %c = net.conv2d %x, %w, %b stride [1, 1] padding [0, 0, 0, 0] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x1x1xf32>, tensor<4xf32>) -> tensor<1x8x8x8xf32>
  return
}

// -----

func.func @pool_window(%x: tensor<1x4x8x8xf32>) {
  // expected-error @+1 {{expects 2 kernel, stride and dilation values and 4 padding values}}
  %m = net.max_pool2d %x kernel [3] stride [2, 2] padding [0, 0, 0, 0] dilation [1, 1]
      ceil_mode false : tensor<1x4x8x8xf32> -> tensor<1x4x3x3xf32>
  return
}

// -----

func.func @pool_ceil(%x: tensor<1x4x112x112xf32>) {
  // expected-error @+1 {{output height 55 does not match the window: expected 56}}
  %m = net.max_pool2d %x kernel [3, 3] stride [2, 2] padding [0, 0, 0, 0] dilation [1, 1]
      ceil_mode true : tensor<1x4x112x112xf32> -> tensor<1x4x55x55xf32>
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<1x4x8x8xf32>, %p: tensor<8xf32>) {
  // expected-error @+1 {{expects 4 values per parameter, got 8}}
  %n = net.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-5 : tensor<1x4x8x8xf32>, tensor<8xf32>
  return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{expects a positive epsilon}}
  %n = net.batch_norm %x, %p, %p, %p, %p epsilon 0.0 : tensor<1x4x8x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @dense_features(%x: tensor<1x8xf32>, %w: tensor<10x9xf32>) {
  // expected-error @+1 {{weight has 9 input features, the input 8}}
  %y = net.dense %x, %w : (tensor<1x8xf32>, tensor<10x9xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @mul_gate(%x: tensor<1x8x4x4xf32>, %g: tensor<1x4x1x1xf32>) {
  // expected-error @+1 {{rhs must have the shape of lhs or be [N, C, 1, 1]}}
  %y = net.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x4x1x1xf32>
  return
}

// -----

func.func @concat_spatial(%a: tensor<1x4x4x4xf32>, %b: tensor<1x4x3x3xf32>) {
  // expected-error @+1 {{inputs differ from the result in dimension 2}}
  %y = net.concat %a, %b : (tensor<1x4x4x4xf32>, tensor<1x4x3x3xf32>) -> tensor<1x8x4x4xf32>
  return
}

// -----

func.func @concat_channels(%a: tensor<1x4x4x4xf32>) {
  // expected-error @+1 {{result has 9 channels, the inputs 8}}
  %y = net.concat %a, %a : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x9x4x4xf32>
  return
}

// -----

func.func @flatten(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{output must be [1, 32]}}
  %y = net.flatten %x : tensor<1x8x2x2xf32> -> tensor<1x16xf32>
  return
}

// -----

func.func @global_pool(%x: tensor<1x8x2x2xf32>) {
  // expected-error @+1 {{output must be [1, 8, 1, 1]}}
  %y = net.global_avg_pool %x : tensor<1x8x2x2xf32> -> tensor<1x8x2x1xf32>
  return
}

// -----

func.func @fold_channels(%w: tensor<8x4x3x3xf32>, %p: tensor<4xf32>) {
  // expected-error @+1 {{expects 8 values per parameter, got 4}}
  %fw, %fb = net.fold_batch_norm %w, %p, %p, %p, %p epsilon 1.0e-5
      : (tensor<8x4x3x3xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
      -> (tensor<8x4x3x3xf32>, tensor<4xf32>)
  return
}
