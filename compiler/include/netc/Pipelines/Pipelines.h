//===- Pipelines.h - netc's pass pipelines -----------------------*- C++ -*-===//
//
// Each stage of the compiler is a pipeline built here and registered by name,
// so the driver and net-opt run exactly the same passes.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_PIPELINES_PIPELINES_H
#define NETC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"

namespace netc {

/// net dialect -> linalg on tensors (`net-to-linalg-pipeline`): inference
/// rewrites (dropout removal, batch-norm folding), the split of weight
/// preparation into its own function, then the conversion.
void buildNetToLinalgPipeline(mlir::OpPassManager &pm);

/// linalg on tensors -> LLVM dialect for the host CPU (`net-cpu-pipeline`):
/// bufferization with results as out-parameters, loops, LLVM dialect with
/// bare-pointer calling convention.
void buildCPUCodegenPipeline(mlir::OpPassManager &pm);

/// Registers the pipelines above with their names.
void registerPipelines();

/// Adds the dialects the pipelines produce and the interface implementations
/// they rely on (bufferization, deallocation) to `registry`.
void registerPipelineDialects(mlir::DialectRegistry &registry);

} // namespace netc

#endif // NETC_PIPELINES_PIPELINES_H
