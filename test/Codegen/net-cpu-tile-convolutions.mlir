// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-cpu-tile-convolutions))' | FileCheck %s
// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-cpu-tile-convolutions{vector-bits=256}))' | FileCheck %s --check-prefix=AVX2

// 64 output channels: two 16-lane vectors; 8 pixels of the 56-wide row make
// 16 accumulators. Threads share channel tiles (outermost, so a thread keeps
// its filter slice in cache) times rows; within a row, every reduction steps
// by one: per input channel, a broadcast of 8 pixels times a 32-channel
// filter row. The loop nest keeps the kernel's cost for the profile.
// CHECK-LABEL: func.func @conv
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (64, 1, 56, 56) step (32, 1, 1, 56)
// CHECK: scf.for {{.*}} step %c8
// CHECK-COUNT-3: scf.for {{.*}} to %c{{3|64}} step %c1
// CHECK: vector.contract {{.*}} : vector<1x8x1xf32>, vector<1x32xf32> into vector<1x8x32xf32>
// CHECK: net.bytes = 1811456 : i64, net.flops = 231211008 : i64, net.kernel = "conv_2d_nhwc_hwcf"
// With 256-bit vectors (16 registers): 16 channels and 4 pixels.
// AVX2-LABEL: func.func @conv
// AVX2: vector.contract {{.*}} : vector<1x4x1xf32>, vector<1x16xf32> into vector<1x4x16xf32>
func.func @conv(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>, %o: tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32> {
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>)
      outs(%o : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %c : tensor<1x56x56x64xf32>
}

// 48 channels: one vector of 16; the whole 14-pixel row fits.
// CHECK-LABEL: func.func @narrow
// CHECK: vector.contract {{.*}} : vector<1x14x1xf32>, vector<1x16xf32> into vector<1x14x16xf32>
func.func @narrow(%x: tensor<1x14x14x8xf32>, %w: tensor<1x1x8x48xf32>, %o: tensor<1x14x14x48xf32>) -> tensor<1x14x14x48xf32> {
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x14x14x8xf32>, tensor<1x1x8x48xf32>)
      outs(%o : tensor<1x14x14x48xf32>) -> tensor<1x14x14x48xf32>
  return %c : tensor<1x14x14x48xf32>
}

// Depthwise: per kernel tap, 7 pixels times 32 channels, multiplied elementwise.
// CHECK-LABEL: func.func @depthwise
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (96, 1, 7, 7) step (32, 1, 1, 7)
// CHECK: scf.for {{.*}} step %c7
// CHECK: vector.fma {{.*}} : vector<1x7x32xf32>
func.func @depthwise(%x: tensor<1x9x9x96xf32>, %w: tensor<3x3x96xf32>, %o: tensor<1x7x7x96xf32>) -> tensor<1x7x7x96xf32> {
  %c = linalg.depthwise_conv_2d_nhwc_hwc ins(%x, %w : tensor<1x9x9x96xf32>, tensor<3x3x96xf32>)
      outs(%o : tensor<1x7x7x96xf32>) -> tensor<1x7x7x96xf32>
  return %c : tensor<1x7x7x96xf32>
}
