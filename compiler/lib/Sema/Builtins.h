//===- Builtins.h - Built-in functions and layers ----------------*- C++ -*-===//
//
// The argument binding shared by built-in functions, built-in layers and user
// blocks, the expression functions (min, ceil, filters, ...), and the built-in
// layers with their shape rules.
//
//===----------------------------------------------------------------------===//
#ifndef NETC_SEMA_BUILTINS_H
#define NETC_SEMA_BUILTINS_H

#include "netc/Sema/Value.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace netc {

/// Emits an error at a location, with the current instantiation chain as notes.
using EmitError = llvm::function_ref<mlir::InFlightDiagnostic(mlir::Location)>;

struct EvaluatedArg {
  std::string name; // empty for a positional argument
  mlir::Location loc;
  Value value;
};

struct ParamSpec {
  llvm::StringRef name;
  bool required;
};

/// Matches arguments to parameters: positional ones in order, then keywords.
/// Reports every unknown, repeated, surplus or missing argument of the call;
/// returns, per parameter, its argument or nullptr.
std::optional<std::vector<const EvaluatedArg *>>
bindArgs(llvm::StringRef callee, llvm::ArrayRef<ParamSpec> params,
         llvm::ArrayRef<EvaluatedArg> args, mlir::Location callLoc, EmitError emitError);

//===-- Expression functions ----------------------------------------------===//

bool isFunction(llvm::StringRef name);
std::optional<Value> callFunction(llvm::StringRef name, llvm::ArrayRef<EvaluatedArg> args,
                                  const ScaleInfo &scale, mlir::Location loc,
                                  EmitError emitError);

//===-- Layers ------------------------------------------------------------===//

struct BuiltinLayer;
const BuiltinLayer *lookupLayer(llvm::StringRef name);
/// Names of all built-in layers, for suggestions.
std::vector<llvm::StringRef> layerNames();

/// Builds the node of a built-in layer applied to an input of shape `input`.
/// Parameter tensors get names relative to the layer ("weight").
std::optional<Node> buildLayer(const BuiltinLayer &layer, llvm::ArrayRef<EvaluatedArg> args,
                               const Shape &input, mlir::Location loc, EmitError emitError);

} // namespace netc

#endif // NETC_SEMA_BUILTINS_H
