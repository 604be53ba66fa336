// REQUIRES: ptxas
// RUN: net-opt %s --split-input-file --verify-diagnostics --net-gpu-assemble=toolkit=%cuda_path | FileCheck %s

// With a toolkit: a fatbinary (its magic number first) of ptxas' machine code
// and the PTX.
// CHECK: gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, "P\EDU\BA
module attributes {gpu.container_module} {
  gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = "//\0A.version 8.0\0A.target sm_80\0A.address_size 64\0A\0A.visible .entry noop()\0A{\0A\09ret;\0A}\0A">]
}

// -----

// ptxas' complaint is reported on the binary.
module attributes {gpu.container_module} {
  // expected-error @+1 {{Not a name of any known instruction: 'bogus'}}
  gpu.binary @kernels [#gpu.object<#nvvm.target<chip = "sm_80">, assembly = "//\0A.version 8.0\0A.target sm_80\0A.address_size 64\0A\0A.visible .entry noop()\0A{\0A\09bogus;\0A}\0A">]
}
