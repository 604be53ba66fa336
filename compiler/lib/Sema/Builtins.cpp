//===- Builtins.cpp - Argument binding and expression functions -----------===//
#include "Builtins.h"
#include "Limits.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace netc;

std::optional<std::vector<const EvaluatedArg *>>
netc::bindArgs(llvm::StringRef callee, llvm::ArrayRef<ParamSpec> params,
               llvm::ArrayRef<EvaluatedArg> args, mlir::Location callLoc, EmitError emitError) {
  std::vector<const EvaluatedArg *> bound(params.size(), nullptr);
  bool ok = true;
  size_t positional = 0;
  for (const EvaluatedArg &arg : args) {
    if (arg.name.empty()) {
      if (positional >= params.size()) {
        emitError(arg.loc) << "too many arguments to '" << callee << "': it takes at most "
                           << params.size();
        ok = false;
      } else {
        bound[positional] = &arg;
      }
      ++positional;
      continue;
    }
    auto it = llvm::find_if(params, [&](const ParamSpec &p) { return p.name == arg.name; });
    if (it == params.end()) {
      auto diag = emitError(arg.loc);
      diag << "'" << callee << "' has no parameter named '" << arg.name << "'";
      llvm::StringRef best;
      unsigned bestDistance = 3;
      for (const ParamSpec &p : params) {
        unsigned d = p.name.edit_distance(arg.name);
        if (d < bestDistance)
          best = p.name, bestDistance = d;
      }
      if (!best.empty())
        diag << "; did you mean '" << best << "'?";
      ok = false;
      continue;
    }
    size_t index = it - params.begin();
    if (bound[index]) {
      emitError(arg.loc) << "parameter '" << arg.name << "' of '" << callee
                         << "' is given twice";
      ok = false;
      continue;
    }
    bound[index] = &arg;
  }
  for (size_t k = 0; k < params.size(); ++k) {
    if (params[k].required && !bound[k]) {
      emitError(callLoc) << "'" << callee << "' needs a value for parameter '" << params[k].name
                         << "'";
      ok = false;
    }
  }
  if (!ok)
    return std::nullopt;
  return bound;
}

namespace {
enum class Function { Min, Max, Abs, Ceil, Floor, Round, Int, Float, Sqrt, Len, MakeDivisible,
                      Filters, Repeats, Resolution, Unknown };

Function lookupFunction(llvm::StringRef name) {
  return llvm::StringSwitch<Function>(name)
      .Case("min", Function::Min)
      .Case("max", Function::Max)
      .Case("abs", Function::Abs)
      .Case("ceil", Function::Ceil)
      .Case("floor", Function::Floor)
      .Case("round", Function::Round)
      .Case("int", Function::Int)
      .Case("float", Function::Float)
      .Case("sqrt", Function::Sqrt)
      .Case("len", Function::Len)
      .Case("make_divisible", Function::MakeDivisible)
      .Case("filters", Function::Filters)
      .Case("repeats", Function::Repeats)
      .Case("resolution", Function::Resolution)
      .Default(Function::Unknown);
}

/// Converts a float result to int, refusing values an int64 cannot hold.
std::optional<Value> toInt(double v, mlir::Location loc, EmitError emitError) {
  if (!std::isfinite(v) || std::fabs(v) >= 9.2e18) {
    emitError(loc) << "value " << Value::ofFloat(v).str() << " does not fit in an int";
    return std::nullopt;
  }
  return Value::ofInt(int64_t(v));
}
} // namespace

bool netc::isFunction(llvm::StringRef name) { return lookupFunction(name) != Function::Unknown; }

