// RUN: net-opt %s --net-split-weight-preparation | FileCheck %s
// Work on the parameters alone moves into <model>_prepare; the model takes
// its results as extra arguments.

// CHECK-LABEL: func.func @m_prepare
// CHECK-SAME: (%[[W:.*]]: tensor<8x4x3x3xf32> {net.name = "w"}, %[[P:.*]]: tensor<8xf32> {net.name = "p"})
// CHECK-SAME: -> (tensor<8x4x3x3xf32>, tensor<8xf32>) attributes {net.entry = "prepare"}
// CHECK: %[[FW:.*]], %[[FB:.*]] = net.fold_batch_norm %[[W]], %[[P]], %[[P]], %[[P]], %[[P]]
// CHECK: return %[[FW]], %[[FB]]

// CHECK-LABEL: func.func @m
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %{{.*}}: tensor<8x4x3x3xf32> {net.name = "w"}, %{{.*}}: tensor<8xf32> {net.name = "p"}, %[[PW:.*]]: tensor<8x4x3x3xf32> {net.prepared = 0 : i64}, %[[PB:.*]]: tensor<8xf32> {net.prepared = 1 : i64})
// CHECK-NOT: net.fold_batch_norm
// CHECK: net.conv2d %[[X]], %[[PW]], %[[PB]]
func.func @m(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32> {net.name = "w"},
             %p: tensor<8xf32> {net.name = "p"}) -> tensor<1x8x8x8xf32>
    attributes {net.entry = "run"} {
  %fw, %fb = net.fold_batch_norm %w, %p, %p, %p, %p epsilon 1.0e-5
      : (tensor<8x4x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
      -> (tensor<8x4x3x3xf32>, tensor<8xf32>)
  %c = net.conv2d %x, %fw, %fb stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  return %c : tensor<1x8x8x8xf32>
}

// Work on parameters moves whatever its dialect (here a filter transpose),
// but a tensor the model overwrites in place (the bias broadcast the
// convolution accumulates onto) stays in the model: prepared tensors are
// read-only.
// CHECK-LABEL: func.func @l_prepare
// CHECK-SAME: -> tensor<3x3x4x8xf32>
// CHECK: %[[T:.*]] = linalg.transpose
// CHECK-NEXT: return %[[T]]
// CHECK-LABEL: func.func @l(
// CHECK-SAME: %[[B:[^ ]*]]: tensor<8xf32> {net.name = "b"}, %[[PT:.*]]: tensor<3x3x4x8xf32> {net.prepared = 0 : i64}
// CHECK-NOT: linalg.transpose
// CHECK: %[[INIT:.*]] = linalg.broadcast ins(%[[B]]
// CHECK: linalg.conv_2d_nhwc_hwcf ins(%{{.*}}, %[[PT]] : {{.*}}) outs(%[[INIT]] :
func.func @l(%x: tensor<1x8x8x4xf32>, %w: tensor<8x4x3x3xf32> {net.name = "w"},
             %b: tensor<8xf32> {net.name = "b"}) -> tensor<1x6x6x8xf32>
    attributes {net.entry = "run"} {
  %e = tensor.empty() : tensor<3x3x4x8xf32>
  %t = linalg.transpose ins(%w : tensor<8x4x3x3xf32>) outs(%e : tensor<3x3x4x8xf32>)
      permutation = [2, 3, 1, 0]
  %o = tensor.empty() : tensor<1x6x6x8xf32>
  %init = linalg.broadcast ins(%b : tensor<8xf32>) outs(%o : tensor<1x6x6x8xf32>)
      dimensions = [0, 1, 2]
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %t : tensor<1x8x8x4xf32>, tensor<3x3x4x8xf32>)
      outs(%init : tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32>
  return %c : tensor<1x6x6x8xf32>
}
