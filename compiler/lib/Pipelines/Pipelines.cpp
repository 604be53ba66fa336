//===- Pipelines.cpp - netc's pass pipelines -------------------------------===//
#include "netc/Pipelines/Pipelines.h"
#include "netc/Codegen/Passes.h"
#include "netc/Conversion/Passes.h"
#include "netc/Dialect/Net/Transforms/Passes.h"

#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVM.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Pipelines/Passes.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Target/LLVM/NVVM/Target.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/GPU/GPUToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/NVVM/NVVMToLLVMIRTranslation.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/AllocationOpInterfaceImpl.h"
#include "mlir/Dialect/OpenMP/OpenMPDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Passes.h"
#include "mlir/Dialect/SCF/Transforms/BufferDeallocationOpInterfaceImpl.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void netc::buildNetToLinalgPipeline(OpPassManager &pm) {
  pm.addPass(createCanonicalizerPass()); // folds dropout away
  pm.addNestedPass<func::FuncOp>(net::createNetFoldBatchNorm());
  pm.addPass(createConvertNetToLinalg());
  pm.addPass(createCanonicalizerPass()); // cancels the NCHW/NHWC transposes
  pm.addPass(net::createNetSplitWeightPreparation());
  pm.addPass(createCSEPass());
}

void netc::buildCPUCodegenPipeline(OpPassManager &pm, const CPUPipelineOptions &options) {
  NetCPUTileConvolutionsOptions tiling;
  tiling.vectorBits = options.vectorBits;
  pm.addNestedPass<func::FuncOp>(createNetCPUTileConvolutions(tiling));
  pm.addNestedPass<func::FuncOp>(createNetCPULoopOrder());
  pm.addNestedPass<func::FuncOp>(createNetApproximateMath());
  pm.addPass(createNetBufferize());
  // The tiles between a convolution and its epilogue (a register tile, at
  // most 16 vectors) live on the stack, where LLVM keeps them in registers.
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 4096;
  stack.maxRankOfAllocatedMemRef = 4;
  pm.addNestedPass<func::FuncOp>(bufferization::createPromoteBuffersToStackPass(stack));
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createNetCPULowerVectors());
  pm.addNestedPass<func::FuncOp>(createNetCPUDistribute());
  pm.addPass(createNetPlanMemory());
  if (options.profile)
    pm.addPass(createNetCPUProfile());
  pm.addPass(createForallToParallelLoopPass());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createConvertSCFToOpenMPPass());
  // Multi-row tiles (a depthwise tile reads 8 pixels x 32 channels) become
  // one vector load per row; as loops they would be gathers.
  pm.addPass(createConvertVectorToSCFPass(VectorTransferToSCFOptions().enableFullUnroll()));
  pm.addPass(createLowerAffinePass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertVectorToLLVMPass());
  // Before scf-to-cf: the memref.alloca_scope that scf-to-openmp puts in
  // each parallel body must still hold one block when it is lowered.
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createArithToLLVMConversionPass());
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  pm.addPass(createConvertControlFlowToLLVMPass());
  // After func-to-llvm: this pass also converts functions, with memref
  // descriptors instead of the bare pointers the entry points take.
  pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass()); // vectorization's padding values
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void netc::buildGPUCodegenPipeline(OpPassManager &pm, const GPUPipelineOptions &options) {
  pm.addNestedPass<func::FuncOp>(createNetGPUTileAndFuse());
  pm.addPass(createCanonicalizerPass()); // the whole-block tiles fusion left dead
  pm.addNestedPass<func::FuncOp>(createNetApproximateMath()); // no libdevice needed
  pm.addPass(createNetBufferize());
  // Activations in the arena the caller allocates on the device; what stays
  // allocated is a thread's tile inside a kernel, which becomes registers.
  NetPlanMemoryOptions arenas;
  arenas.entries = {"run", "prepare"};
  pm.addPass(createNetPlanMemory(arenas));
  bufferization::PromoteBuffersToStackPassOptions stack;
  stack.maxAllocSizeInBytes = 1024;
  pm.addNestedPass<func::FuncOp>(bufferization::createPromoteBuffersToStackPass(stack));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass()); // identical subviews, so self-copies are seen
  pm.addNestedPass<func::FuncOp>(createNetGPUDistribute());
  pm.addPass(createForallToParallelLoopPass());
  pm.addNestedPass<func::FuncOp>(createNetGPUCollapseGrid());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  if (options.stopAfter == "tiles")
    return;
  GpuMapParallelLoopsPassOptions mapping;
  mapping.mappingPolicyStr = "innermost-first"; // channels on threadIdx.x: coalesced
  pm.addNestedPass<func::FuncOp>(createGpuMapParallelLoopsPass(mapping));
  pm.addPass(createConvertParallelLoopToGpuPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createGpuLaunchSinkIndexComputationsPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createNetGPUMergeKernelModules());
  pm.addPass(createNetGPUCheckHostCode());
  if (options.stopAfter == "kernels")
    return;
  pm.addNestedPass<gpu::GPUModuleOp>(createNetGPULowerMath());
  // The host functions keep bare pointers (net-export-entry-point); the
  // kernels get memref descriptors from gpu-to-llvm.
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  pm.addPass(createConvertFuncToLLVMPass(func));
  gpu::GPUToNVVMPipelineOptions nvvm;
  nvvm.cubinChip = options.chip;
  nvvm.cubinFeatures = ""; // the PTX version the chip needs, not upstream's 6.0
  nvvm.cubinFormat = "isa";
  gpu::buildLowerToNVVMPassPipeline(pm, nvvm);
  NetGPUAssembleOptions assemble;
  assemble.toolkit = options.toolkit;
  pm.addPass(createNetGPUAssemble(assemble));
  pm.addPass(createNetGPULaunchOnStream());
}

