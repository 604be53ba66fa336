//===- Parse.cpp - ANTLR parse tree to AST ---------------------------------===//
//
// Runs the ANTLR-generated lexer and parser, routes their syntax errors into
// MLIR's diagnostic engine, and converts the parse tree into netc::ast. This is
// the only file that sees ANTLR (and the only one built with exceptions).
//
//===----------------------------------------------------------------------===//
#include "netc/Frontend/Parse.h"

#include "NetLexer.h"
#include "NetParser.h"
#include "antlr4-runtime.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/ConvertUTF.h"

#include <cmath>

using namespace netc;
using namespace netc::ast;
using P = netc::antlr::NetParser;

namespace {

/// Makes locations from ANTLR positions. ANTLR counts columns in code
/// points; MLIR's diagnostics (and editors) count bytes.
class LocationFactory {
public:
  LocationFactory(mlir::MLIRContext *context, const llvm::MemoryBuffer &buffer)
      : context(context), fileName(buffer.getBufferIdentifier()), text(buffer.getBuffer()) {
    lineStarts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n')
        lineStarts.push_back(i + 1);
  }

  mlir::Location get(size_t line, size_t codePointColumn) const {
    size_t column = codePointColumn;
    if (line >= 1 && line <= lineStarts.size()) {
      // Skip `codePointColumn` UTF-8 sequences (continuation bytes are 10xxxxxx).
      size_t offset = lineStarts[line - 1], seen = 0;
      while (offset < text.size() && seen < codePointColumn) {
        ++offset;
        while (offset < text.size() && (uint8_t(text[offset]) & 0xC0) == 0x80)
          ++offset;
        ++seen;
      }
      column = offset - lineStarts[line - 1];
    }
    return mlir::FileLineColLoc::get(context, fileName, line, column + 1);
  }
  mlir::Location get(antlr4::Token *token) const {
    return get(token->getLine(), token->getCharPositionInLine());
  }
  /// The location of byte `offset`.
  mlir::Location atOffset(size_t offset) const {
    size_t line = llvm::upper_bound(lineStarts, offset) - lineStarts.begin();
    return mlir::FileLineColLoc::get(context, fileName, line, offset - lineStarts[line - 1] + 1);
  }

  mlir::MLIRContext *context;
  std::string fileName;

private:
  llvm::StringRef text;
  std::vector<size_t> lineStarts;
};

/// Reports ANTLR lexer and parser errors through MLIR diagnostics.
class DiagnosticErrorListener : public antlr4::BaseErrorListener {
public:
  explicit DiagnosticErrorListener(const LocationFactory &locations) : locations(locations) {}

  void syntaxError(antlr4::Recognizer *, antlr4::Token *offending, size_t line,
                   size_t charPositionInLine, const std::string &msg,
                   std::exception_ptr) override {
    std::string text = msg;
    if (offending && offending->getType() == antlr::NetLexer::UNTERMINATED_STRING)
      text = "unterminated string literal";
    // ANTLR spells the end of input "<EOF>"; users read "end of file".
    for (size_t pos; (pos = text.find("<EOF>")) != std::string::npos;)
      text.replace(pos, 5, "end of file");
    mlir::emitError(locations.get(line, charPositionInLine)) << "syntax error: " << text;
    ++errors;
  }

  unsigned errors = 0;

private:
  const LocationFactory &locations;
};

/// Converts parse-tree contexts into AST nodes. Only used on trees that parsed
/// without errors, so every child the grammar requires is present.
class Builder {
public:
  explicit Builder(const LocationFactory &locations) : locations(locations) {}

  bool failed = false;

