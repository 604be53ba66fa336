// RUN: net-opt %s --convert-net-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x4x3x3xf32>, %[[B:.*]]: tensor<8xf32>)
// The convolution runs channels-last: the input is transposed to NHWC and
// padded explicitly (only what a window reads: at stride 2 no window reaches
// the bottom and right padding), the filter transposed to [kh, kw, C, F], the
// output starts as the broadcast bias and is transposed back to NCHW.
// CHECK: %[[NHWC:.*]] = linalg.transpose ins(%[[X]] : tensor<1x4x8x8xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK: %[[PAD:.*]] = tensor.pad %[[NHWC]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// CHECK: } : tensor<1x8x8x4xf32> to tensor<1x9x9x4xf32>
// CHECK: %[[INIT:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<8xf32>) outs(%{{.*}} : tensor<1x4x4x8xf32>)
// CHECK: %[[FILTER:.*]] = linalg.transpose ins(%[[W]] : tensor<8x4x3x3xf32>) outs(%{{.*}} : tensor<3x3x4x8xf32>) permutation = [2, 3, 1, 0]
// CHECK: %[[CONV:.*]] = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%[[PAD]], %[[FILTER]] : {{.*}}) outs(%[[INIT]] :
// CHECK: linalg.transpose ins(%[[CONV]] : tensor<1x4x4x8xf32>) {{.*}} permutation = [0, 3, 1, 2]
func.func @conv(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x8x4x4xf32> {
  %c = net.conv2d %x, %w, %b stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  return %c : tensor<1x8x4x4xf32>
}

// CHECK-LABEL: func.func @depthwise
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1], [2], [3]] : tensor<8x1x3x3xf32> into tensor<8x3x3xf32>
// CHECK: %[[FILTER:.*]] = linalg.transpose ins(%[[FLAT]] : tensor<8x3x3xf32>) outs(%{{.*}} : tensor<3x3x8xf32>) permutation = [1, 2, 0]
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc {{.*}} ins(%{{.*}}, %[[FILTER]] :
func.func @depthwise(%x: tensor<1x8x8x8xf32>, %w: tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32> {
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 8
      : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %c : tensor<1x8x8x8xf32>
}

// CHECK-LABEL: func.func @grouped
// CHECK: tensor.expand_shape {{.*}} into tensor<1x8x8x2x2xf32>
// CHECK: tensor.expand_shape {{.*}} into tensor<2x4x2x1x1xf32>
// CHECK: linalg.transpose {{.*}} outs(%{{.*}} : tensor<2x4x1x1x2xf32>) permutation = [0, 1, 3, 4, 2]
// CHECK: linalg.conv_2d_nhwgc_gfhwc
// CHECK: tensor.collapse_shape {{.*}} into tensor<1x8x8x8xf32>
func.func @grouped(%x: tensor<1x4x8x8xf32>, %w: tensor<8x2x1x1xf32>) -> tensor<1x8x8x8xf32> {
  %c = net.conv2d %x, %w stride [1, 1] padding [0, 0, 0, 0] dilation [1, 1] groups 2
      : (tensor<1x4x8x8xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x8x8xf32>
  return %c : tensor<1x8x8x8xf32>
}

// Max pooling pads with -infinity, and ceil mode pads the end further so the
// last partial window fits: 4 + 1 + 1 = 6 rows, 3 windows of 3 at stride 2 need 7.
// CHECK-LABEL: func.func @max_pool
// CHECK: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 2, 2, 0]
// CHECK: tensor.yield %[[NEG]]
// CHECK: linalg.pooling_nhwc_max {{.*}} strides = dense<2>
func.func @max_pool(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x3x3xf32> {
  %m = net.max_pool2d %x kernel [3, 3] stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1]
      ceil_mode true : tensor<1x4x4x4xf32> -> tensor<1x4x3x3xf32>
  return %m : tensor<1x4x3x3xf32>
}

// A window that reads less than its input gets the input cut to what it
// reads: linalg's decomposition into 1-D windows needs exactly that size
// (a 1x1 window at stride 2 with ceil mode on 2x2 reads one row and column).
// CHECK-LABEL: func.func @max_pool_reads_less
// CHECK: %[[READ:.*]] = tensor.extract_slice %{{.*}}[0, 0, 0, 0] [1, 1, 1, 4] [1, 1, 1, 1] : tensor<1x2x2x4xf32> to tensor<1x1x1x4xf32>
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[READ]],
func.func @max_pool_reads_less(%x: tensor<1x4x2x2xf32>) -> tensor<1x4x1x1xf32> {
  %m = net.max_pool2d %x kernel [1, 1] stride [2, 2] padding [0, 0, 0, 0] dilation [1, 1]
      ceil_mode true : tensor<1x4x2x2xf32> -> tensor<1x4x1x1xf32>
  return %m : tensor<1x4x1x1xf32>
}

// Average pooling sums, then divides by PyTorch's per-window counts: without
// count_include_pad the corner windows of a padded 3x3 input count 1 element.
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[COUNTS:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 5.000000e-01], [5.000000e-01, 2.500000e-01]]> : tensor<2x2xf32>
// CHECK: %[[SUMS:.*]] = linalg.pooling_nhwc_sum
// CHECK: linalg.generic {{.*}} ins(%[[SUMS]], %[[COUNTS]] :
func.func @avg_pool(%x: tensor<1x4x3x3xf32>) -> tensor<1x4x2x2xf32> {
  %a = net.avg_pool2d %x kernel [2, 2] stride [2, 2] padding [1, 1, 1, 1] ceil_mode false
      count_include_pad false : tensor<1x4x3x3xf32> -> tensor<1x4x2x2xf32>
  return %a : tensor<1x4x2x2xf32>
}

// CHECK-LABEL: func.func @global_avg_pool
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.constant 2.500000e-01 : f32
// CHECK: tensor.expand_shape {{.*}} into tensor<1x1x1x8xf32>
func.func @global_avg_pool(%x: tensor<1x8x2x2xf32>) -> tensor<1x8x1x1xf32> {
  %p = net.global_avg_pool %x : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  return %p : tensor<1x8x1x1xf32>
}

// CHECK-LABEL: func.func @dense
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction"]
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @dense(%x: tensor<1x8xf32>, %w: tensor<10x8xf32>, %b: tensor<10xf32>) -> tensor<1x10xf32> {
  %y = net.dense %x, %w, %b : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  return %y : tensor<1x10xf32>
}

// A per-channel gate is read as [N, C] and broadcast over the pixels.
// CHECK-LABEL: func.func @gate
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<1x1x1x8xf32> into tensor<1x8xf32>
// CHECK: linalg.generic
// CHECK: arith.mulf
func.func @gate(%x: tensor<1x8x4x4xf32>, %g: tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32> {
  %y = net.mul %x, %g : tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>
  return %y : tensor<1x8x4x4xf32>
}

// Concatenation writes each input into its channel slice.
// CHECK-LABEL: func.func @concat
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<1x4x4x12xf32>
// CHECK: %[[FIRST:.*]] = tensor.insert_slice %{{.*}} into %[[EMPTY]][0, 0, 0, 0] [1, 4, 4, 4]
// CHECK: tensor.insert_slice %{{.*}} into %[[FIRST]][0, 0, 0, 4] [1, 4, 4, 8]
func.func @concat(%a: tensor<1x4x4x4xf32>, %b: tensor<1x8x4x4xf32>) -> tensor<1x12x4x4xf32> {
  %y = net.concat %a, %b : (tensor<1x4x4x4xf32>, tensor<1x8x4x4xf32>) -> tensor<1x12x4x4xf32>
  return %y : tensor<1x12x4x4xf32>
}

// CHECK-LABEL: func.func @flatten
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2, 3]] : tensor<1x8x2x2xf32> into tensor<1x32xf32>
func.func @flatten(%x: tensor<1x8x2x2xf32>) -> tensor<1x32xf32> {
  %y = net.flatten %x : tensor<1x8x2x2xf32> -> tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// SiLU is x * 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @silu
// CHECK: arith.negf
// CHECK: math.exp
// CHECK: arith.divf
// CHECK: arith.mulf
func.func @silu(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %y = net.silu %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// Batch norm as PyTorch computes it: (x - mean) / sqrt(var + eps) * w + b.
// CHECK-LABEL: func.func @batch_norm
// CHECK: arith.subf
// CHECK: arith.addf
// CHECK: math.sqrt
// CHECK: arith.divf
// CHECK: arith.mulf
// CHECK: arith.addf
func.func @batch_norm(%x: tensor<1x8x2x2xf32>, %p: tensor<8xf32>) -> tensor<1x8x2x2xf32> {
  %y = net.batch_norm %x, %p, %p, %p, %p epsilon 1.0e-5 : tensor<1x8x2x2xf32>, tensor<8xf32>
  return %y : tensor<1x8x2x2xf32>
}

// Softmax: max, exp(x - max), sum, divide, over dimension 1.
// CHECK-LABEL: func.func @softmax
// CHECK: arith.maximumf
// CHECK: math.exp
// CHECK: arith.addf
// CHECK: arith.divf
func.func @softmax(%x: tensor<2x10xf32>) -> tensor<2x10xf32> {
  %y = net.softmax %x : tensor<2x10xf32>
  return %y : tensor<2x10xf32>
}