std::optional<Value> netc::callFunction(llvm::StringRef name, llvm::ArrayRef<EvaluatedArg> args,
                                        const ScaleInfo &scale, mlir::Location loc,
                                        EmitError emitError) {
  Function fn = lookupFunction(name);
  auto number = [&](const EvaluatedArg &arg) -> bool {
    if (arg.value.isNumber())
      return true;
    emitError(arg.loc) << "'" << name << "' expects a number, got " << arg.value.typeName();
    return false;
  };
  auto integer = [&](const EvaluatedArg &arg) -> bool {
    if (arg.value.kind == Value::Kind::Int)
      return true;
    emitError(arg.loc) << "'" << name << "' expects an int, got " << arg.value.typeName();
    return false;
  };

  if (fn == Function::Min || fn == Function::Max) {
    if (args.empty()) {
      emitError(loc) << "'" << name << "' needs at least one argument";
      return std::nullopt;
    }
    Value best = args[0].value;
    for (const EvaluatedArg &arg : args) {
      if (!number(arg))
        return std::nullopt;
      bool better = fn == Function::Min ? arg.value.asDouble() < best.asDouble()
                                        : arg.value.asDouble() > best.asDouble();
      if (better)
        best = arg.value;
    }
    return best;
  }

  static const ParamSpec one[] = {{"x", true}};
  static const ParamSpec divisible[] = {{"value", true}, {"divisor", false}};
  llvm::ArrayRef<ParamSpec> params = one;
  if (fn == Function::MakeDivisible)
    params = divisible;
  auto bound = bindArgs(name, params, args, loc, emitError);
  if (!bound)
    return std::nullopt;
  const EvaluatedArg &x = *(*bound)[0];

  switch (fn) {
  case Function::Len:
    if (x.value.kind != Value::Kind::List && x.value.kind != Value::Kind::Shape) {
      emitError(x.loc) << "'len' expects a list, got " << x.value.typeName();
      return std::nullopt;
    }
    return Value::ofInt(x.value.list.size());
  case Function::Abs:
    if (!number(x))
      return std::nullopt;
    if (x.value.kind == Value::Kind::Float)
      return Value::ofFloat(std::fabs(x.value.f));
    if (x.value.i == INT64_MIN) {
      emitError(x.loc) << "integer overflow in 'abs'";
      return std::nullopt;
    }
    return Value::ofInt(std::abs(x.value.i));
  case Function::Ceil:
  case Function::Floor:
  case Function::Round:
  case Function::Int: {
    if (!number(x))
      return std::nullopt;
    double v = x.value.asDouble();
    v = fn == Function::Ceil ? std::ceil(v)
        : fn == Function::Floor ? std::floor(v)
        : fn == Function::Round ? std::nearbyint(v) // half to even, like Python
        : std::trunc(v);
    return x.value.kind == Value::Kind::Int ? x.value : toInt(v, x.loc, emitError);
  }
  case Function::Float:
    if (!number(x))
      return std::nullopt;
    return Value::ofFloat(x.value.asDouble());
  case Function::Sqrt:
    if (!number(x))
      return std::nullopt;
    if (x.value.asDouble() < 0) {
      emitError(x.loc) << "'sqrt' of a negative number";
      return std::nullopt;
    }
    return Value::ofFloat(std::sqrt(x.value.asDouble()));
  case Function::MakeDivisible: {
    if (!number(x))
      return std::nullopt;
    int64_t divisor = 8;
    if (const EvaluatedArg *d = (*bound)[1]) {
      if (!integer(*d))
        return std::nullopt;
      divisor = d->value.i;
    }
    if (divisor < 1 || x.value.asDouble() < 0 || x.value.asDouble() > 1e15) {
      emitError(loc) << "'make_divisible' needs a non-negative value and a positive divisor";
      return std::nullopt;
    }
    return Value::ofInt(makeDivisible(x.value.asDouble(), divisor));
  }
  case Function::Filters:
  case Function::Repeats:
  case Function::Resolution: {
    if (!integer(x))
      return std::nullopt;
    if (x.value.i < 0 || x.value.i > limits::kMaxDimension) {
      emitError(x.loc) << "'" << name << "' expects a count between 0 and "
                       << limits::kMaxDimension << ", got " << x.value.i;
      return std::nullopt;
    }
    if (!scale.active)
      return x.value;
    // Scaling coefficients are at most 1000, so the results fit easily.
    double v = double(x.value.i);
    if (fn == Function::Filters)
      return Value::ofInt(makeDivisible(v * scale.width, 8));
    if (fn == Function::Repeats)
      return Value::ofInt(int64_t(std::ceil(v * scale.depth)));
    if (scale.resolution)
      return Value::ofInt(scale.resolution);
    return Value::ofInt(int64_t(std::lround(v * scale.resolutionFactor)));
  }
  default:
    break;
  }
  emitError(loc) << "unknown function '" << name << "'";
  return std::nullopt;
}