  File build(P::FileContext *ctx) {
    File file;
    file.path = locations.fileName;
    for (P::TopDeclContext *decl : ctx->topDecl()) {
      if (auto *imp = dynamic_cast<P::ImportDeclContext *>(decl)) {
        if (imp->STRING())
          file.imports.push_back({unquote(imp->STRING()), true, loc(imp)});
        else
          file.imports.push_back({imp->ID()->getText(), false, loc(imp)});
      } else if (auto *c = dynamic_cast<P::ConstDeclContext *>(decl)) {
        file.consts.push_back({c->ID()->getText(), loc(c->ID()), expr(c->expr())});
      } else if (auto *b = dynamic_cast<P::BlockDeclContext *>(decl)) {
        file.blocks.push_back(block(b->ID(), b->paramList(), b->body()));
      } else if (auto *m = dynamic_cast<P::ModelDeclContext *>(decl)) {
        file.models.push_back(block(m->ID(), m->paramList(), m->body()));
      } else if (auto *a = dynamic_cast<P::ModelAliasContext *>(decl)) {
        file.aliases.push_back({a->ID(0)->getText(), loc(a->ID(0)), a->ID(1)->getText(),
                                loc(a->ID(1)), args(a->argList())});
      }
    }
    return file;
  }

private:
  mlir::Location loc(antlr4::Token *token) { return locations.get(token); }
  mlir::Location loc(antlr4::ParserRuleContext *ctx) { return loc(ctx->getStart()); }
  mlir::Location loc(antlr4::tree::TerminalNode *node) { return loc(node->getSymbol()); }

