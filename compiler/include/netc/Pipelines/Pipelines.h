//===- Pipelines.h - netc's pass pipelines -----------------------*- C++ -*-===//
//
// Each stage of the compiler is a pipeline built here and registered by name,
// so the driver and net-opt run exactly the same passes.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_PIPELINES_PIPELINES_H
#define NETC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace netc {

/// net dialect -> linalg on tensors (`net-to-linalg-pipeline`): inference
/// rewrites (dropout removal, batch-norm folding), the split of weight
/// preparation into its own function, then the conversion.
void buildNetToLinalgPipeline(mlir::OpPassManager &pm);

struct CPUPipelineOptions : mlir::PassPipelineOptions<CPUPipelineOptions> {
  Option<unsigned> vectorBits{*this, "vector-bits",
                              llvm::cl::desc("Vector register width of the target in bits"),
                              llvm::cl::init(512)};
  Option<bool> profile{*this, "profile",
                       llvm::cl::desc("Time every kernel (see net-cpu-profile)"),
                       llvm::cl::init(false)};
};

/// linalg on tensors -> LLVM dialect for a CPU (`net-cpu-pipeline`):
/// convolutions tiled to register tiles, vectorized and shared among
/// threads, bufferization with results as out-parameters, OpenMP, LLVM
/// dialect with bare-pointer calling convention.
void buildCPUCodegenPipeline(mlir::OpPassManager &pm, const CPUPipelineOptions &options);

struct GPUPipelineOptions : mlir::PassPipelineOptions<GPUPipelineOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("NVIDIA architecture (sm_80, sm_90, ...)"),
                           llvm::cl::init("sm_90")};
  Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit whose ptxas and fatbinary assemble the kernels (default: "
                     "none, the kernels stay PTX for the driver to compile)"),
      llvm::cl::init("")};
  Option<std::string> stopAfter{
      *this, "stop-after",
      llvm::cl::desc("Stop early: 'tiles' (bufferized loops of blocks and threads, before "
                     "the mapping to the GPU: a CPU can run them one after the other) or "
                     "'kernels' (outlined, the GPU dialect)"),
      llvm::cl::init("")};
};

/// linalg on tensors -> LLVM dialect for the host and NVIDIA kernels
/// (`net-gpu-pipeline`): every op tiled to blocks and threads with its
/// elementwise epilogue, bufferized into one planned arena, mapped to
/// kernels, outlined, then upstream's gpu-lower-to-nvvm-pipeline (PTX from
/// LLVM's NVPTX backend), ptxas when a toolkit is given, launches on the
/// caller's stream.
void buildGPUCodegenPipeline(mlir::OpPassManager &pm, const GPUPipelineOptions &options);

/// Registers the pipelines above with their names.
void registerPipelines();

/// Adds the dialects the pipelines produce and the interface implementations
/// they rely on (bufferization, deallocation) to `registry`.
void registerPipelineDialects(mlir::DialectRegistry &registry);

} // namespace netc

#endif // NETC_PIPELINES_PIPELINES_H
