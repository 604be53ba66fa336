//===- Value.cpp - Compile-time arithmetic ---------------------------------===//
#include "netc/Sema/Value.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace netc;

Value Value::ofShape(const Shape &shape) {
  Value r;
  r.kind = Kind::Shape;
  for (int64_t d : shape)
    r.list.push_back(ofInt(d));
  return r;
}

llvm::StringRef Value::typeName() const {
  switch (kind) {
  case Kind::Int: return "int";
  case Kind::Float: return "float";
  case Kind::Bool: return "bool";
  case Kind::String: return "string";
  case Kind::List: return "list";
  case Kind::Shape: return "shape";
  }
  return "?";
}

std::string Value::str() const {
  switch (kind) {
  case Kind::Int: return std::to_string(i);
  case Kind::Float: {
    // Shortest form that reads back as a float: 0.001, 1e-05, 16.0.
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", f);
    std::string text = buffer;
    if (text.find_first_of(".en") == std::string::npos)
      text += ".0";
    return text;
  }
  case Kind::Bool: return b ? "true" : "false";
  case Kind::String: return "\"" + s + "\"";
  case Kind::List:
  case Kind::Shape: {
    std::string out = "[";
    for (size_t k = 0; k < list.size(); ++k)
      out += (k ? ", " : "") + list[k].str();
    return out + "]";
  }
  }
  return "?";
}

int64_t netc::makeDivisible(double value, int64_t divisor) {
  int64_t rounded = std::max<int64_t>(divisor, int64_t(value + divisor / 2.0) / divisor * divisor);
  if (rounded < 0.9 * value)
    rounded += divisor;
  return rounded;
}

std::optional<Value> netc::applyUnary(llvm::StringRef op, const Value &a, std::string &error) {
  if (op == "not") {
    if (a.kind == Value::Kind::Bool)
      return Value::ofBool(!a.b);
    error = "'not' expects a bool, got " + a.typeName().str();
    return std::nullopt;
  }
  if (!a.isNumber()) {
    error = "unary '" + op.str() + "' expects a number, got " + a.typeName().str();
    return std::nullopt;
  }
  if (op == "+")
    return a;
  if (a.kind == Value::Kind::Float)
    return Value::ofFloat(-a.f);
  if (a.i == INT64_MIN) {
    error = "integer overflow in unary '-'";
    return std::nullopt;
  }
  return Value::ofInt(-a.i);
}

static std::optional<Value> intArithmetic(llvm::StringRef op, int64_t x, int64_t y,
                                          std::string &error) {
  int64_t r = 0;
  bool overflow = false;
  if (op == "+") {
    overflow = llvm::AddOverflow(x, y, r);
  } else if (op == "-") {
    overflow = llvm::SubOverflow(x, y, r);
  } else if (op == "*") {
    overflow = llvm::MulOverflow(x, y, r);
  } else if (op == "//" || op == "%") {
    if (y == 0) {
      error = "division by zero";
      return std::nullopt;
    }
    if (x == INT64_MIN && y == -1) {
      error = "integer overflow in '" + op.str() + "'";
      return std::nullopt;
    }
    // Python semantics: floor division, remainder takes the divisor's sign.
    int64_t q = x / y, m = x % y;
    if (m != 0 && ((m < 0) != (y < 0))) {
      --q;
      m += y;
    }
    r = op == "//" ? q : m;
  } else { // "**"
    if (y < 0) {
      double r = std::pow(double(x), double(y));
      if (!std::isfinite(r)) {
        error = "result of '**' is not a finite number";
        return std::nullopt;
      }
      return Value::ofFloat(r);
    }
    r = 1;
    for (int64_t k = 0; k < y && !overflow; ++k) {
      overflow = llvm::MulOverflow(r, x, r);
      if (r == 0 || r == 1)
        break; // 0**n and 1**n need no more steps
      if (x == -1) {
        r = (y % 2) ? -1 : 1;
        break;
      }
    }
  }
  if (overflow) {
    error = "integer overflow in '" + op.str() + "'";
    return std::nullopt;
  }
  return Value::ofInt(r);
}

std::optional<Value> netc::applyBinary(llvm::StringRef op, const Value &a, const Value &b,
                                       std::string &error) {
  auto mismatch = [&]() -> std::optional<Value> {
    error = "operator '" + op.str() + "' cannot combine " + a.typeName().str() + " and " +
            b.typeName().str();
    return std::nullopt;
  };
  if (op == "and" || op == "or") {
    if (a.kind != Value::Kind::Bool || b.kind != Value::Kind::Bool)
      return mismatch();
    return Value::ofBool(op == "and" ? (a.b && b.b) : (a.b || b.b));
  }
  if (op == "==" || op == "!=") {
    bool equal;
    if (a.isNumber() && b.isNumber())
      equal = a.asDouble() == b.asDouble();
    else if (a.kind != b.kind)
      return mismatch();
    else
      equal = a.str() == b.str();
    return Value::ofBool(op == "==" ? equal : !equal);
  }
  if (!a.isNumber() || !b.isNumber())
    return mismatch();
  if (op == "<") return Value::ofBool(a.asDouble() < b.asDouble());
  if (op == "<=") return Value::ofBool(a.asDouble() <= b.asDouble());
  if (op == ">") return Value::ofBool(a.asDouble() > b.asDouble());
  if (op == ">=") return Value::ofBool(a.asDouble() >= b.asDouble());

  if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int && op != "/")
    return intArithmetic(op, a.i, b.i, error);

  double x = a.asDouble(), y = b.asDouble(), r;
  if (op == "+") r = x + y;
  else if (op == "-") r = x - y;
  else if (op == "*") r = x * y;
  else if (op == "**") r = std::pow(x, y);
  else {
    if (y == 0) {
      error = "division by zero";
      return std::nullopt;
    }
    if (op == "/") r = x / y;
    else if (op == "//") r = std::floor(x / y);
    else r = x - std::floor(x / y) * y;
  }
  if (!std::isfinite(r)) {
    error = "result of '" + op.str() + "' is not a finite number";
    return std::nullopt;
  }
  return Value::ofFloat(r);
}