void netc::registerPipelineDialects(DialectRegistry &registry) {
  registry.insert<net::NetDialect, affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, linalg::LinalgDialect, LLVM::LLVMDialect,
                  math::MathDialect, memref::MemRefDialect, omp::OpenMPDialect, scf::SCFDialect,
                  tensor::TensorDialect, vector::VectorDialect, gpu::GPUDialect,
                  NVVM::NVVMDialect>();
  // What the GPU pipeline's conversions to LLVM and its translation need.
  registerConvertNVVMToLLVMInterface(registry);
  registerConvertMemRefToLLVMInterface(registry);
  registerConvertFuncToLLVMInterface(registry);
  arith::registerConvertArithToLLVMInterface(registry);
  cf::registerConvertControlFlowToLLVMInterface(registry);
  index::registerConvertIndexToLLVMInterface(registry);
  registerConvertMathToLLVMInterface(registry);
  ub::registerConvertUBToLLVMInterface(registry);
  NVVM::registerNVVMTargetInterfaceExternalModels(registry);
  gpu::registerOffloadingLLVMTranslationInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registerGPUDialectTranslation(registry);
  registerNVVMDialectTranslation(registry);
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  arith::registerBufferDeallocationOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerTilingInterfaceExternalModels(registry);
  memref::registerAllocationOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferDeallocationOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  vector::registerBufferizableOpInterfaceExternalModels(registry);
}

void netc::registerPipelines() {
  PassPipelineRegistration<>("net-to-linalg-pipeline",
                             "Lower the net dialect to linalg on tensors",
                             buildNetToLinalgPipeline);
  PassPipelineRegistration<CPUPipelineOptions>(
      "net-cpu-pipeline", "Lower linalg on tensors to the LLVM dialect for a CPU",
      buildCPUCodegenPipeline);
  PassPipelineRegistration<GPUPipelineOptions>(
      "net-gpu-pipeline", "Lower linalg on tensors to the LLVM dialect with NVIDIA GPU kernels",
      buildGPUCodegenPipeline);
}