  std::string unquote(antlr4::tree::TerminalNode *node) {
    std::string text = node->getText();
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\\') {
        char c = text[++i];
        out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  Block block(antlr4::tree::TerminalNode *id, P::ParamListContext *paramList,
              P::BodyContext *bodyCtx) {
    Block result{id->getText(), loc(id), {}, body(bodyCtx)};
    if (paramList)
      for (P::ParamContext *p : paramList->param())
        result.params.push_back(
            {p->ID()->getText(), loc(p->ID()), p->expr() ? expr(p->expr()) : nullptr});
    return result;
  }

  std::vector<Arg> args(P::ArgListContext *ctx) {
    std::vector<Arg> result;
    if (!ctx)
      return result;
    for (P::ArgContext *a : ctx->arg())
      result.push_back({a->ID() ? a->ID()->getText() : std::string(), loc(a), expr(a->expr())});
    return result;
  }

  StmtList body(P::BodyContext *ctx) { return stmts(ctx->stmt()); }

  StmtList stmts(const std::vector<P::StmtContext *> &ctxs) {
    StmtList result;
    for (P::StmtContext *s : ctxs)
      result.push_back(stmt(s));
    return result;
  }

  Stmt stmt(P::StmtContext *ctx) {
    if (auto *s = dynamic_cast<P::LetStmtContext *>(ctx)) {
      Stmt result(Stmt::Kind::Let, loc(s->ID()));
      result.name = s->ID()->getText();
      result.expr = expr(s->expr());
      return result;
    }
    if (auto *s = dynamic_cast<P::InputStmtContext *>(ctx)) {
      Stmt result(Stmt::Kind::Input, loc(s));
      result.args = args(s->argList());
      return result;
    }
    if (auto *s = dynamic_cast<P::ScaleStmtContext *>(ctx)) {
      Stmt result(Stmt::Kind::Scale, loc(s));
      result.args = args(s->argList());
      return result;
    }
    if (auto *s = dynamic_cast<P::IfStmtContext *>(ctx))
      return ifChain(s->ifChain());
    if (auto *s = dynamic_cast<P::RepeatStmtContext *>(ctx)) {
      Stmt result(Stmt::Kind::Repeat, loc(s));
      result.expr = expr(s->expr());
      if (s->ID())
        result.name = s->ID()->getText();
      result.body = body(s->body());
      return result;
    }
    if (auto *s = dynamic_cast<P::RequireStmtContext *>(ctx)) {
      Stmt result(Stmt::Kind::Require, loc(s));
      result.expr = expr(s->expr());
      if (s->STRING())
        result.name = unquote(s->STRING());
      return result;
    }
    auto *s = static_cast<P::LayerStmtContext *>(ctx);
    Stmt result(Stmt::Kind::Layer, loc(s));
    if (s->layerName())
      result.name = s->layerName()->getText();
    for (P::LayerContext *l : s->layer())
      result.layers.push_back(layer(l));
    return result;
  }

  Stmt ifChain(P::IfChainContext *ctx) {
    Stmt result(Stmt::Kind::If, loc(ctx));
    result.expr = expr(ctx->expr());
    result.body = body(ctx->body(0));
    if (ctx->ifChain())
      result.elseBody.push_back(ifChain(ctx->ifChain()));
    else if (ctx->body().size() > 1)
      result.elseBody = body(ctx->body(1));
    return result;
  }

  LayerPtr layer(P::LayerContext *ctx) {
    if (auto *l = dynamic_cast<P::CallLayerContext *>(ctx)) {
      auto result = std::make_unique<Layer>(Layer::Kind::Call, loc(l));
      result->callee = l->ID()->getText();
      result->args = args(l->argList());
      return result;
    }
    if (auto *l = dynamic_cast<P::SeqLayerContext *>(ctx)) {
      auto result = std::make_unique<Layer>(Layer::Kind::Sequence, loc(l));
      result->body = stmts(l->stmt());
      return result;
    }
    if (auto *l = dynamic_cast<P::ResidualLayerContext *>(ctx)) {
      auto result = std::make_unique<Layer>(Layer::Kind::Residual, loc(l));
      result->args = args(l->argList());
      result->body = body(l->body(0));
      if (l->body().size() > 1) {
        result->hasShortcut = true;
        result->shortcut = body(l->body(1));
      }
      return result;
    }
    if (auto *l = dynamic_cast<P::ParallelLayerContext *>(ctx)) {
      auto result = std::make_unique<Layer>(Layer::Kind::Parallel, loc(l));
      result->args = args(l->argList());
      result->body = body(l->body());
      return result;
    }
    auto *l = static_cast<P::GateLayerContext *>(ctx);
    auto result = std::make_unique<Layer>(Layer::Kind::Gate, loc(l));
    result->body = body(l->body());
    return result;
  }

  ExprPtr make(Expr::Kind kind, antlr4::ParserRuleContext *ctx) {
    return std::make_unique<Expr>(kind, loc(ctx));
  }

  ExprPtr expr(P::ExprContext *ctx) {
    if (auto *e = dynamic_cast<P::ParenExprContext *>(ctx))
      return expr(e->expr());
    if (auto *e = dynamic_cast<P::IntExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Int, e);
      if (llvm::StringRef(e->getText()).getAsInteger(10, result->intValue)) {
        mlir::emitError(result->loc) << "integer literal '" << e->getText()
                                     << "' does not fit in 64 bits";
        failed = true;
      }
      return result;
    }
    if (auto *e = dynamic_cast<P::FloatExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Float, e);
      result->floatValue = std::strtod(e->getText().c_str(), nullptr);
      if (!std::isfinite(result->floatValue)) {
        mlir::emitError(result->loc) << "float literal '" << e->getText() << "' is out of range";
        failed = true;
      }
      return result;
    }
    if (auto *e = dynamic_cast<P::StringExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::String, e);
      result->text = unquote(e->STRING());
      return result;
    }
    if (auto *e = dynamic_cast<P::BoolExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Bool, e);
      result->boolValue = e->getText() == "true";
      return result;
    }
    if (auto *e = dynamic_cast<P::InExprContext *>(ctx))
      return make(Expr::Kind::In, e);
    if (auto *e = dynamic_cast<P::ListExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::List, e);
      for (P::ExprContext *element : e->expr())
        result->operands.push_back(expr(element));
      return result;
    }
    if (auto *e = dynamic_cast<P::CallExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Call, e);
      result->text = e->ID()->getText();
      result->args = args(e->argList());
      return result;
    }
    if (auto *e = dynamic_cast<P::NameExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Name, e);
      result->text = e->getText();
      return result;
    }
    if (auto *e = dynamic_cast<P::MemberExprContext *>(ctx)) {
      auto result = std::make_unique<Expr>(Expr::Kind::Member, loc(e->ID()));
      result->text = e->ID()->getText();
      result->operands.push_back(expr(e->expr()));
      return result;
    }
    if (auto *e = dynamic_cast<P::IndexExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Index, e);
      result->operands.push_back(expr(e->expr(0)));
      result->operands.push_back(expr(e->expr(1)));
      return result;
    }
    if (auto *e = dynamic_cast<P::UnaryExprContext *>(ctx)) {
      ExprPtr result = make(Expr::Kind::Unary, e);
      result->text = e->op->getText();
      result->operands.push_back(expr(e->expr()));
      return result;
    }
    if (auto *e = dynamic_cast<P::BinaryExprContext *>(ctx)) {
      // Locate a binary expression at its operator: that is where a type or
      // domain error belongs.
      auto result = std::make_unique<Expr>(Expr::Kind::Binary, loc(e->op));
      result->text = e->op->getText();
      result->operands.push_back(expr(e->expr(0)));
      result->operands.push_back(expr(e->expr(1)));
      return result;
    }
    auto *e = static_cast<P::CondExprContext *>(ctx);
    ExprPtr result = make(Expr::Kind::Cond, e);
    for (P::ExprContext *operand : e->expr())
      result->operands.push_back(expr(operand));
    return result;
  }

  const LocationFactory &locations;
};

