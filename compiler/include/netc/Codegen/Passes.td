//===- Passes.td - Passes that shape the compiled artifact -*- tablegen -*-===//
#ifndef NETC_CODEGEN_PASSES_TD
#define NETC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def NetCPULoopOrder : Pass<"net-cpu-loop-order", "::mlir::func::FuncOp"> {
  let summary = "Order pooling and reduction loops for contiguous inner loops";
  let description = [{
    Generalizes the convolutions and poolings net-cpu-tile-convolutions left
    and moves reduction loops (channels, kernel rows and columns) outside the
    two innermost parallel loops, which walk contiguous memory (channels, in
    NHWC) that LLVM vectorizes.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def NetCPUTileConvolutions : Pass<"net-cpu-tile-convolutions", "::mlir::func::FuncOp"> {
  let summary = "Tile channels-last convolutions to register tiles and vectorize them";
  let description = [{
    Each `conv_2d_nhwc_hwcf` and `depthwise_conv_2d_nhwc_hwc` is tiled to one
    register tile per innermost step: `pixels` output pixels of a row times
    `channels` output channels, with every reduction (kernel rows, columns,
    input channels) stepped one at a time. The 2-D convolution of a tile is
    then decomposed to a 1-D one and vectorized: per input channel, `pixels`
    broadcasts, `channels / lanes` filter loads and pixels x channels / lanes
    FMAs into accumulators that net-cpu-lower-vectors keeps in registers.
    The tile is chosen per layer from the shape and the vector width: the
    widest channel tile (two vectors, one, half, ...) that divides the output
    channels, then the most pixels dividing the row width that fit half the
    vector registers as accumulators.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "unsigned", /*default=*/"512",
           "Width of the target's vector registers in bits (512 for AVX-512, 256 for AVX2)">
  ];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect", "::mlir::vector::VectorDialect"
  ];
}

def NetCPULowerVectors : Pass<"net-cpu-lower-vectors", "::mlir::func::FuncOp"> {
  let summary = "Keep accumulators in registers and lower vector contractions to FMAs";
  let description = [{
    After bufferization: folds subviews into the vector transfers and drops
    leading unit dimensions so identical accesses are recognised, hoists the
    accumulator reads and writes out of the reduction loops, then lowers
    contractions to outer products (broadcast + FMA) and transfers to 1-D
    loads and stores.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect", "::mlir::vector::VectorDialect"
  ];
}

def NetPlanMemory : Pass<"net-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place every buffer of an inference in one arena planned at compile time";
  let description = [{
    On buffers, after deallocation: every statically shaped `memref.alloc` at
    the top level of the run function becomes a `memref.view` into one byte
    buffer, the arena, which the run function takes as its last argument
    (`net.arena`); the frees go away. Buffers share addresses when their live
    ranges (from the allocation to the last use of it or any view of it, in
    top-level operations) do not overlap: largest first, each at the lowest
    free 64-byte-aligned offset. The arena's size is the function attribute
    `net.arena_bytes`. An inference then allocates nothing.

    `entries` names the functions planned (by their `net.entry` role): the
    CPU plans `run`; the GPU also `prepare`, whose buffers must be on the
    device too.
  }];
  let options = [
    ListOption<"entries", "entries", "std::string",
               "Roles (net.entry) of the functions to plan (default: run)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::memref::MemRefDialect"];
}

def NetCPUProfile : Pass<"net-cpu-profile", "::mlir::ModuleOp"> {
  let summary = "Time every kernel of the model for the per-kernel profile";
  let description = [{
    On buffers, after fusion and tiling: brackets each kernel of the run
    function (each top-level linalg op or loop nest) with calls to
    `netc_profile_begin(id)` and `netc_profile_end(id)`, and lists the
    kernels in the module attribute `net.profile`, in id order: the layer
    (from the .net location), the op, its floating-point operations and the
    bytes it reads and writes.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::func::FuncDialect"];
}

def NetCPUDistribute : Pass<"net-cpu-distribute", "::mlir::func::FuncOp"> {
  let summary = "Share the remaining linalg ops of the model among threads";
  let description = [{
    On buffers, after net-cpu-lower-vectors (subviews of a buffer would keep
    the convolutions' accumulators from being hoisted): every statically
    shaped linalg op left at the top level of a function (activations,
    additions, pooling, padding, copies, the dense layer, transposes) with at
    least 16384 iterations is tiled along
    its outermost parallel loop of more than one iteration into 16 chunks of
    an `scf.forall`, which becomes an OpenMP loop. The loop nest keeps the
    op's name and cost for the profile.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"];
}

def NetApproximateMath : Pass<"net-approximate-math", "::mlir::func::FuncOp"> {
  let summary = "Compute exp and tanh with polynomials instead of libm calls";
  let description = [{
    `math.exp` and `math.tanh` (sigmoid, SiLU, softmax, tanh) become MLIR's
    polynomial approximations: plain arithmetic that LLVM vectorizes, where
    libm's expf is a scalar call per element. EfficientNet-B0 (SiLU
    everywhere): 25 ms -> 9.7 ms, its outputs still within 1e-6 (relative)
    of PyTorch's (test/E2E/efficientnet_b0.test checks 1e-4).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect"];
}

def NetBufferize : Pass<"net-bufferize", "::mlir::ModuleOp"> {
  let summary = "Bufferize a model: tensors to memrefs, its result an out-parameter";
  let description = [{
    First, padding becomes a fill and an insertion, and every tensor that is
    inserted into a bigger one (a branch into its concatenation, a tensor into
    its padded copy) is computed in place in its slice (empty tensor
    elimination): no copies. Then one-shot bufferization of the whole
    module, function boundaries included (identity layouts, so the model's
    arguments are plain contiguous buffers), with every copy made a
    `linalg.copy` so it lowers to loops like the rest; then the result
    becomes an out-parameter written in place (the buffer the model would
    return is replaced by the caller's).
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
    function takes the input, every parameter, every prepared tensor, the
    output and the arena (net-plan-memory) as separate pointers, and its
    prepare function the parameters and the prepared outputs. This pass
    makes both internal (so models compiled into one program never clash)
    and exports

      void <prefix>_prepare(const float *const *params, float *const *prepared)
      void <prefix>_run(const float *input, const float *const *tensors, float *output,
                        void *arena)

    where `tensors` lists the parameters, then the prepared tensors, and
    `arena` is 64-byte-aligned scratch memory of `net.arena_bytes` bytes.
    Arguments after the tensors (an arena, a stream) are passed on as they
    are: for the GPU, both functions end with `void *arena, void *stream`.
  }];
  let options = [
    Option<"prefix", "prefix", "std::string", /*default=*/"\"netc_model\"",
           "Prefix of the exported entry points">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def NetGPUTileAndFuse : Pass<"net-gpu-tile-and-fuse", "::mlir::func::FuncOp"> {
  let summary = "Tile reductions with their epilogues to GPU blocks and threads";
  let description = [{
    On tensors: every convolution, pooling, matrix product and other op with
    reduction loops is tiled twice into nested `scf.forall` loops, blocks then
    threads (net-gpu-pipeline maps the outer loop to the grid and the inner to
    the threads of a block). A block computes a tile of the output, at most
    64 channels wide and 256 elements in all, each size the largest that
    divides its loop; a thread computes one
    element and runs the reductions. The op that initialises the output (the
    broadcast bias) and the elementwise chain that consumes it (activation,
    residual addition, activation) are computed in the same tiles: one
    kernel, no intermediate tensor in memory.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect", "::mlir::tensor::TensorDialect"];
}

def NetGPUDistribute : Pass<"net-gpu-distribute", "::mlir::func::FuncOp"> {
  let summary = "Tile the remaining linalg ops of the model to GPU blocks and threads";
  let description = [{
    On buffers: every linalg op left at the top level of a function
    (elementwise ops, transposes, padding fills, copies) is tiled into nested
    `scf.forall` loops of blocks and threads like net-gpu-tile-and-fuse does
    for reductions, so that every op of the model runs in a kernel. A buffer
    inside a kernel other than a thread's own stack tile (which becomes
    registers) is an error: it would become one private copy per thread.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect"];
}

def NetGPULaunchOnStream : Pass<"net-gpu-launch-on-stream", "::mlir::ModuleOp"> {
  let summary = "Launch the model's kernels on a stream its caller passes";
  let description = [{
    After gpu-to-llvm: the run and prepare functions take one more argument,
    a CUDA stream (marked by the function attribute `net.stream`), and every
    kernel launch in them is enqueued
    on it, instead of on a stream created, synchronised and destroyed around
    each launch. The caller decides when to wait.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect", "::mlir::LLVM::LLVMDialect"];
}

def NetGPUAssemble : Pass<"net-gpu-assemble", "::mlir::ModuleOp"> {
  let summary = "Finish the kernels' binaries: PTX for the driver, or machine code";
  let description = [{
    After gpu-module-to-binary produced PTX (LLVM's NVPTX backend). Without
    `toolkit`, each NVVM object stays PTX, NUL-terminated because the driver
    reads it as a C string (gpu-module-to-binary does not terminate it, and
    the launch code passes no size). With `toolkit`, each becomes a
    fatbinary made by its `ptxas` (machine code for the object's chip) and
    `fatbinary`, which keeps the PTX as well so that the driver can compile
    it for GPUs newer than the chip; the driver then loads machine code
    instead of compiling PTX when a model is created.
  }];
  let options = [
    Option<"toolkit", "toolkit", "std::string", /*default=*/"",
           "CUDA toolkit directory (with bin/ptxas and bin/fatbinary)">
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def NetGPULowerMath : Pass<"net-gpu-lower-math", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Lower the math ops of GPU kernels to NVVM intrinsics";
  let description = [{
    In outlined kernels: f32 `math.sqrt` (batch-norm folding), `math.floor`
    and `math.fma` (the exp polynomial of net-approximate-math) become the
    NVVM intrinsics of one PTX instruction each (`sqrt.rn`, `cvt.rmi`,
    `fma.rn`: correctly rounded). Upstream's
    lowering calls libdevice for them, which needs a CUDA toolkit at compile
    time; netc's kernels need none. Any other math op is an error.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def NetGPUMergeKernelModules : Pass<"net-gpu-merge-kernel-modules", "::mlir::ModuleOp"> {
  let summary = "Put every outlined kernel of the model in one GPU module";
  let description = [{
    gpu-kernel-outlining makes one `gpu.module` per kernel, each then
    compiled to its own binary, assembled by its own ptxas run and loaded by
    the driver on its own (ResNet-50: 314 kernels, run and prepare). This moves every kernel
    into one module, `@kernels`, each named after the module it came from,
    and points the launches at them: one binary per model.
  }];
  let dependentDialects = ["::mlir::gpu::GPUDialect"];
}

def NetGPUCheckHostCode : Pass<"net-gpu-check-host-code", "::mlir::ModuleOp"> {
  let summary = "Check that every loop of the model became a GPU kernel";
  let description = [{
    After outlining: the run and prepare functions run on the host and may
    only launch kernels and compute their arguments (views, index
    arithmetic). A loop, load, store or linalg op left there (a loop that
    convert-parallel-loops-to-gpu could not map; it leaves those silently)
    would read device memory on the host: an error at its location.
  }];
}

def NetGPUCollapseGrid : Pass<"net-gpu-collapse-grid", "::mlir::func::FuncOp"> {
  let summary = "Fit the loops over a kernel's blocks into a three-dimensional grid";
  let description = [{
    After forall-to-parallel: a top-level `scf.parallel` (a kernel's blocks)
    with more than three dimensions has its outer ones combined into one,
    since gpu-map-parallel-loops maps three and runs the others as loops in
    every block: with a batch of 8, each block computed all 8 images one
    after the other (ResNet-50, H200: 58.7 ms at batch 8 against 7.0 ms at
    batch 1).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::scf::SCFDialect"];
}

#endif // NETC_CODEGEN_PASSES_TD
