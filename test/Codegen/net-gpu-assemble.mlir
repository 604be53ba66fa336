// RUN: net-opt %s --net-gpu-assemble | FileCheck %s

// Without a toolkit the PTX stays, terminated for the driver, which reads it
// as a C string.
// CHECK: gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = "{{.*}}\09ret;\0A}\0A\00">]
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = "//\0A.version 8.0\0A.target sm_80\0A.address_size 64\0A\0A.visible .entry noop()\0A{\0A\09ret;\0A}\0A">]
}
