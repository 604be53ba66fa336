// RUN: net-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(func.func(net-gpu-distribute))' | FileCheck %s

// A fill left on buffers becomes blocks of 4 pixels x 50 channels (the
// largest sizes that divide the loops, so every block is whole and the
// thread loops have static bounds) and one thread per element.
// CHECK-LABEL: func.func @fill
// CHECK: scf.forall ({{.*}}) = (0, 0, 0, 0) to (1, 8, 8, 100) step (1, 1, 4, 50)
// CHECK-NOT: affine.min
// CHECK:   scf.forall ({{.*}}) in (1, 1, 4, 50)
// CHECK:     linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : memref<1x1x1x1xf32, {{.*}}>)
// CHECK: } {net.bytes = 25600 : i64, net.flops = 0 : i64, net.kernel = "fill"}

// A copy of a buffer onto itself (left by bufferization) is dropped.
// CHECK-LABEL: func.func @self_copy
// CHECK-NEXT: return
func.func @fill(%out: memref<1x8x8x100xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<1x8x8x100xf32>)
  return
}

// -----

func.func @self_copy(%buffer: memref<4x4xf32>) {
  linalg.copy ins(%buffer : memref<4x4xf32>) outs(%buffer : memref<4x4xf32>)
  return
}

// -----

// -----

// A buffer in a block's loop, outside its threads' loop, would be one
// private copy per thread: refused.
func.func @block_buffer(%out: memref<64xf32>) {
  scf.forall (%block) in (4) {
    // expected-error @+1 {{a buffer shared by the threads of a GPU kernel is not supported}}
    %shared = memref.alloca() : memref<16xf32>
    scf.forall (%thread) in (16) {
      %zero = arith.constant 0.0 : f32
      memref.store %zero, %shared[%thread] : memref<16xf32>
    }
  }
  return
}
