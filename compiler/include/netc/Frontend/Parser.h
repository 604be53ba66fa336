//===- Parser.h - .net source to AST -----------------------------*- C++ -*-===//
#ifndef NETC_FRONTEND_PARSER_H
#define NETC_FRONTEND_PARSER_H

#include "netc/Frontend/AST.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace netc {

/// Deepest nesting of brackets and blocks accepted; deeper input is rejected
/// before parsing so that neither the parser nor the evaluator can run out of
/// stack.
inline constexpr unsigned kMaxNesting = 128;

/// Parses buffer `bufferId` of `sourceMgr`. Syntax errors are reported through
/// the context's diagnostic engine at their source location; returns nothing if
/// there was any.
std::optional<ast::File> parseFile(llvm::SourceMgr &sourceMgr, unsigned bufferId,
                                   mlir::MLIRContext *context);

} // namespace netc

#endif // NETC_FRONTEND_PARSER_H
