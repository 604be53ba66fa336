// RUN: net-opt %s | net-opt | FileCheck %s
// Every op prints in a form that parses back to the same op.

// CHECK-LABEL: func.func @ops
func.func @ops(%x: tensor<1x4x8x8xf32>, %w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>,
               %dw: tensor<8x1x3x3xf32>, %fc: tensor<10x8xf32>, %fb: tensor<10xf32>)
    -> tensor<1x10xf32> {
  // CHECK: net.conv2d %{{.*}}, %{{.*}}, %{{.*}} stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
  %c = net.conv2d %x, %w, %b stride [1, 1] padding [1, 1, 1, 1] dilation [1, 1] groups 1
      : (tensor<1x4x8x8xf32>, tensor<8x4x3x3xf32>, tensor<8xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: net.conv2d %{{.*}}, %{{.*}} stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1] groups 8
  %d = net.conv2d %c, %dw stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1] groups 8
      : (tensor<1x8x8x8xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: net.batch_norm {{.*}} epsilon 1.000000e-03
  %n = net.batch_norm %d, %b, %b, %b, %b epsilon 1.0e-3 : tensor<1x8x4x4xf32>, tensor<8xf32>
  // CHECK: net.relu
  %r = net.relu %n : tensor<1x8x4x4xf32>
  // CHECK: net.relu6
  %r6 = net.relu6 %r : tensor<1x8x4x4xf32>
  // CHECK: net.silu
  %s = net.silu %r6 : tensor<1x8x4x4xf32>
  // CHECK: net.sigmoid
  %g = net.sigmoid %s : tensor<1x8x4x4xf32>
  // CHECK: net.hardswish
  %hs = net.hardswish %g : tensor<1x8x4x4xf32>
  // CHECK: net.hardsigmoid
  %hg = net.hardsigmoid %hs : tensor<1x8x4x4xf32>
  // CHECK: net.tanh
  %t = net.tanh %hg : tensor<1x8x4x4xf32>
  // CHECK: net.max_pool2d {{.*}} kernel [3, 3] stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1] ceil_mode true
  %m = net.max_pool2d %t kernel [3, 3] stride [2, 2] padding [1, 1, 1, 1] dilation [1, 1]
      ceil_mode true : tensor<1x8x4x4xf32> -> tensor<1x8x3x3xf32>
  // CHECK: net.avg_pool2d {{.*}} kernel [2, 2] stride [1, 1] padding [0, 0, 0, 0] ceil_mode false count_include_pad false
  %a = net.avg_pool2d %m kernel [2, 2] stride [1, 1] padding [0, 0, 0, 0] ceil_mode false
      count_include_pad false : tensor<1x8x3x3xf32> -> tensor<1x8x2x2xf32>
  // CHECK: net.concat
  %cat = net.concat %a, %a : (tensor<1x8x2x2xf32>, tensor<1x8x2x2xf32>) -> tensor<1x16x2x2xf32>
  // CHECK: net.global_avg_pool
  %gp = net.global_avg_pool %a : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  // CHECK: net.mul {{.*}} : tensor<1x8x2x2xf32>, tensor<1x8x1x1xf32>
  %gated = net.mul %a, %gp : tensor<1x8x2x2xf32>, tensor<1x8x1x1xf32>
  // CHECK: net.add
  %sum = net.add %gated, %a : tensor<1x8x2x2xf32>
  %p = net.global_avg_pool %sum : tensor<1x8x2x2xf32> -> tensor<1x8x1x1xf32>
  // CHECK: net.flatten
  %f = net.flatten %p : tensor<1x8x1x1xf32> -> tensor<1x8xf32>
  // CHECK: net.dropout {{.*}} probability 5.000000e-01
  %dr = net.dropout %f probability 0.5 : tensor<1x8xf32>
  // CHECK: net.dense
  %y = net.dense %dr, %fc, %fb : (tensor<1x8xf32>, tensor<10x8xf32>, tensor<10xf32>) -> tensor<1x10xf32>
  // CHECK: net.softmax
  %z = net.softmax %y : tensor<1x10xf32>
  return %z : tensor<1x10xf32>
}

// CHECK-LABEL: func.func @fold
func.func @fold(%w: tensor<8x4x3x3xf32>, %b: tensor<8xf32>) -> (tensor<8x4x3x3xf32>, tensor<8xf32>) {
  // CHECK: net.fold_batch_norm %{{.*}} bias %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} epsilon 1.000000e-05
  %fw, %fb = net.fold_batch_norm %w bias %b, %b, %b, %b, %b epsilon 1.0e-5
      : (tensor<8x4x3x3xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
      -> (tensor<8x4x3x3xf32>, tensor<8xf32>)
  return %fw, %fb : tensor<8x4x3x3xf32>, tensor<8xf32>
}
