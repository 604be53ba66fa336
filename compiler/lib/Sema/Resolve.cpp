//===- Resolve.cpp - Loading imports and checking names --------------------===//
//
// Builds the Program (the main file plus its imports), collects definitions,
// and checks every block and model body for names that cannot resolve, whether
// or not the body is ever instantiated.
//
//===----------------------------------------------------------------------===//
#include "Builtins.h"
#include "netc/Frontend/Parse.h"
#include "netc/Sema/Sema.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace netc;

namespace {

class Loader {
public:
  Loader(Program &program, llvm::ArrayRef<std::string> searchPaths, llvm::SourceMgr &sourceMgr,
         mlir::MLIRContext *context)
      : program(program), searchPaths(searchPaths), sourceMgr(sourceMgr), context(context) {}

  /// Loads `path` and its imports; `importLoc` is the import statement, if
  /// any. Returns the file's index in the program.
  std::optional<unsigned> load(llvm::StringRef path, std::optional<mlir::Location> importLoc) {
    llvm::SmallString<256> real;
    if (llvm::sys::fs::real_path(path, real))
      real = path;
    auto known = loaded.find(real);
    if (known != loaded.end())
      return known->second; // imported twice or in a cycle: loaded already
    unsigned id = findBuffer(path);
    if (!id) {
      auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
      if (!buffer) {
        auto diag = importLoc ? mlir::emitError(*importLoc)
                              : mlir::emitError(commandLineLocation(context));
        diag << "cannot open '" << path << "': " << buffer.getError().message();
        return std::nullopt;
      }
      id = sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    }
    std::optional<ast::File> file = parseFile(sourceMgr, id, context);
    if (!file)
      return std::nullopt;
    unsigned index = program.files.size();
    loaded[real] = index;
    for (ast::Const &c : file->consts)
      c.file = index;
    for (ast::Block &b : file->blocks)
      b.file = index;
    for (ast::Block &m : file->models)
      m.file = index;
    for (ast::ModelAlias &a : file->aliases)
      a.file = index;
    program.files.push_back(std::make_unique<ast::File>(std::move(*file)));
    program.scopes.emplace_back();

    bool ok = true;
    for (const ast::Import &import : program.files[index]->imports) {
      std::optional<std::string> target = resolveImport(import, path);
      std::optional<unsigned> imported = target ? load(*target, import.loc) : std::nullopt;
      if (imported)
        program.scopes[index].imports.push_back(*imported);
      ok &= imported.has_value();
    }
    return ok ? std::optional<unsigned>(index) : std::nullopt;
  }

private:
  /// A buffer the caller added already (to verify its expected diagnostics).
  unsigned findBuffer(llvm::StringRef path) const {
    for (unsigned id = 1; id <= sourceMgr.getNumBuffers(); ++id)
      if (sourceMgr.getMemoryBuffer(id)->getBufferIdentifier() == path)
        return id;
    return 0;
  }

  std::optional<std::string> resolveImport(const ast::Import &import, llvm::StringRef from) {
    if (import.isPath) {
      llvm::SmallString<256> path(import.target);
      if (llvm::sys::path::is_relative(path)) {
        path = llvm::sys::path::parent_path(from);
        llvm::sys::path::append(path, import.target);
      }
      return std::string(path);
    }
    for (const std::string &dir : searchPaths) {
      llvm::SmallString<256> path(dir);
      llvm::sys::path::append(path, import.target + ".net");
      if (llvm::sys::fs::exists(path))
        return std::string(path);
    }
    auto diag = mlir::emitError(import.loc) << "cannot find module '" << import.target << "'";
    diag.attachNote() << "searched " << llvm::join(searchPaths, ", ");
    return std::nullopt;
  }

  Program &program;
  llvm::ArrayRef<std::string> searchPaths;
  llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext *context;
  llvm::StringMap<unsigned> loaded; // real path -> file index
};

/// Checks that every name in a body resolves: variables to parameters, lets,
/// repeat variables or constants; layers to built-ins or blocks; calls to
/// functions.
class NameChecker {
public:
  explicit NameChecker(const Program &program) : program(program) {}

  bool ok = true;

  void checkConst(const ast::Const &c) {
    file = c.file;
    scopes = {{}};
    allowIn = false;
    expr(*c.value);
  }

  void checkAlias(const ast::ModelAlias &alias) {
    file = alias.file;
    scopes = {{}};
    allowIn = false;
    args(alias.args);
  }

