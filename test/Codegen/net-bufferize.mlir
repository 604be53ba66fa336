// RUN: net-opt %s --net-bufferize | FileCheck %s
// The result becomes an out-parameter written in place; copies are linalg.copy.
// Padding fills only the border (top and bottom rows, left and right
// columns), in place, then the input goes into the interior.

// CHECK-LABEL: func.func @model
// CHECK-SAME: (%[[X:.*]]: memref<1x4x4x4xf32>, %[[OUT:.*]]: memref<1x4x6x6xf32>)
// CHECK-NOT: memref.copy
// CHECK: linalg.fill {{.*}} outs(%{{.*}} : memref<1x4x1x6xf32
// CHECK: linalg.fill {{.*}} outs(%{{.*}} : memref<1x4x1x6xf32
// CHECK: linalg.fill {{.*}} outs(%{{.*}} : memref<1x4x6x1xf32
// CHECK: linalg.fill {{.*}} outs(%{{.*}} : memref<1x4x6x1xf32
// CHECK-NOT: linalg.fill
// CHECK: linalg.copy ins(%[[X]]
// CHECK: return
// CHECK-NOT: memref<
func.func @model(%x: tensor<1x4x4x4xf32>) -> tensor<1x4x6x6xf32> {
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%a: index, %b: index, %c: index, %d: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x4xf32> to tensor<1x4x6x6xf32>
  return %p : tensor<1x4x6x6xf32>
}
