// RUN: net-opt %s --net-gpu-launch-on-stream | FileCheck %s

// The entry function takes a stream last and launches every kernel on it
// (no stream created, synchronised and destroyed per launch); other
// functions keep their signatures.
// CHECK: llvm.func @run(%{{.*}}: !llvm.ptr, %[[STREAM:.*]]: !llvm.ptr) attributes {net.entry = "run", net.stream}
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @kernels::@first
// CHECK: gpu.launch_func <%[[STREAM]] : !llvm.ptr> @kernels::@second
// CHECK-LABEL: llvm.func @helper()
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target, "ptx">]
  llvm.func @run(%input: !llvm.ptr) attributes {net.entry = "run"} {
    %one = llvm.mlir.constant(1 : index) : i64
    gpu.launch_func @kernels::@first blocks in (%one, %one, %one) threads in (%one, %one, %one) : i64 args(%input : !llvm.ptr)
    gpu.launch_func @kernels::@second blocks in (%one, %one, %one) threads in (%one, %one, %one) : i64 args(%input : !llvm.ptr)
    llvm.return
  }
  llvm.func @helper() {
    llvm.return
  }
}
