//===- Parse.h - .net source to AST -----------------------------*- C++ -*-===//
#ifndef NETC_FRONTEND_PARSE_H
#define NETC_FRONTEND_PARSE_H

#include "netc/Frontend/AST.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/SourceMgr.h"

#include <optional>

namespace netc {

/// Deepest nesting of brackets and blocks accepted; deeper input is rejected
/// before parsing so that neither the parser nor the evaluator can run out of
/// stack.
inline constexpr unsigned kMaxNesting = 128;
/// Most operators in one file: each can deepen an expression tree by one
/// level, which the parser and everything after it walk recursively. Real
/// networks use a few hundred; the limit keeps the depth within the stack
/// the driver gives the compiler (kCompilerStackBytes).
inline constexpr unsigned kMaxOperators = 100000;
/// Stack for the thread that parses and checks: deep enough for kMaxNesting
/// brackets and kMaxOperators operators.
inline constexpr unsigned kCompilerStackBytes = 512u << 20;

/// Parses buffer `bufferId` of `sourceMgr`. Syntax errors are reported through
/// the context's diagnostic engine at their source location; returns nothing if
/// there was any.
std::optional<ast::File> parseFile(llvm::SourceMgr &sourceMgr, unsigned bufferId,
                                   mlir::MLIRContext *context);

} // namespace netc

#endif // NETC_FRONTEND_PARSE_H
