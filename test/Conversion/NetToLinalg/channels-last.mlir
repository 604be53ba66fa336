// RUN: net-opt %s --convert-net-to-linalg --canonicalize --cse | FileCheck %s
// Between consecutive ops the NHWC/NCHW transposes cancel: a chain of a
// convolution, an activation and a residual add transposes only its input
// (once, though two ops read it) and its output.

// CHECK-LABEL: func.func @chain
// CHECK: linalg.transpose ins(%arg0 : tensor<1x4x8x8xf32>) {{.*}} permutation = [0, 2, 3, 1]
// CHECK-NOT: linalg.transpose ins(%{{[^ ]*}} : tensor<1x
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK-NOT: linalg.transpose ins(%{{[^ ]*}} : tensor<1x
// CHECK: arith.maximumf
// CHECK-NOT: linalg.transpose ins(%{{[^ ]*}} : tensor<1x
// CHECK: arith.addf
// CHECK: linalg.transpose {{.*}} permutation = [0, 3, 1, 2]
// CHECK-NEXT: return
func.func @chain(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32> {
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x8x8xf32>
  %r = net.relu %c : tensor<1x4x8x8xf32>
  %y = net.add %r, %x : tensor<1x4x8x8xf32>
  return %y : tensor<1x4x8x8xf32>
}
