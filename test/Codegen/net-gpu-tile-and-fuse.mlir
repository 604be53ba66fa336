// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-gpu-tile-and-fuse),canonicalize)' | FileCheck %s

// One kernel for the bias, the convolution and the ReLU: blocks of 4 pixels x
// 64 channels (256 threads), each thread one output element with the whole
// reduction, the bias as its initial value and the ReLU on its result.
// CHECK-LABEL: func.func @conv_relu
// CHECK: scf.forall (%{{.*}}, %{{.*}}, %{{.*}}) = (0, 0, 0) to (8, 8, 128) step (1, 4, 64)
// CHECK:   scf.forall (%{{.*}}, %{{.*}}) in (4, 64)
// CHECK:     linalg.generic {{.*}} ins(%{{.*}} : tensor<1xf32>) outs(%{{.*}} : tensor<1x1x1x1xf32>)
// CHECK:     linalg.conv_2d_nhwc_hwcf {{.*}} ins(%{{.*}}, %{{.*}} : tensor<1x3x3x16xf32>, tensor<3x3x16x1xf32>) outs(%{{.*}} : tensor<1x1x1x1xf32>)
// CHECK:     arith.maximumf
// CHECK: } {net.bytes = {{[0-9]+}} : i64, net.flops = 2359296 : i64, net.kernel = "conv_2d_nhwc_hwcf"}
// CHECK-NOT: linalg.
// CHECK: return
#bias = affine_map<(n, h, w, c) -> (c)>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @conv_relu(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x128xf32>, %b: tensor<128xf32>) -> tensor<1x8x8x128xf32> {
  %empty = tensor.empty() : tensor<1x8x8x128xf32>
  %init = linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<128xf32>) outs(%empty : tensor<1x8x8x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x8x8x128xf32>
  %conv = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %w : tensor<1x10x10x16xf32>, tensor<3x3x16x128xf32>) outs(%init : tensor<1x8x8x128xf32>) -> tensor<1x8x8x128xf32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%conv : tensor<1x8x8x128xf32>) outs(%empty : tensor<1x8x8x128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  } -> tensor<1x8x8x128xf32>
  return %relu : tensor<1x8x8x128xf32>
}