/// Rejects input nested deeper than kMaxNesting, or with more than
/// kMaxOperators operators, before the recursive-descent parser sees it.
bool checkNesting(antlr4::CommonTokenStream &tokens, const LocationFactory &locations) {
  static const llvm::StringSet<> operators = {"+",  "-",  "*",   "/",  "//", "%",  "**",
                                              "<",  "<=", ">",   ">=", "==", "!=", "and",
                                              "or", "not", "?",  ".",  "->"};
  unsigned depth = 0, numOperators = 0;
  for (antlr4::Token *token : tokens.getTokens()) {
    std::string text = token->getText();
    auto fail = [&]() { return mlir::emitError(locations.get(token)); };
    if (text == "(" || text == "[" || text == "{") {
      if (++depth > kMaxNesting) {
        fail() << "nesting deeper than " << kMaxNesting << " levels";
        return false;
      }
    } else if ((text == ")" || text == "]" || text == "}") && depth > 0) {
      --depth;
    } else if (operators.contains(text) && ++numOperators > kMaxOperators) {
      fail() << "more than " << kMaxOperators << " operators in one file";
      return false;
    }
  }
  return true;
}

} // namespace

std::optional<File> netc::parseFile(llvm::SourceMgr &sourceMgr, unsigned bufferId,
                                    mlir::MLIRContext *context) {
  const llvm::MemoryBuffer *buffer = sourceMgr.getMemoryBuffer(bufferId);
  LocationFactory locations(context, *buffer);
  // ANTLR decodes UTF-8 itself and throws on bad input; say where it is.
  auto *begin = reinterpret_cast<const llvm::UTF8 *>(buffer->getBufferStart());
  const llvm::UTF8 *cursor = begin;
  if (!llvm::isLegalUTF8String(&cursor, begin + buffer->getBufferSize())) {
    mlir::emitError(locations.atOffset(cursor - begin))
        << "invalid UTF-8 byte 0x" << llvm::utohexstr(*cursor, /*LowerCase=*/true, 2);
    return std::nullopt;
  }
  try {
    antlr4::ANTLRInputStream input(buffer->getBuffer().data(), buffer->getBufferSize());
    antlr::NetLexer lexer(&input);
    DiagnosticErrorListener listener(locations);
    lexer.removeErrorListeners();
    lexer.addErrorListener(&listener);
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (!checkNesting(tokens, locations))
      return std::nullopt;

    antlr::NetParser parser(&tokens);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    P::FileContext *tree = parser.file();
    if (listener.errors)
      return std::nullopt;

    Builder builder(locations);
    File file = builder.build(tree);
    if (builder.failed)
      return std::nullopt;
    return file;
  } catch (const std::exception &e) {
    mlir::emitError(locations.atOffset(0)) << "cannot parse file: " << e.what();
    return std::nullopt;
  }
}
