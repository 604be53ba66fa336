// RUN: net-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(gpu.module(net-gpu-lower-math))' | FileCheck %s

// Each as one correctly rounded PTX instruction, no libdevice call.
// CHECK-LABEL: gpu.func @f
// CHECK: llvm.call_intrinsic "llvm.nvvm.sqrt.rn.f"(%{{.*}}) : (f32) -> f32
// CHECK: llvm.call_intrinsic "llvm.nvvm.floor.f"(%{{.*}}) : (f32) -> f32
// CHECK: llvm.call_intrinsic "llvm.nvvm.fma.rn.f"(%{{.*}}, %{{.*}}, %{{.*}}) : (f32, f32, f32) -> f32
// CHECK-NOT: math.
gpu.module @kernels {
  gpu.func @f(%x: f32, %y: f32, %out: memref<3xf32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %s = math.sqrt %x : f32
    %f = math.floor %x : f32
    %m = math.fma %x, %y, %x : f32
    memref.store %s, %out[%c0] : memref<3xf32>
    memref.store %f, %out[%c1] : memref<3xf32>
    memref.store %m, %out[%c2] : memref<3xf32>
    gpu.return
  }
}

// -----

// Anything else is reported where it is.
gpu.module @kernels {
  gpu.func @f(%x: f32, %out: memref<1xf32>) kernel {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{no NVVM lowering for this operation in a GPU kernel}}
    %e = math.erf %x : f32
    memref.store %e, %out[%c0] : memref<1xf32>
    gpu.return
  }
}
