// RUN: net-opt %s --net-cpu-profile | FileCheck %s

// Each top-level kernel of the run function is bracketed by the profile
// hooks with its id; the module lists the kernels with the layer names from
// their locations, op, FLOPs and bytes. Allocations are not kernels.
// CHECK: module attributes {net.profile = [{bytes = 256 : i64, flops = 32 : i64, kind = "generic", name = "conv1+bn1"}, {bytes = 256 : i64, flops = 0 : i64, kind = "copy", name = "relu"}]}
// CHECK: func.func private @netc_profile_begin(i32)
// CHECK: func.func private @netc_profile_end(i32)
// CHECK-LABEL: func.func @m
// CHECK: memref.alloc
// CHECK-NEXT: %[[FIRST:.*]] = arith.constant 0 : i32
// CHECK-NEXT: call @netc_profile_begin(%[[FIRST]])
// CHECK-NEXT: linalg.generic
// CHECK: call @netc_profile_end(%[[FIRST]])
// CHECK-NEXT: %[[SECOND:.*]] = arith.constant 1 : i32
// CHECK-NEXT: call @netc_profile_begin(%[[SECOND]])
// CHECK-NEXT: linalg.copy
// CHECK-NEXT: call @netc_profile_end(%[[SECOND]])
#id = affine_map<(d0) -> (d0)>
func.func @m(%x: memref<32xf32>, %y: memref<32xf32>) attributes {net.entry = "run"} {
  %t = memref.alloc() : memref<32xf32>
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : memref<32xf32>) outs(%t : memref<32xf32>) {
  ^bb0(%in: f32, %out: f32):
    %r = arith.mulf %in, %in : f32
    linalg.yield %r : f32
  } loc(fused["conv1"("m.net":1:1), "bn1"("m.net":2:1)])
  linalg.copy ins(%t : memref<32xf32>) outs(%y : memref<32xf32>) loc("relu"("m.net":3:1))
  return
}
