// RUN: net-opt %s --net-plan-memory | FileCheck %s

// Three buffers become views of one arena argument: %b (128 bytes, the
// largest) first at 0; %a, live at the same time, after it at 128; %c, born
// after %a's last use (through %b's view) but while %b lives, reuses %a's
// place. The frees go.
// CHECK-LABEL: func.func @m
// CHECK-SAME: %{{.*}}: memref<192xi8> {net.arena})
// CHECK-SAME: net.arena_bytes = 192 : i64
// CHECK: %[[A_AT:.*]] = arith.constant 128 : index
// CHECK: memref.view %{{.*}}[%[[A_AT]]][] : memref<192xi8> to memref<16xf32>
// CHECK: %[[B_AT:.*]] = arith.constant 0 : index
// CHECK: memref.view %{{.*}}[%[[B_AT]]][] : memref<192xi8> to memref<32xf32>
// CHECK: %[[C_AT:.*]] = arith.constant 128 : index
// CHECK: memref.view %{{.*}}[%[[C_AT]]][] : memref<192xi8> to memref<16xf32>
// CHECK-NOT: memref.alloc
// CHECK-NOT: memref.dealloc
func.func @m(%in: memref<16xf32>, %out: memref<16xf32>) attributes {net.entry = "run"} {
  %a = memref.alloc() : memref<16xf32>
  linalg.copy ins(%in : memref<16xf32>) outs(%a : memref<16xf32>)
  %b = memref.alloc() : memref<32xf32>
  %bs = memref.subview %b[0] [16] [1] : memref<32xf32> to memref<16xf32, strided<[1]>>
  linalg.copy ins(%a : memref<16xf32>) outs(%bs : memref<16xf32, strided<[1]>>)
  memref.dealloc %a : memref<16xf32>
  %c = memref.alloc() : memref<16xf32>
  linalg.copy ins(%bs : memref<16xf32, strided<[1]>>) outs(%c : memref<16xf32>)
  memref.dealloc %b : memref<32xf32>
  linalg.copy ins(%c : memref<16xf32>) outs(%out : memref<16xf32>)
  memref.dealloc %c : memref<16xf32>
  return
}
