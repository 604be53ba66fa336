//===- Passes.td - Passes that shape the compiled artifact -*- tablegen -*-===//
#ifndef NETC_CODEGEN_PASSES_TD
#define NETC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def NetCPULoopOrder : Pass<"net-cpu-loop-order", "::mlir::func::FuncOp"> {
  let summary = "Order convolution and pooling loops for contiguous inner loops";
  let description = [{
    Rewrites dense convolutions (conv_2d_nchw_fchw) as im2col and a matrix
    product, so their innermost loop spans all output pixels instead of one
    row (7 to 112 long, too short to vectorize on small feature maps); then
    generalizes the other convolutions and poolings and moves reduction loops
    (channels, kernel rows and columns) outside the two innermost parallel
    loops, which walk contiguous memory that LLVM vectorizes. A stopgap before
    tiling and explicit vectorization.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NetBufferize : Pass<"net-bufferize", "::mlir::ModuleOp"> {
  let summary = "Bufferize a model: tensors to memrefs, its result an out-parameter";
  let description = [{
    One-shot bufferization of the whole module, function boundaries included
    (identity layouts, so the model's arguments are plain contiguous
    buffers), with every copy made a `linalg.copy` so it lowers to loops like
    the rest; then the result becomes an out-parameter written in place (the
    buffer the model would return is replaced by the caller's).
  }];
  let dependentDialects = [
    "::mlir::bufferization::BufferizationDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::memref::MemRefDialect"
  ];
}

def NetExportEntryPoint : Pass<"net-export-entry-point", "::mlir::ModuleOp"> {
  let summary = "Give the lowered model stable C entry points";
  let description = [{
    After lowering to the LLVM dialect with bare pointers, the model's run
    function takes the input, every parameter, every prepared tensor and the
    output as separate pointers, and its prepare function the parameters and
    the prepared outputs. This pass makes both internal (so models compiled
    into one program never clash) and exports

      void <prefix>_prepare(const float *const *params, float *const *prepared)
      void <prefix>_run(const float *input, const float *const *tensors, float *output)

    where `tensors` lists the parameters, then the prepared tensors.
  }];
  let options = [
    Option<"prefix", "prefix", "std::string", /*default=*/"\"netc_model\"",
           "Prefix of the exported entry points">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // NETC_CODEGEN_PASSES_TD
