// RUN: net-opt %s --net-gpu-pipeline=stop-after=kernels | FileCheck %s --check-prefix=GPU
// RUN: net-opt %s --net-gpu-pipeline=chip=sm_80 | FileCheck %s --check-prefix=LLVM

// The bias, the convolution and the ReLU in one kernel: 8 x 8 pixels x 128
// channels as 2 x 2 x 8 blocks of 64 channels x 4 pixels.
// GPU: func.func @conv_relu({{.*}}, %{{.*}}: memref<0xi8> {net.arena}) attributes {net.arena_bytes = 0 : i64, net.entry = "run"}
// GPU-NEXT: arith.constant
// GPU: gpu.launch_func @conv_relu_kernel::@conv_relu_kernel blocks in (%c2, %c2, %c8) threads in (%c64, %c4, %c1)
// GPU-NOT: gpu.launch_func
// GPU: gpu.func @conv_relu_kernel({{.*}}) kernel

// Lowered: the host function takes a stream last and queues the launch on it;
// the kernel is PTX for sm_80 in a binary the object embeds.
// LLVM: llvm.func @conv_relu({{.*}}, %[[STREAM:.*]]: !llvm.ptr) attributes {net.arena_bytes = 0 : i64, net.entry = "run", net.stream}
// LLVM: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @conv_relu_kernel::@conv_relu_kernel
// LLVM: gpu.binary @conv_relu_kernel [#gpu.object<#nvvm.target<chip = "sm_80">, {{.*}}assembly = "{{.*}}.version 7.0\0A.target sm_80{{.*}}.entry conv_relu_kernel(
#bias = affine_map<(n, h, w, c) -> (c)>
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @conv_relu(%x: tensor<1x10x10x16xf32>, %w: tensor<3x3x16x128xf32>, %b: tensor<128xf32>) -> tensor<1x8x8x128xf32> attributes {net.entry = "run"} {
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
