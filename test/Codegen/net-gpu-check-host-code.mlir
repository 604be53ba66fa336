// RUN: net-opt %s --split-input-file --verify-diagnostics --net-gpu-check-host-code | FileCheck %s

// Launches and the index arithmetic of their arguments are fine.
// CHECK-LABEL: func.func @launches
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @k(%out: memref<4xf32, strided<[1], offset: 4>>) kernel {
      gpu.return
    }
  }
  func.func @launches(%out: memref<8xf32>) attributes {net.entry = "run"} {
    %one = arith.constant 1 : index
    %half = memref.subview %out[4] [4] [1] : memref<8xf32> to memref<4xf32, strided<[1], offset: 4>>
    gpu.launch_func @kernels::@k blocks in (%one, %one, %one) threads in (%one, %one, %one) args(%half : memref<4xf32, strided<[1], offset: 4>>)
    return
  }
}

// -----

// A loop the mapping left on the host would read device memory there.
func.func @leftover(%out: memref<8xf32>) attributes {net.entry = "run"} {
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // expected-error @+1 {{left on the host by the mapping to GPU kernels, where it would read device memory}}
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %zero, %out[%i] : memref<8xf32>
  }
  return
}
