//===- netc.cpp - The netc command-line driver -----------------------------===//
//
// Parses options and calls the library: Program::load, instantiate, and the
// summary printers. `netc check` stops at a chosen stage (--emit) for tests.
//
//===----------------------------------------------------------------------===//
#include "netc/Frontend/Parser.h"
#include "netc/Sema/Sema.h"
#include "netc/Summary/Summary.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/thread.h"

using namespace netc;
namespace cl = llvm::cl;

static cl::SubCommand summaryCommand("summary", "Print a model's layers, shapes, parameters and MACs");
static cl::SubCommand checkCommand("check", "Parse and check a .net file and its models");

static cl::OptionCategory netcCategory("netc options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file.net>"), cl::Required,
                                      cl::sub(summaryCommand), cl::sub(checkCommand),
                                      cl::cat(netcCategory));
static cl::opt<std::string> modelName("model", cl::desc("Model to use (default: the only one)"),
                                      cl::value_desc("name"), cl::sub(summaryCommand),
                                      cl::sub(checkCommand), cl::cat(netcCategory));
static cl::list<std::string> defines("D", cl::Prefix,
                                     cl::desc("Set model parameter NAME to VALUE"),
                                     cl::value_desc("NAME=VALUE"), cl::sub(summaryCommand),
                                     cl::sub(checkCommand), cl::cat(netcCategory));
static cl::opt<int64_t> batch("batch", cl::desc("Batch size (default 1)"), cl::init(1),
                              cl::sub(summaryCommand), cl::sub(checkCommand),
                              cl::cat(netcCategory));
static cl::opt<std::string> inputSize("input-size",
                                      cl::desc("Replace the model's input height and width"),
                                      cl::value_desc("HxW or S"), cl::sub(summaryCommand),
                                      cl::sub(checkCommand), cl::cat(netcCategory));
static cl::list<std::string> importDirs("I", cl::Prefix,
                                        cl::desc("Add a directory for 'import name'"),
                                        cl::value_desc("dir"), cl::sub(summaryCommand),
                                        cl::sub(checkCommand), cl::cat(netcCategory));
static cl::opt<bool> json("json", cl::desc("Print the summary as JSON"), cl::sub(summaryCommand),
                          cl::cat(netcCategory));

enum class Emit { None, Ast, Graph };
static cl::opt<Emit> emit("emit", cl::desc("Print an intermediate stage and stop"),
                          cl::values(clEnumValN(Emit::Ast, "ast", "the syntax tree"),
                                     clEnumValN(Emit::Graph, "graph",
                                                "the checked layer graph")),
                          cl::init(Emit::None), cl::sub(checkCommand), cl::cat(netcCategory));
static cl::opt<bool> verifyDiagnostics(
    "verify-diagnostics",
    cl::desc("Check that the diagnostics match the file's expected-* comments"),
    cl::sub(checkCommand), cl::cat(netcCategory));

static std::vector<std::string> searchPaths() {
  std::vector<std::string> paths(importDirs.begin(), importDirs.end());
  paths.push_back(NETC_STDLIB_DIR);
  return paths;
}

static std::optional<InstantiateOptions> instantiateOptions(mlir::MLIRContext *context) {
  InstantiateOptions options;
  options.batch = batch;
  mlir::Location commandLine = commandLineLocation(context);
  if (!inputSize.empty()) {
    auto [height, width] = llvm::StringRef(inputSize).split('x');
    if (width.empty())
      width = height;
    std::array<int64_t, 2> size;
    if (height.getAsInteger(10, size[0]) || width.getAsInteger(10, size[1])) {
      mlir::emitError(commandLine) << "--input-size expects HxW or S, got '" << inputSize << "'";
      return std::nullopt;
    }
    options.inputSize = size;
  }
  if (!validateOptions(options, context))
    return std::nullopt;
  for (llvm::StringRef define : defines) {
    auto [name, value] = define.split('=');
    if (name.empty() || value.empty() || !define.contains('=')) {
      mlir::emitError(commandLine) << "-D expects NAME=VALUE, got '" << define << "'";
      return std::nullopt;
    }
    options.defines.push_back({name.str(), value.str()});
  }
  return options;
}

/// The models the command applies to: --model, or else every model of the
/// file (check; a library may have none) or its only one (summary).
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

static int runCommand(mlir::MLIRContext &context, llvm::SourceMgr &sourceMgr) {
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
    else if (bool(summaryCommand))
      json ? printSummaryJson(*model, llvm::outs()) : printSummaryTable(*model, llvm::outs());
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

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::SetVersionPrinter([](llvm::raw_ostream &os) { os << "netc " << NETC_VERSION << "\n"; });
  cl::HideUnrelatedOptions(netcCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "netc: compiler for .net convolutional network descriptions\n\n"
                              "  netc summary FILE [--model NAME] [-D NAME=VALUE]... [--json]\n"
                              "  netc check FILE [--model NAME] [--emit=ast|graph]\n");
  if (!bool(summaryCommand) && !bool(checkCommand)) {
    llvm::errs() << "netc: error: expected a command (summary, check); see netc --help\n";
    return 1;
  }

  mlir::MLIRContext context;
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
    return runOnCompilerStack([&] { return runCommand(context, sourceMgr); });
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
  (void)runOnCompilerStack([&] { return runCommand(context, sourceMgr); });
  return mlir::failed(handler.verify()) ? 1 : 0;
}