  void checkBlock(const ast::Block &block, bool isModel) {
    file = block.file;
    this->isModel = isModel;
    allowIn = true;
    scopes = {{}};
    for (const ast::Param &p : block.params) {
      if (p.defaultValue)
        expr(*p.defaultValue);
      if (!scopes.back().insert(p.name).second)
        error(p.loc) << "duplicate parameter '" << p.name << "'";
    }
    stmts(block.body);
  }

private:
  mlir::InFlightDiagnostic error(mlir::Location loc) {
    ok = false;
    return mlir::emitError(loc);
  }

  bool isDefined(llvm::StringRef name) const {
    for (const llvm::StringSet<> &scope : scopes)
      if (scope.contains(name))
        return true;
    const Definition *def = program.lookup(name, file);
    return def && def->kind == Definition::Kind::Const;
  }

  void stmts(const ast::StmtList &list) {
    scopes.emplace_back();
    for (const ast::Stmt &s : list)
      stmt(s);
    scopes.pop_back();
  }

  void stmt(const ast::Stmt &s) {
    switch (s.kind) {
    case ast::Stmt::Kind::Let:
      expr(*s.expr);
      scopes.back().insert(s.name);
      return;
    case ast::Stmt::Kind::Input:
    case ast::Stmt::Kind::Scale:
      if (!isModel)
        error(s.loc) << "'" << (s.kind == ast::Stmt::Kind::Input ? "input" : "scale")
                     << "' is only allowed in a model";
      args(s.args);
      return;
    case ast::Stmt::Kind::Require:
      expr(*s.expr);
      return;
    case ast::Stmt::Kind::If:
      expr(*s.expr);
      stmts(s.body);
      stmts(s.elseBody);
      return;
    case ast::Stmt::Kind::Repeat:
      expr(*s.expr);
      scopes.emplace_back();
      if (!s.name.empty())
        scopes.back().insert(s.name);
      stmts(s.body);
      scopes.pop_back();
      return;
    case ast::Stmt::Kind::Layer:
      for (const ast::LayerPtr &l : s.layers)
        layer(*l);
      return;
    }
  }

  void layer(const ast::Layer &l) {
    args(l.args);
    const Definition *def =
        l.kind == ast::Layer::Kind::Call ? program.lookup(l.callee, file) : nullptr;
    if (l.kind == ast::Layer::Kind::Call && !lookupLayer(l.callee) &&
        (!def || def->kind != Definition::Kind::Block)) {
      auto diag = error(l.loc);
      if (def) {
        diag << "'" << l.callee << "' is a "
             << (def->kind == Definition::Kind::Const ? "constant" : "model")
             << "; only blocks and built-in layers can be used as layers";
        return;
      }
      diag << "unknown layer '" << l.callee << "'";
      std::vector<llvm::StringRef> candidates = layerNames();
      llvm::append_range(candidates, program.visibleNames(file, Definition::Kind::Block));
      suggest(diag, l.callee, candidates);
    }
    stmts(l.body);
    stmts(l.shortcut);
  }

  void args(const std::vector<ast::Arg> &list) {
    for (const ast::Arg &a : list)
      expr(*a.value);
  }

  void expr(const ast::Expr &e) {
    switch (e.kind) {
    case ast::Expr::Kind::Name:
      if (!isDefined(e.text)) {
        auto diag = error(e.loc) << "use of undeclared name '" << e.text << "'";
        std::vector<llvm::StringRef> candidates;
        for (const llvm::StringSet<> &scope : scopes)
          for (const auto &name : scope)
            candidates.push_back(name.getKey());
        llvm::append_range(candidates, program.visibleNames(file, Definition::Kind::Const));
        suggest(diag, e.text, candidates);
      }
      return;
    case ast::Expr::Kind::In:
      if (!allowIn)
        error(e.loc) << "'in' is only available inside a block or model";
      return;
    case ast::Expr::Kind::Call:
      if (!isFunction(e.text))
        error(e.loc) << "unknown function '" << e.text << "'";
      args(e.args);
      return;
    default:
      for (const ast::ExprPtr &operand : e.operands)
        expr(*operand);
      return;
    }
  }

  static void suggest(mlir::InFlightDiagnostic &diag, llvm::StringRef name,
                      llvm::ArrayRef<llvm::StringRef> candidates) {
    llvm::StringRef best;
    unsigned bestDistance = std::max<unsigned>(2, name.size() / 3) + 1;
    for (llvm::StringRef c : candidates) {
      unsigned d = c.edit_distance(name, true, bestDistance);
      if (d < bestDistance)
        best = c, bestDistance = d;
    }
    if (!best.empty())
      diag << "; did you mean '" << best << "'?";
  }

