// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-cpu-distribute))' | FileCheck %s

// An activation over 112 rows: 16 chunks of 7 rows for the threads, the loop
// keeping the op's name and cost for the profile.
// CHECK-LABEL: func.func @relu
// CHECK: scf.forall (%[[ROW:.*]]) = (0) to (112) step (7)
// CHECK: memref.subview %{{.*}}[0, %[[ROW]], 0, 0] [1, 7, 112, 32]
// CHECK: linalg.generic
// CHECK: net.bytes = 3211264 : i64, net.flops = 401408 : i64, net.kernel = "generic"
#id = affine_map<(n, h, w, c) -> (n, h, w, c)>
func.func @relu(%x: memref<1x112x112x32xf32>, %y: memref<1x112x112x32xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : memref<1x112x112x32xf32>) outs(%y : memref<1x112x112x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.maximumf %in, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// Too little work to be worth starting threads: left alone.
// CHECK-LABEL: func.func @small
// CHECK-NOT: scf.forall
func.func @small(%x: memref<1x8x8x32xf32>, %y: memref<1x8x8x32xf32>) {
  linalg.copy ins(%x : memref<1x8x8x32xf32>) outs(%y : memref<1x8x8x32xf32>)
  return
}
