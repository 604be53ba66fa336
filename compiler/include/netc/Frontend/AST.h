//===- AST.h - Abstract syntax tree of .net files ----------------*- C++ -*-===//
//
// The parser turns the ANTLR parse tree into these plain structs, each node
// carrying the mlir::Location of its source text, so nothing after the parser
// depends on ANTLR.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_FRONTEND_AST_H
#define NETC_FRONTEND_AST_H

#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <string>
#include <vector>

namespace netc::ast {

struct Expr;
struct Layer;
struct Stmt;
using ExprPtr = std::unique_ptr<Expr>;
using LayerPtr = std::unique_ptr<Layer>;

/// A call argument: positional when `name` is empty.
struct Arg {
  std::string name;
  mlir::Location loc;
  ExprPtr value;
};

struct Expr {
  enum class Kind { Int, Float, String, Bool, In, List, Call, Name, Member, Index, Unary, Binary, Cond };
  Kind kind;
  mlir::Location loc;
  int64_t intValue = 0;
  double floatValue = 0;
  bool boolValue = false;
  /// Name, member, string literal, function name or operator spelling.
  std::string text;
  /// Operands (unary/binary/cond/member/index) or list elements.
  std::vector<ExprPtr> operands;
  /// Function call arguments.
  std::vector<Arg> args;

  Expr(Kind kind, mlir::Location loc) : kind(kind), loc(loc) {}
};

using StmtList = std::vector<Stmt>;

struct Layer {
  enum class Kind { Call, Sequence, Residual, Parallel, Gate };
  Kind kind;
  mlir::Location loc;
  /// Callee of a Call layer.
  std::string callee;
  std::vector<Arg> args;
  /// Body of a sequence, residual, parallel or gate.
  StmtList body;
  /// Residual shortcut; `hasShortcut` distinguishes `shortcut {}` (identity)
  /// from no shortcut clause (identity or automatic projection).
  StmtList shortcut;
  bool hasShortcut = false;

  Layer(Kind kind, mlir::Location loc) : kind(kind), loc(loc) {}
};

struct Stmt {
  enum class Kind { Let, Input, Scale, If, Repeat, Require, Layer };
  Kind kind;
  mlir::Location loc;
  /// Let name, layer instance name (empty: numbered), repeat variable or
  /// the message of a require.
  std::string name;
  /// Let value, if or require condition, or repeat count.
  ExprPtr expr;
  /// Input and scale arguments.
  std::vector<Arg> args;
  /// If: then/else bodies; repeat: its body.
  StmtList body, elseBody;
  /// Layer statement: `a -> b -> c` applies the layers in order.
  std::vector<LayerPtr> layers;

  Stmt(Kind kind, mlir::Location loc) : kind(kind), loc(loc) {}
};

struct Param {
  std::string name;
  mlir::Location loc;
  ExprPtr defaultValue;
};

struct Import {
  std::string target;
  bool isPath; // "file.net" (true) or a stdlib module name (false)
  mlir::Location loc;
};

struct Const {
  std::string name;
  mlir::Location loc;
  ExprPtr value;
  unsigned file = 0; // index of the defining file in the program
};

/// A block definition, or a model definition (a model is a block that
/// declares an input and can be compiled on its own).
struct Block {
  std::string name;
  mlir::Location loc;
  std::vector<Param> params;
  StmtList body;
  unsigned file = 0; // index of the defining file in the program
};

/// `model b1 = efficientnet(phi: 1)`: a model defined by another model's
/// definition with some arguments fixed.
struct ModelAlias {
  std::string name;
  mlir::Location loc;
  std::string target;
  mlir::Location targetLoc;
  std::vector<Arg> args;
  unsigned file = 0; // index of the defining file in the program
};

struct File {
  std::string path;
  std::vector<Import> imports;
  std::vector<Const> consts;
  std::vector<Block> blocks;
  std::vector<Block> models;
  std::vector<ModelAlias> aliases;
};

/// Prints the AST as an indented tree (netc --emit=ast).
void print(const File &file, llvm::raw_ostream &os);

} // namespace netc::ast

#endif // NETC_FRONTEND_AST_H
