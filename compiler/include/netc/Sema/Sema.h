//===- Sema.h - From parsed files to checked models --------------*- C++ -*-===//
//
// Sema loads a .net file and its imports, checks names across all of them,
// and instantiates a model: evaluates its compile-time expressions, expands
// blocks, repeats and scaling, infers every shape and names every parameter.
// All problems are reported through the MLIR diagnostic engine at .net source
// locations, with notes for the chain of block instantiations.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SEMA_SEMA_H
#define NETC_SEMA_SEMA_H

#include "netc/Frontend/AST.h"
#include "netc/Sema/Model.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/SourceMgr.h"

#include <memory>

namespace netc {

/// A top-level definition: a block, a model, a model alias or a constant.
struct Definition {
  enum class Kind { Block, Model, Alias, Const };
  Kind kind;
  const ast::Block *block = nullptr; // Block and Model
  const ast::ModelAlias *alias = nullptr;
  const ast::Const *constant = nullptr;
  mlir::Location loc;
};

/// A .net file with everything it imports, and the definitions they make.
/// Each file sees its own definitions first, then those of its imports (in
/// import order, depth first), so a file may reuse a name a library defines.
class Program {
public:
  /// Parses `path` and, transitively, its imports. `searchPaths` are the
  /// directories `import name` looks in (the standard library last).
  static std::unique_ptr<Program> load(llvm::StringRef path,
                                       llvm::ArrayRef<std::string> searchPaths,
                                       llvm::SourceMgr &sourceMgr,
                                       mlir::MLIRContext *context);

  /// Collects the definitions of all files and checks that every name in
  /// every block and model resolves. Returns false after reporting errors.
  bool resolve();

  /// Models defined in the main file (definitions and aliases), in order.
  std::vector<std::string> mainModels() const;

  const ast::File &mainFile() const { return *files.front(); }

  /// Looks `name` up as seen from file `file`.
  const Definition *lookup(llvm::StringRef name, unsigned file) const;
  /// The names of one kind visible from `file`, for suggestions.
  std::vector<llvm::StringRef> visibleNames(unsigned file, Definition::Kind kind) const;

  std::vector<std::unique_ptr<ast::File>> files; // files[0] is the main file
  struct FileScope {
    llvm::StringMap<Definition> definitions;
    std::vector<unsigned> imports;
  };
  std::vector<FileScope> scopes; // parallel to files
};

/// Where errors about command-line options are reported.
mlir::Location commandLineLocation(mlir::MLIRContext *context);

/// `-D name=value` from the command line.
struct Define {
  std::string name;
  std::string value;
};

struct InstantiateOptions {
  int64_t batch = 1;
  /// Replaces the height and width the model's `input` declares, if set.
  std::optional<std::array<int64_t, 2>> inputSize;
  std::vector<Define> defines;
};

/// Checks the batch size and input size of `options`, reporting errors at
/// the command line.
bool validateOptions(const InstantiateOptions &options, mlir::MLIRContext *context);

/// Instantiates model `name` of `program`. Returns nothing after reporting
/// errors.
std::optional<Model> instantiate(const Program &program, llvm::StringRef name,
                                 const InstantiateOptions &options,
                                 mlir::MLIRContext *context);

/// Prints the checked graph, one line per layer (netc check --emit=graph).
void printGraph(const Model &model, llvm::raw_ostream &os);

} // namespace netc

#endif // NETC_SEMA_SEMA_H