  const Program &program;
  unsigned file = 0;
  std::vector<llvm::StringSet<>> scopes;
  bool isModel = false;
  bool allowIn = true;
};

} // namespace

std::unique_ptr<Program> Program::load(llvm::StringRef path,
                                       llvm::ArrayRef<std::string> searchPaths,
                                       llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context) {
  auto program = std::make_unique<Program>();
  if (!Loader(*program, searchPaths, sourceMgr, context).load(path, std::nullopt))
    return nullptr;
  return program;
}

bool Program::resolve() {
  bool ok = true;
  auto define = [&](unsigned file, llvm::StringRef name, Definition def, llvm::StringRef what) {
    if (lookupLayer(name) || isFunction(name)) {
      mlir::emitError(def.loc) << "cannot define " << what << " '" << name
                               << "': it is the name of a"
                               << (lookupLayer(name) ? " built-in layer" : " built-in function");
      ok = false;
      return;
    }
    auto [it, inserted] = scopes[file].definitions.try_emplace(name, def);
    if (!inserted) {
      auto diag = mlir::emitError(def.loc) << "redefinition of '" << name << "'";
      diag.attachNote(it->second.loc) << "previous definition is here";
      ok = false;
    }
  };
  using K = Definition::Kind;
  for (unsigned f = 0; f < files.size(); ++f) {
    const ast::File &file = *files[f];
    for (const ast::Const &c : file.consts)
      define(f, c.name, {K::Const, nullptr, nullptr, &c, c.loc}, "constant");
    for (const ast::Block &b : file.blocks)
      define(f, b.name, {K::Block, &b, nullptr, nullptr, b.loc}, "block");
    for (const ast::Block &m : file.models)
      define(f, m.name, {K::Model, &m, nullptr, nullptr, m.loc}, "model");
    for (const ast::ModelAlias &a : file.aliases)
      define(f, a.name, {K::Alias, nullptr, &a, nullptr, a.loc}, "model");
  }
  if (!ok)
    return false;

  NameChecker checker(*this);
  for (const auto &file : files) {
    for (const ast::Const &c : file->consts)
      checker.checkConst(c);
    for (const ast::Block &b : file->blocks)
      checker.checkBlock(b, /*isModel=*/false);
    for (const ast::Block &m : file->models)
      checker.checkBlock(m, /*isModel=*/true);
    for (const ast::ModelAlias &a : file->aliases) {
      checker.checkAlias(a);
      const Definition *target = lookup(a.target, a.file);
      if (!target || target->kind != K::Model) {
        mlir::emitError(a.targetLoc) << "'" << a.target << "' is not a model defined with a body";
        checker.ok = false;
      }
    }
  }
  return checker.ok;
}

/// Visits `file` and what it imports, depth first in import order, until
/// `visit` returns true.
static void visitFiles(llvm::ArrayRef<Program::FileScope> scopes, unsigned file,
                       llvm::function_ref<bool(unsigned)> visit) {
  llvm::SmallVector<unsigned, 8> stack = {file};
  llvm::SmallVector<bool, 8> visited(scopes.size(), false);
  while (!stack.empty()) {
    unsigned f = stack.pop_back_val();
    if (visited[f])
      continue;
    visited[f] = true;
    if (visit(f))
      return;
    for (unsigned imported : llvm::reverse(scopes[f].imports))
      stack.push_back(imported);
  }
}

const Definition *Program::lookup(llvm::StringRef name, unsigned file) const {
  const Definition *found = nullptr;
  visitFiles(scopes, file, [&](unsigned f) {
    auto it = scopes[f].definitions.find(name);
    if (it != scopes[f].definitions.end())
      found = &it->second;
    return found != nullptr;
  });
  return found;
}

std::vector<llvm::StringRef> Program::visibleNames(unsigned file, Definition::Kind kind) const {
  std::vector<llvm::StringRef> names;
  visitFiles(scopes, file, [&](unsigned f) {
    for (const auto &entry : scopes[f].definitions)
      if (entry.getValue().kind == kind)
        names.push_back(entry.getKey());
    return false;
  });
  return names;
}

std::vector<std::string> Program::mainModels() const {
  std::vector<std::string> names;
  for (const ast::Block &m : mainFile().models)
    names.push_back(m.name);
  for (const ast::ModelAlias &a : mainFile().aliases)
    names.push_back(a.name);
  return names;
}
