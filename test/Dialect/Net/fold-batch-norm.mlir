// RUN: net-opt %s --net-fold-batch-norm | FileCheck %s

// A convolution used only by a batch norm takes the folded parameters.
// CHECK-LABEL: func.func @folds
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x8x8xf32>, %[[W:.*]]: tensor<8x4x3x3xf32>, %[[P:.*]]: tensor<8xf32>)
func.func @folds(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %p: tensor<8xf32>)
    -> tensor<1x8x8x8xf32> {
  // CHECK: %[[FW:.*]], %[[FB:.*]] = net.fold_batch_norm %[[W]], %[[P]], %[[P]], %[[P]], %[[P]] epsilon 1.000000e-03
  // CHECK: %[[Y:.*]] = net.conv2d %[[X]], %[[FW]], %[[FB]] stride [1, 1] padding [1, 1, 1, 1]
  // CHECK-NOT: net.batch_norm
  // CHECK: return %[[Y]]
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %n = net.batch_norm %c, %p, %p, %p, %p epsilon 1.0e-3 : tensor<1x8x8x8xf32>, tensor<8xf32>
  return %n : tensor<1x8x8x8xf32>
}

// A convolution whose output is also used elsewhere is left alone.
// CHECK-LABEL: func.func @shared
func.func @shared(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %p: tensor<8xf32>)
    -> (tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>) {
  // CHECK-NOT: net.fold_batch_norm
  // CHECK: net.batch_norm
  %c = net.conv2d %x, %w stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>) -> tensor<1x8x8x8xf32>
  %n = net.batch_norm %c, %p, %p, %p, %p epsilon 1.0e-3 : tensor<1x8x8x8xf32>, tensor<8xf32>
  return %n, %c : tensor<1x8x8x8xf32>, tensor<1x8x8x8xf32>
}
