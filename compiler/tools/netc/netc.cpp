//===- netc.cpp - The netc command-line driver -----------------------------===//
//
// Parses options and calls the libraries: Program::load and instantiate
// (Sema), the summary printers, lowerModel/compileModel (Compiler), the
// header generator, and for `run` the JIT loader and the runtime.
//
//===----------------------------------------------------------------------===//
#include "netc/Codegen/HeaderGen.h"
#include "netc/Compiler/Compiler.h"
#include "netc/Compiler/LoadedModel.h"
#include "netc/Compiler/Profile.h"
#include "netc/Frontend/Parse.h"
#include "netc/Pipelines/Pipelines.h"
#include "netc/Sema/Sema.h"
#include "netc/Summary/Summary.h"
#include "netc/image.h"
#include "netc/npy.h"
#include "netc/runtime.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <numeric>

using namespace netc;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Options
//===----------------------------------------------------------------------===//

static cl::SubCommand summaryCommand("summary", "Print a model's layers, shapes, parameters and MACs");
static cl::SubCommand checkCommand("check", "Parse and check a .net file and its models");
static cl::SubCommand compileCommand("compile",
                                     "Compile a model to an object file and a C++ header");
static cl::SubCommand runCommand("run", "Compile a model and run it on this machine");
static cl::SubCommandGroup allCommands({&summaryCommand, &checkCommand, &compileCommand,
                                        &runCommand});
static cl::SubCommandGroup codegenCommands({&compileCommand, &runCommand});

static cl::OptionCategory netcCategory("netc options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.net>"), cl::Required,
                                      cl::sub(allCommands), cl::cat(netcCategory));
static cl::opt<std::string> modelName("model", cl::desc("Model to use (default: the only one)"),
                                      cl::value_desc("name"), cl::sub(allCommands),
                                      cl::cat(netcCategory));
static cl::list<std::string> defines("D", cl::Prefix,
                                     cl::desc("Set model parameter NAME to VALUE"),
                                     cl::value_desc("NAME=VALUE"), cl::sub(allCommands),
                                     cl::cat(netcCategory));
static cl::opt<int64_t> batch("batch", cl::desc("Batch size (default 1)"), cl::init(1),
                              cl::sub(allCommands), cl::cat(netcCategory));
static cl::opt<std::string> inputSize("input-size",
                                      cl::desc("Replace the model's input height and width"),
                                      cl::value_desc("HxW or S"), cl::sub(allCommands),
                                      cl::cat(netcCategory));
static cl::list<std::string> importDirs("I", cl::Prefix,
                                        cl::desc("Add a directory for 'import name'"),
                                        cl::value_desc("dir"), cl::sub(allCommands),
                                        cl::cat(netcCategory));

static cl::opt<bool> arena("arena",
                           cl::desc("Also compile the model (for this machine, without "
                                    "emitting code) and report its activation arena"),
                           cl::sub(summaryCommand), cl::cat(netcCategory));
static cl::opt<bool> json("json", cl::desc("Print the summary as JSON"), cl::sub(summaryCommand),
                          cl::cat(netcCategory));
static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check that the diagnostics match the file's expected-* comments"),
    cl::sub(checkCommand), cl::cat(netcCategory));

enum class Emit { None, Ast, Graph, Net, Linalg, Gpu, LLVM, Ptx, Asm, Obj };
static cl::opt<Emit> emit(
    "emit", cl::desc("Print a stage and stop (default for compile: object file and header)"),
    cl::values(clEnumValN(Emit::Ast, "ast", "the syntax tree"),
               clEnumValN(Emit::Graph, "graph", "the checked layer graph"),
               clEnumValN(Emit::Net, "net", "MLIR in the net dialect"),
               clEnumValN(Emit::Linalg, "linalg", "MLIR in linalg on tensors"),
               clEnumValN(Emit::Gpu, "gpu", "MLIR with the GPU kernels outlined (cuda)"),
               clEnumValN(Emit::LLVM, "llvm", "MLIR in the LLVM dialect"),
               clEnumValN(Emit::Ptx, "ptx", "the PTX of the GPU kernels (cuda)"),
               clEnumValN(Emit::Asm, "asm", "assembly for the target"),
               clEnumValN(Emit::Obj, "obj", "an object file (needs -o)")),
    cl::init(Emit::None), cl::sub(checkCommand), cl::sub(compileCommand),
    cl::cat(netcCategory));
