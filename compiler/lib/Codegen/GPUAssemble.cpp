//===- GPUAssemble.cpp - The net-gpu-assemble pass ------------------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace netc {
#define GEN_PASS_DEF_NETGPUASSEMBLE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// A temporary file removed when this goes out of scope.
struct TempFile {
  llvm::SmallString<128> path;
  ~TempFile() {
    if (!path.empty())
      llvm::sys::fs::remove(path);
  }
};

struct NetGPUAssemblePass : netc::impl::NetGPUAssembleBase<NetGPUAssemblePass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto binary : getOperation().getOps<gpu::BinaryOp>()) {
      SmallVector<Attribute> objects;
      for (auto object : binary.getObjectsAttr().getAsRange<gpu::ObjectAttr>()) {
        auto target = dyn_cast<NVVM::NVVMTargetAttr>(object.getTarget());
        if (!target || object.getFormat() != gpu::CompilationTarget::Assembly) {
          objects.push_back(object);
          continue;
        }
        llvm::StringRef ptx = object.getObject().getValue().rtrim('\0');
        if (toolkit.empty()) {
          // The driver reads PTX as a C string; the object is embedded as is.
          objects.push_back(gpu::ObjectAttr::get(
              target, gpu::CompilationTarget::Assembly,
              StringAttr::get(&getContext(), ptx.str() + '\0'), object.getProperties(),
              object.getKernels()));
          continue;
        }
        FailureOr<std::string> fatbin = assemble(binary, ptx, target.getChip());
        if (failed(fatbin))
          return signalPassFailure();
        objects.push_back(gpu::ObjectAttr::get(
            target, gpu::CompilationTarget::Fatbin,
            StringAttr::get(&getContext(), *fatbin), object.getProperties(),
            object.getKernels()));
      }
      binary.setObjectsAttr(ArrayAttr::get(&getContext(), objects));
    }
  }

private:
  /// Runs `tool` of the toolkit with `args`; reports its output on failure.
  LogicalResult runTool(Operation *op, llvm::StringRef tool, ArrayRef<std::string> args) {
    llvm::SmallString<128> program(toolkit);
    llvm::sys::path::append(program, "bin", tool);
    TempFile log;
    if (llvm::sys::fs::createTemporaryFile("netc-" + tool, "log", log.path))
      return op->emitError("cannot create a temporary file for ") << tool;
    SmallVector<llvm::StringRef> argv = {program};
    argv.append(args.begin(), args.end());
    std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.path.str(), log.path.str()};
    std::string message;
    int status = llvm::sys::ExecuteAndWait(program, argv, std::nullopt, redirects, 0, 0, &message);
    if (status == 0)
      return success();
    auto output = llvm::MemoryBuffer::getFile(log.path);
    return op->emitError() << tool << " failed"
                           << (message.empty() ? "" : ": " + message) << "\n"
                           << (output ? (*output)->getBuffer() : "");
  }

  /// PTX -> a fatbinary with the machine code for `chip` and the PTX itself,
  /// which the driver compiles for GPUs newer than `chip`.
  FailureOr<std::string> assemble(Operation *op, llvm::StringRef ptx, llvm::StringRef chip) {
    TempFile ptxFile, cubinFile, fatbinFile;
    if (llvm::sys::fs::createTemporaryFile("netc-kernels", "ptx", ptxFile.path) ||
        llvm::sys::fs::createTemporaryFile("netc-kernels", "cubin", cubinFile.path) ||
        llvm::sys::fs::createTemporaryFile("netc-kernels", "fatbin", fatbinFile.path))
      return op->emitError("cannot create temporary files for ptxas");
    {
      std::error_code error;
      llvm::raw_fd_ostream os(ptxFile.path, error);
      if (error)
        return op->emitError("cannot write ") << ptxFile.path << ": " << error.message();
      os << ptx;
    }
    std::string sm = chip.drop_front(3).str(); // sm_90 -> 90
    if (failed(runTool(op, "ptxas",
                       {"-arch=" + chip.str(), "-O3", ptxFile.path.str().str(), "-o",
                        cubinFile.path.str().str()})) ||
        failed(runTool(op, "fatbinary",
                       {"-64", "--create=" + fatbinFile.path.str().str(),
                        "--image3=kind=elf,sm=" + sm + ",file=" + cubinFile.path.str().str(),
                        "--image3=kind=ptx,sm=" + sm + ",file=" + ptxFile.path.str().str()})))
      return failure();
    auto fatbin = llvm::MemoryBuffer::getFile(fatbinFile.path, /*IsText=*/false);
    if (!fatbin)
      return op->emitError("cannot read ") << fatbinFile.path;
    return (*fatbin)->getBuffer().str();
  }
};

} // namespace
