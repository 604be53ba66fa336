// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-cpu-tile-convolutions),net-bufferize,canonicalize,func.func(net-cpu-lower-vectors))' | FileCheck %s

// The accumulators of a tile are loaded before the reduction loops, carried
// through them in registers and stored after them; the innermost loop is
// broadcasts and FMAs on 16-lane vectors.
// CHECK-LABEL: func.func @conv
// CHECK: scf.forall
// CHECK: scf.for {{.*}} step %c8
// CHECK: %[[ACC:.*]] = vector.transfer_read {{.*}} vector<8x32xf32>
// CHECK-NEXT: %[[RESULT:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[ACC]]) -> (vector<8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<8x32xf32>)
// CHECK: scf.for {{.*}} -> (vector<8x32xf32>)
// CHECK-NOT: vector.transfer_write
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.contract
// CHECK: vector.transfer_write %[[RESULT]]
func.func @conv(%x: tensor<1x58x58x64xf32>, %w: tensor<3x3x64x64xf32>) -> tensor<1x56x56x64xf32> {
  %cst = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x56x56x64xf32>
  %o = linalg.fill ins(%cst : f32) outs(%e : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  %c = linalg.conv_2d_nhwc_hwcf ins(%x, %w : tensor<1x58x58x64xf32>, tensor<3x3x64x64xf32>)
      outs(%o : tensor<1x56x56x64xf32>) -> tensor<1x56x56x64xf32>
  return %c : tensor<1x56x56x64xf32>
}