static cl::opt<bool> debugInfo("debuginfo",
                               cl::desc("Print MLIR with the .net source locations"),
                               cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> outputPath(
    "o", cl::desc("compile: output directory (or file with --emit)"), cl::value_desc("path"),
    cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> cppNamespace("namespace",
                                         cl::desc("C++ namespace of the header's class"),
                                         cl::init("netc_models"), cl::sub(compileCommand),
                                         cl::cat(netcCategory));
static cl::opt<std::string> target("target",
                                   cl::desc("What the model runs on: cpu (default) or "
                                            "cuda[:sm_XX] (NVIDIA GPU, default sm_90)"),
                                   cl::value_desc("cpu|cuda[:sm_XX]"), cl::init("cpu"),
                                   cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> cudaPath(
    "cuda-path",
    cl::desc("CUDA toolkit whose ptxas assembles the kernels (default: $CUDA_PATH or "
             "/usr/local/cuda if present; 'none': leave PTX for the driver)"),
    cl::value_desc("dir"), cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> targetTriple("target-triple",
                                         cl::desc("Target triple (default: this machine)"),
                                         cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> targetCPU("cpu", cl::desc("Target CPU (default: this machine's)"),
                                      cl::sub(compileCommand), cl::cat(netcCategory));
static cl::opt<std::string> targetFeatures(
    "features", cl::desc("Target features to add or remove, e.g. -avx512f"),
    cl::sub(compileCommand), cl::cat(netcCategory));

static cl::opt<std::string> weightsPath("weights", cl::desc("safetensors weights"),
                                        cl::value_desc("file"), cl::sub(runCommand),
                                        cl::cat(netcCategory));
static cl::opt<std::string> inputNpy("input", cl::desc("Input as a float32 .npy (NCHW)"),
                                     cl::value_desc("file"), cl::sub(runCommand),
                                     cl::cat(netcCategory));
static cl::opt<std::string> imagePath(
    "image", cl::desc("Input image (PNG/JPEG/PPM), ImageNet preprocessing; prints the top 5"),
    cl::value_desc("file"), cl::sub(runCommand), cl::cat(netcCategory));
static cl::opt<std::string> outputNpy("output", cl::desc("Write the output as a float32 .npy"),
                                      cl::value_desc("file"), cl::sub(runCommand),
                                      cl::cat(netcCategory));
static cl::opt<std::string> labelsPath("labels", cl::desc("Class names, one per line"),
                                       cl::value_desc("file"), cl::sub(runCommand),
                                       cl::cat(netcCategory));
static cl::opt<int> threads("threads",
                            cl::desc("Threads per inference (default: one per core)"),
                            cl::init(0), cl::sub(runCommand), cl::cat(netcCategory));
static cl::opt<bool> profile("profile",
                             cl::desc("Time every kernel over the --repeat runs (10 if not "
                                      "given) and print the per-kernel profile"),
                             cl::sub(runCommand), cl::cat(netcCategory));
static cl::opt<double> peakGflops("peak-gflops",
                                  cl::desc("The machine's peak for the profile's % of peak "
                                           "(default: measured with an FMA loop)"),
                                  cl::init(0), cl::sub(runCommand), cl::cat(netcCategory));
static cl::opt<unsigned> repeat("repeat",
                                cl::desc("Time N inferences after a warm-up; print the median"),
                                cl::init(0), cl::sub(runCommand), cl::cat(netcCategory));

//===----------------------------------------------------------------------===//
// Shared steps
//===----------------------------------------------------------------------===//

static mlir::InFlightDiagnostic optionError(mlir::MLIRContext *context) {
  return mlir::emitError(commandLineLocation(context));
}

static std::vector<std::string> searchPaths() {
  std::vector<std::string> paths(importDirs.begin(), importDirs.end());
  paths.push_back(NETC_STDLIB_DIR);
  return paths;
}

static std::optional<InstantiateOptions> instantiateOptions(mlir::MLIRContext *context) {
  InstantiateOptions options;
  options.batch = batch;
  if (!inputSize.empty()) {
    auto [height, width] = llvm::StringRef(inputSize).split('x');
    if (width.empty())
      width = height;
    std::array<int64_t, 2> size;
    if (height.getAsInteger(10, size[0]) || width.getAsInteger(10, size[1])) {
      optionError(context) << "--input-size expects HxW or S, got '" << inputSize << "'";
      return std::nullopt;
    }
    options.inputSize = size;
  }
  if (!validateOptions(options, context))
    return std::nullopt;
  for (llvm::StringRef define : defines) {
    auto [name, value] = define.split('=');
    if (name.empty() || value.empty() || !define.contains('=')) {
      optionError(context) << "-D expects NAME=VALUE, got '" << define << "'";
      return std::nullopt;
    }
    options.defines.push_back({name.str(), value.str()});
  }
  return options;
}

/// The models the command applies to: --model, or else every model of the
/// file (check; a library may have none) or its only one.
static std::optional<std::vector<std::string>> selectModels(const Program &program,
                                                            bool allowMany) {
  if (!modelName.empty())
    return std::vector<std::string>{modelName};
  std::vector<std::string> models = program.mainModels();
  if (models.size() == 1 || allowMany)
    return models;
  llvm::errs() << "netc: error: " << inputFile << " defines "
               << (models.empty() ? "no models" : std::to_string(models.size()) + " models")
               << (models.empty() ? "" : "; choose one with --model: " + llvm::join(models, ", "))
               << "\n";
  return std::nullopt;
}

/// What the generated code depends on besides the model graph: hashed into
/// the entry point's name.
static std::string fingerprint(const Model &model, llvm::SourceMgr &sourceMgr) {
  std::string text = model.name + "\n" + target + "\n" + targetTriple + "\n" + targetCPU +
                     "\n" + targetFeatures;
  for (unsigned id = 1; id <= sourceMgr.getNumBuffers(); ++id)
    text += sourceMgr.getMemoryBuffer(id)->getBuffer();
  text += std::to_string(batch) + inputSize;
  for (const std::string &define : defines)
    text += "\n" + define;
  return text;
}

static bool isValidIdentifier(llvm::StringRef name) {
  return !name.empty() && (llvm::isAlpha(name[0]) || name[0] == '_') &&
         llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

static TargetOptions targetOptions() { return {targetTriple, targetCPU, targetFeatures}; }

/// The toolkit --cuda-path names, or else one found where CUDA installs;
/// empty if none (the kernels stay PTX). Reports a named one that is not.
static std::optional<std::string> cudaToolkit() {
  auto hasTools = [](llvm::StringRef dir) {
    llvm::SmallString<128> ptxas(dir), fatbinary(dir);
    llvm::sys::path::append(ptxas, "bin", "ptxas");
    llvm::sys::path::append(fatbinary, "bin", "fatbinary");
    return llvm::sys::fs::can_execute(ptxas) && llvm::sys::fs::can_execute(fatbinary);
  };
  if (cudaPath == "none")
    return std::string();
  if (!cudaPath.empty()) {
    if (hasTools(cudaPath))
      return cudaPath.getValue();
    llvm::errs() << "netc: error: --cuda-path '" << cudaPath
                 << "' has no bin/ptxas and bin/fatbinary\n";
    return std::nullopt;
  }
  for (const char *candidate : {const_cast<const char *>(std::getenv("CUDA_PATH")), "/usr/local/cuda"})
    if (candidate && *candidate && hasTools(candidate))
      return std::string(candidate);
  return std::string();
}

/// What --target asks for: nothing for the CPU, the GPU for cuda[:sm_XX];
/// reports a target it does not know.
static std::optional<std::optional<GPUTarget>> gpuTarget() {
  llvm::StringRef name = target;
  if (name == "cpu")
    return std::optional<GPUTarget>();
  auto [kind, chip] = name.split(':');
  unsigned sm = 0;
  if (kind != "cuda" || (name.contains(':') && (!chip.consume_front("sm_") ||
                                                chip.getAsInteger(10, sm) || sm < 60))) {
    llvm::errs() << "netc: error: --target '" << target
                 << "' is not cpu, cuda or cuda:sm_XX (an NVIDIA architecture from sm_60, "
                    "e.g. cuda:sm_80)\n";
    return std::nullopt;
  }
  GPUTarget gpu;
  if (sm)
    gpu.chip = "sm_" + std::to_string(sm);
  if (llvm::Error error = checkGPUChip(gpu.chip)) {
    llvm::errs() << "netc: error: --target '" << target << "': " << toString(std::move(error))
                 << "\n";
    return std::nullopt;
  }
  std::optional<std::string> toolkit = cudaToolkit();
  if (!toolkit)
    return std::nullopt;
  gpu.toolkit = *toolkit;
  return std::optional<GPUTarget>(gpu);
}

/// Writes `path` through a temporary file, so a failure never leaves it
/// half-written and an existing file is only replaced by a complete one.
static bool writeFile(llvm::StringRef path, llvm::function_ref<void(llvm::raw_ostream &)> write) {
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        write(os);
        return llvm::Error::success();
      })) {
    llvm::errs() << "netc: error: cannot write '" << path << "': " << llvm::toString(std::move(error))
                 << "\n";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// summary
//===----------------------------------------------------------------------===//

/// The vector width register tiles are chosen for; reports a bad target.
static std::optional<unsigned> vectorBitsOf(const TargetOptions &target) {
  llvm::Expected<unsigned> bits = vectorRegisterBits(target);
  if (bits)
    return *bits;
  llvm::errs() << "netc: error: " << llvm::toString(bits.takeError()) << "\n";
  return std::nullopt;
}

static int summarize(const Model &model, mlir::MLIRContext &context,
                     llvm::SourceMgr &sourceMgr) {
  std::optional<int64_t> arenaBytes;
  if (arena) {
    std::optional<unsigned> vectorBits = vectorBitsOf(TargetOptions());
    if (!vectorBits)
      return 1;
    std::string prefix = entryPointPrefix(model, fingerprint(model, sourceMgr));
    CodegenOptions codegen;
    codegen.vectorBits = *vectorBits;
    auto lowered = lowerModel(model, &context, Stage::LLVM, prefix, codegen);
    if (failed(lowered))
      return 1;
    arenaBytes = lowered->arenaBytes;
  }
  if (json)
    printSummaryJson(model, llvm::outs(), arenaBytes);
  else
    printSummaryTable(model, llvm::outs(), arenaBytes);
  return 0;
}

//===----------------------------------------------------------------------===//
// compile
//===----------------------------------------------------------------------===//

static int compileOne(const Model &model, mlir::MLIRContext &context,
                      llvm::SourceMgr &sourceMgr) {
  std::string prefix = entryPointPrefix(model, fingerprint(model, sourceMgr));
  auto gpu = gpuTarget();
  if (!gpu)
    return 1;
  if ((emit == Emit::Gpu || emit == Emit::Ptx) && !*gpu) {
    llvm::errs() << "netc: error: --emit=" << (emit == Emit::Gpu ? "gpu" : "ptx")
                 << " needs --target cuda\n";
    return 1;
  }
  CodegenOptions codegen;
  codegen.gpu = *gpu;
  if (emit == Emit::Ptx)
    codegen.gpu->toolkit.clear(); // PTX, not what ptxas makes of it
  if (!codegen.gpu && emit != Emit::None && emit != Emit::Asm && emit != Emit::Obj) {
    std::optional<unsigned> vectorBits = vectorBitsOf(targetOptions());
    if (!vectorBits)
      return 1;
    codegen.vectorBits = *vectorBits;
  }
  auto printTo = [&](llvm::function_ref<void(llvm::raw_ostream &)> print) {
    if (outputPath.empty()) {
      print(llvm::outs());
      return 0;
    }
    return writeFile(outputPath, print) ? 0 : 1;
  };
  if (emit == Emit::Net || emit == Emit::Linalg || emit == Emit::Gpu || emit == Emit::LLVM ||
      emit == Emit::Ptx) {
    Stage stage = emit == Emit::Net      ? Stage::Net
                  : emit == Emit::Linalg ? Stage::Linalg
                  : emit == Emit::Gpu    ? Stage::GPU
                                         : Stage::LLVM;
    auto lowered = lowerModel(model, &context, stage, prefix, codegen);
    if (failed(lowered))
      return 1;
    if (emit == Emit::Ptx)
      return printTo([&](llvm::raw_ostream &os) { os << kernelAssembly(*lowered->module); });
    mlir::OpPrintingFlags flags;
    if (debugInfo)
      flags.enableDebugInfo();
    return printTo([&](llvm::raw_ostream &os) { lowered->module->print(os, flags); });
  }

  OutputKind kind = emit == Emit::Asm ? OutputKind::Assembly : OutputKind::Object;
  auto compiled = compileModel(model, &context, prefix, targetOptions(), kind, codegen);
  if (!compiled) {
    llvm::errs() << "netc: error: " << llvm::toString(compiled.takeError()) << "\n";
    return 1;
  }
  auto writeCode = [&](llvm::raw_ostream &os) {
    os.write(compiled->code.data(), compiled->code.size());
  };
  if (emit == Emit::Asm && outputPath.empty()) {
    writeCode(llvm::outs());
    return 0;
  }
  if (emit != Emit::None)
    return writeFile(outputPath, writeCode) ? 0 : 1;

  // Default: DIR/<model>.o and DIR/<model>.h.
  if (std::error_code error = llvm::sys::fs::create_directories(outputPath)) {
    llvm::errs() << "netc: error: cannot create directory '" << outputPath
                 << "': " << error.message() << "\n";
    return 1;
  }
  llvm::SmallString<256> object(outputPath), header(outputPath);
  llvm::sys::path::append(object, model.name + ".o");
  llvm::sys::path::append(header, model.name + ".h");
  HeaderOptions headerOptions;
  headerOptions.prefix = prefix;
  headerOptions.prepared = compiled->prepared;
  headerOptions.arenaBytes = compiled->arenaBytes;
  headerOptions.prepareArenaBytes = compiled->prepareArenaBytes;
  headerOptions.gpuChip = codegen.gpu ? codegen.gpu->chip : "";
  headerOptions.source = llvm::sys::path::filename(inputFile).str();
  headerOptions.cppNamespace = cppNamespace;
  bool ok = writeFile(object, writeCode) && writeFile(header, [&](llvm::raw_ostream &os) {
              writeModelHeader(model, headerOptions, os);
            });
  return ok ? 0 : 1;
}

//===----------------------------------------------------------------------===//
// run
//===----------------------------------------------------------------------===//

static std::string shapeString(llvm::ArrayRef<int64_t> shape) {
  return "[" + llvm::join(llvm::map_range(shape, [](int64_t d) { return std::to_string(d); }),
                          ", ") + "]";
}

/// Loads the input the options name, checked against the model's input shape.
static std::optional<std::vector<float>> loadInput(const Model &model) {
  const Shape &shape = model.inputShape();
  if (!imagePath.empty()) {
    if (shape[0] != 1 || shape[1] != 3) {
      llvm::errs() << "netc: error: --image needs a model with input [1, 3, H, W], not "
                   << shapeString(shape) << "\n";
      return std::nullopt;
    }
    auto image = loadImageNetInput(imagePath, shape[2], shape[3]);
    if (!image) {
      llvm::errs() << "netc: error: " << llvm::toString(image.takeError()) << "\n";
      return std::nullopt;
    }
    return std::move(*image);
  }
  auto array = readNpy(inputNpy);
  if (!array) {
    llvm::errs() << "netc: error: " << llvm::toString(array.takeError()) << "\n";
    return std::nullopt;
  }
  if (llvm::ArrayRef<int64_t>(array->shape) != llvm::ArrayRef<int64_t>(shape)) {
    llvm::errs() << "netc: error: " << inputNpy << " has shape " << shapeString(array->shape)
                 << ", the model expects " << shapeString(shape) << "\n";
    return std::nullopt;
  }
  return std::move(array->data);
}

/// Binds the weights file to the model's parameters with the runtime.
struct BoundWeights {
  netc_weights *weights = nullptr;
  std::vector<const float *> pointers;
  ~BoundWeights() { netc_weights_free(weights); }
};

static bool bindWeights(const Model &model, BoundWeights &bound) {
  std::vector<const Tensor *> tensors = model.tensors();
  std::vector<netc_tensor_info> expected;
  for (const Tensor *t : tensors)
    expected.push_back({t->name.c_str(), int32_t(t->shape.size()), t->shape.data()});
  bound.pointers.resize(tensors.size());
  netc_status *status = netc_weights_open_file(weightsPath.c_str(), &bound.weights);
  if (!status)
    status = netc_weights_bind(bound.weights, expected.data(), int32_t(expected.size()),
                               bound.pointers.data());
  if (!status)
    return true;
  llvm::errs() << "netc: error: " << netc_status_message(status) << "\n";
  netc_status_free(status);
  return false;
}

static void printTopClasses(const Model &model, llvm::ArrayRef<float> output) {
  int64_t classes = model.outputShape().back();
  std::vector<std::string> labels;
  if (!labelsPath.empty()) {
    if (auto buffer = llvm::MemoryBuffer::getFile(labelsPath, /*IsText=*/true)) {
      llvm::SmallVector<llvm::StringRef> lines;
      (*buffer)->getBuffer().split(lines, '\n');
      for (llvm::StringRef line : lines)
        labels.push_back(line.trim().str());
    } else {
      llvm::errs() << "netc: warning: cannot read labels '" << labelsPath << "'\n";
    }
  }
  // Softmax probabilities of the first image, highest first.
  llvm::ArrayRef<float> logits = output.take_front(classes);
  float max = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (float v : logits)
    sum += std::exp(double(v) - max);
  std::vector<int64_t> order(classes);
  std::iota(order.begin(), order.end(), 0);
  size_t top = std::min<size_t>(5, classes);
  std::partial_sort(order.begin(), order.begin() + top, order.end(),
                    [&](int64_t a, int64_t b) { return logits[a] > logits[b]; });
  for (size_t k = 0; k < top; ++k) {
    int64_t c = order[k];
    llvm::outs() << llvm::format("%6.2f%%  class %4lld", 100 * std::exp(logits[c] - max) / sum,
                                 (long long)c);
    if (size_t(c) < labels.size())
      llvm::outs() << "  " << labels[c];
    llvm::outs() << "\n";
  }
}

/// The per-kernel profile, slowest first, then the time per op kind.
static bool printProfile(const std::vector<ProfiledKernel> &kernels, const KernelTimer &timer,
                         unsigned runs) {
  double peak = peakGflops * 1e9;
  if (peak <= 0) {
    llvm::Expected<double> measured = measurePeakFlops(netc_get_threads());
    if (!measured) {
      llvm::errs() << "netc: error: measuring the peak: " << toString(measured.takeError())
                   << "\n";
      return false;
    }
    peak = *measured;
  }
  const std::vector<double> &seconds = timer.kernelSeconds();
  double total = 0;
  for (double s : seconds)
    total += s / runs;
  std::vector<size_t> order(kernels.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return seconds[a] > seconds[b]; });
  llvm::outs() << llvm::format("profile: %zu kernels, %.3f ms per inference in kernels, "
                               "peak %.1f GFLOP/s (%d threads)\n",
                               kernels.size(), total * 1e3, peak / 1e9, netc_get_threads());
  llvm::outs() << llvm::format("%-36s %-26s %9s %6s %9s %6s %9s %8s\n", "kernel", "op", "ms",
                               "time%", "GFLOP/s", "peak%", "MB", "GB/s");
  llvm::StringMap<std::pair<double, int64_t>> byKind;
  for (size_t i : order) {
    const ProfiledKernel &kernel = kernels[i];
    double s = seconds[i] / runs;
    auto &kind = byKind[kernel.kind];
    kind.first += s;
    kind.second += kernel.flops;
    llvm::outs() << llvm::format("%-36s %-26s %9.3f %6.1f %9.1f %6.1f %9.2f %8.1f\n",
                                 kernel.name.c_str(), kernel.kind.c_str(), s * 1e3,
                                 100 * s / total, kernel.flops / s / 1e9,
                                 100 * kernel.flops / s / peak, kernel.bytes / 1e6,
                                 kernel.bytes / s / 1e9);
  }
  llvm::outs() << "by op:\n";
  for (const auto &[kind, timeAndFlops] : byKind)
    llvm::outs() << llvm::format("  %-26s %9.3f ms %6.1f%% of time %9.1f GFLOP/s %6.1f%% of peak\n",
                                 kind.str().c_str(), timeAndFlops.first * 1e3,
                                 100 * timeAndFlops.first / total,
                                 timeAndFlops.second / timeAndFlops.first / 1e9,
                                 100 * timeAndFlops.second / timeAndFlops.first / peak);
  return true;
}

static int runOne(const Model &model, mlir::MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  if (weightsPath.empty() || (inputNpy.empty() == imagePath.empty())) {
    llvm::errs() << "netc: error: run needs --weights and one of --input or --image\n";
    return 1;
  }
  if (threads.getNumOccurrences()) {
    if (netc_status *status = netc_set_threads(threads)) {
      llvm::errs() << "netc: error: --threads: " << netc_status_message(status) << "\n";
      netc_status_free(status);
      return 1;
    }
  }
  std::optional<std::vector<float>> input = loadInput(model);
  BoundWeights weights;
  if (!input || !bindWeights(model, weights))
    return 1;

  std::string prefix = entryPointPrefix(model, fingerprint(model, sourceMgr));
  CodegenOptions codegen;
  codegen.profile = profile;
  auto compiled = compileModel(model, &context, prefix, TargetOptions(), OutputKind::Object, codegen);
  auto loaded = compiled ? LoadedModel::load(std::move(*compiled), prefix)
                         : llvm::Expected<std::unique_ptr<LoadedModel>>(compiled.takeError());
  if (!loaded) {
    llvm::errs() << "netc: error: " << llvm::toString(loaded.takeError()) << "\n";
    return 1;
  }
  (*loaded)->bind(weights.pointers);

  std::vector<float> output(numElements(model.outputShape()));
  (*loaded)->run(input->data(), output.data());
  unsigned runs = profile && repeat == 0 ? 10 : unsigned(repeat);
  KernelTimer timer((*loaded)->kernels().size());
  if (runs > 0) {
    KernelTimer::Scope timing(timer);
    std::vector<double> times;
    for (unsigned i = 0; i < runs; ++i) {
      auto start = std::chrono::steady_clock::now();
      (*loaded)->run(input->data(), output.data());
      times.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::sort(times.begin(), times.end());
    double median = times.size() % 2 ? times[times.size() / 2]
                                     : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
    llvm::outs() << llvm::format("median: %.3f ms (min %.3f, max %.3f, %u runs)\n", median,
                                 times.front(), times.back(), runs);
  }
  if (profile && !printProfile((*loaded)->kernels(), timer, runs))
    return 1;
  if (!imagePath.empty())
    printTopClasses(model, output);
  if (!outputNpy.empty()) {
    if (llvm::Error error = writeNpy(outputNpy, model.outputShape(), output)) {
      llvm::errs() << "netc: error: " << llvm::toString(std::move(error)) << "\n";
      return 1;
    }
  }
  return 0;
}

//===----------------------------------------------------------------------===//
// Main
//===----------------------------------------------------------------------===//

static int runCommandLine(mlir::MLIRContext &context, llvm::SourceMgr &sourceMgr) {
  std::unique_ptr<Program> program = Program::load(inputFile, searchPaths(), sourceMgr, &context);
  if (!program)
    return 1;
  if (emit == Emit::Ast) {
    ast::print(program->mainFile(), llvm::outs());
    return 0;
  }
  if (!program->resolve())
    return 1;
  auto options = instantiateOptions(&context);
  auto models = options ? selectModels(*program, /*allowMany=*/bool(checkCommand)) : std::nullopt;
  if (!models)
    return 1;
  int status = 0;
  for (const std::string &name : *models) {
    std::optional<Model> model = instantiate(*program, name, *options, &context);
    if (!model) {
      status = 1;
      continue;
    }
    if (emit == Emit::Graph)
      printGraph(*model, llvm::outs());
    else if (summaryCommand)
      status |= summarize(*model, context, sourceMgr);
    else if (compileCommand)
      status |= compileOne(*model, context, sourceMgr);
    else if (runCommand)
      status |= runOne(*model, context, sourceMgr);
  }
  return status;
}

/// Runs `fn` on a thread whose stack fits the deepest input the parser accepts.
static int runOnCompilerStack(llvm::function_ref<int()> fn) {
  int status = 1;
  llvm::thread worker(std::optional<unsigned>(kCompilerStackBytes), [&] { status = fn(); });
  worker.join();
  return status;
}

/// Options that cannot work together, reported before any work is done.
static bool checkOptionCombinations() {
  if (!isValidIdentifier(cppNamespace)) {
    llvm::errs() << "netc: error: --namespace '" << cppNamespace
                 << "' is not a C++ identifier\n";
    return false;
  }
  bool compileToFile = emit == Emit::Obj || (emit == Emit::None && bool(compileCommand));
  if (compileCommand && compileToFile && outputPath.empty()) {
    llvm::errs() << "netc: error: compile needs -o "
                 << (emit == Emit::Obj ? "FILE for --emit=obj" : "DIR for the object and header")
                 << "\n";
    return false;
  }
  return true;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "netc " << NETC_VERSION << "\n"; });
  cl::HideUnrelatedOptions(netcCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "netc: compiler for .net convolutional network descriptions\n\n"
      "  netc summary FILE [--model NAME] [-D NAME=VALUE]... [--json]\n"
      "  netc check FILE [--model NAME] [--emit=ast|graph]\n"
      "  netc compile FILE [--model NAME] [--target cpu|cuda[:sm_XX]] -o DIR\n"
      "               (or --emit=net|linalg|gpu|llvm|ptx|asm|obj)\n"
      "  netc run FILE [--model NAME] --weights W.safetensors (--input X.npy | --image F)\n");
  if (!summaryCommand && !checkCommand && !compileCommand && !runCommand) {
    llvm::errs() << "netc: error: expected a command (summary, check, compile, run); see "
                    "netc --help\n";
    return 1;
  }
  if (!checkOptionCombinations())
    return 1;

  mlir::DialectRegistry registry;
  registerPipelineDialects(registry);
  mlir::MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  if (!verifyDiagnostics) {
    mlir::SourceMgrDiagnosticHandler handler(sourceMgr, &context);
    // Errors in options have no source line to show: print them like a driver.
    mlir::ScopedDiagnosticHandler optionErrors(&context, [&](mlir::Diagnostic &diag) {
      if (diag.getLocation() != commandLineLocation(&context))
        return mlir::failure();
      llvm::errs() << "netc: error: " << diag << "\n";
      return mlir::success();
    });
    return runOnCompilerStack([&] { return runCommandLine(context, sourceMgr); });
  }
  // The verifier reads the expected-* comments of the buffers present when it
  // is created, so load the file first.
  auto buffer = llvm::MemoryBuffer::getFile(inputFile, /*IsText=*/true);
  if (!buffer) {
    llvm::errs() << "netc: error: cannot open '" << inputFile
                 << "': " << buffer.getError().message() << "\n";
    return 1;
  }
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  mlir::SourceMgrDiagnosticVerifierHandler handler(sourceMgr, &context);
  (void)runOnCompilerStack([&] { return runCommandLine(context, sourceMgr); });
  return mlir::failed(handler.verify()) ? 1 : 0;
}
