// RUN: net-opt %s --pass-pipeline='builtin.module(func.func(net-approximate-math))' | FileCheck %s

// exp (sigmoid, SiLU, softmax) becomes arithmetic LLVM can vectorize, not a
// libm call per element; other math ops stay.
// CHECK-LABEL: func.func @activations
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK: math.sqrt
func.func @activations(%x: f32) -> (f32, f32, f32) {
  %e = math.exp %x : f32
  %t = math.tanh %x : f32
  %s = math.sqrt %x : f32
  return %e, %t, %s : f32, f32, f32
}
