//===- AST.cpp - AST printer -----------------------------------------------===//
#include "netc/Frontend/AST.h"

#include "llvm/Support/FormatVariadic.h"

using namespace netc::ast;

namespace {

class Printer {
public:
  explicit Printer(llvm::raw_ostream &os) : os(os) {}

  void file(const File &f) {
    for (const Import &i : f.imports)
      line() << "import " << (i.isPath ? "\"" + i.target + "\"" : i.target) << "\n";
    for (const Const &c : f.consts) {
      line() << "let " << c.name << " = ";
      expr(*c.value);
      os << "\n";
    }
    for (const Block &b : f.blocks)
      block("block", b);
    for (const Block &m : f.models)
      block("model", m);
    for (const ModelAlias &a : f.aliases) {
      line() << "model " << a.name << " = " << a.target;
      args(a.args);
      os << "\n";
    }
  }

private:
  llvm::raw_ostream &line() { return os.indent(2 * indent); }

  void block(llvm::StringRef keyword, const Block &b) {
    line() << keyword << " " << b.name << "(";
    llvm::interleaveComma(b.params, os, [&](const Param &p) {
      os << p.name;
      if (p.defaultValue) {
        os << " = ";
        expr(*p.defaultValue);
      }
    });
    os << ")\n";
    stmts(b.body);
  }

  void stmts(const StmtList &list) {
    ++indent;
    for (const Stmt &s : list)
      stmt(s);
    --indent;
  }

  void stmt(const Stmt &s) {
    switch (s.kind) {
    case Stmt::Kind::Let:
      line() << "let " << s.name << " = ";
      expr(*s.expr);
      os << "\n";
      return;
    case Stmt::Kind::Input:
    case Stmt::Kind::Scale:
      line() << (s.kind == Stmt::Kind::Input ? "input" : "scale");
      args(s.args);
      os << "\n";
      return;
    case Stmt::Kind::If:
      line() << "if ";
      expr(*s.expr);
      os << "\n";
      stmts(s.body);
      if (!s.elseBody.empty()) {
        line() << "else\n";
        stmts(s.elseBody);
      }
      return;
    case Stmt::Kind::Repeat:
      line() << "repeat ";
      expr(*s.expr);
      if (!s.name.empty())
        os << " as " << s.name;
      os << "\n";
      stmts(s.body);
      return;
    case Stmt::Kind::Require:
      line() << "require ";
      expr(*s.expr);
      if (!s.name.empty())
        os << ", \"" << s.name << "\"";
      os << "\n";
      return;
    case Stmt::Kind::Layer:
      for (size_t i = 0; i < s.layers.size(); ++i) {
        line() << (i ? "-> " : "") << (i == 0 && !s.name.empty() ? s.name + " = " : "");
        layer(*s.layers[i]);
      }
      return;
    }
  }

  void layer(const Layer &l) {
    switch (l.kind) {
    case Layer::Kind::Call:
      os << "call " << l.callee;
      args(l.args);
      os << "\n";
      return;
    case Layer::Kind::Sequence:
      os << "sequence\n";
      break;
    case Layer::Kind::Residual:
      os << "residual";
      args(l.args);
      os << "\n";
      break;
    case Layer::Kind::Parallel:
      os << "parallel";
      args(l.args);
      os << "\n";
      break;
    case Layer::Kind::Gate:
      os << "gate\n";
      break;
    }
    stmts(l.body);
    if (l.hasShortcut) {
      line() << "shortcut\n";
      stmts(l.shortcut);
    }
  }

  void args(const std::vector<Arg> &list) {
    os << "(";
    llvm::interleaveComma(list, os, [&](const Arg &a) {
      if (!a.name.empty())
        os << a.name << ": ";
      expr(*a.value);
    });
    os << ")";
  }

  void expr(const Expr &e) {
    switch (e.kind) {
    case Expr::Kind::Int:
      os << e.intValue;
      return;
    case Expr::Kind::Float:
      os << llvm::formatv("{0}", e.floatValue);
      return;
    case Expr::Kind::String:
      os << '"' << e.text << '"';
      return;
    case Expr::Kind::Bool:
      os << (e.boolValue ? "true" : "false");
      return;
    case Expr::Kind::In:
      os << "in";
      return;
    case Expr::Kind::Name:
      os << e.text;
      return;
    case Expr::Kind::List:
      os << "[";
      llvm::interleaveComma(e.operands, os, [&](const ExprPtr &x) { expr(*x); });
      os << "]";
      return;
    case Expr::Kind::Call:
      os << e.text;
      args(e.args);
      return;
    case Expr::Kind::Member:
      expr(*e.operands[0]);
      os << "." << e.text;
      return;
    case Expr::Kind::Index:
      expr(*e.operands[0]);
      os << "[";
      expr(*e.operands[1]);
      os << "]";
      return;
    case Expr::Kind::Unary:
      os << "(" << e.text << (e.text == "not" ? " " : "");
      expr(*e.operands[0]);
      os << ")";
      return;
    case Expr::Kind::Binary:
      os << "(";
      expr(*e.operands[0]);
      os << " " << e.text << " ";
      expr(*e.operands[1]);
      os << ")";
      return;
    case Expr::Kind::Cond:
      os << "(";
      expr(*e.operands[0]);
      os << " ? ";
      expr(*e.operands[1]);
      os << " : ";
      expr(*e.operands[2]);
      os << ")";
      return;
    }
  }

  llvm::raw_ostream &os;
  unsigned indent = 0;
};

} // namespace

void netc::ast::print(const File &file, llvm::raw_ostream &os) { Printer(os).file(file); }
