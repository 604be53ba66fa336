//===- Value.h - Compile-time values of the .net language --------*- C++ -*-===//
#ifndef NETC_SEMA_VALUE_H
#define NETC_SEMA_VALUE_H

#include "netc/Sema/Model.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

namespace netc {

/// An int, float, bool, string, list, or the shape of a layer's input (`in`).
struct Value {
  enum class Kind { Int, Float, Bool, String, List, Shape };
  Kind kind = Kind::Int;
  int64_t i = 0;
  double f = 0;
  bool b = false;
  std::string s;
  std::vector<Value> list; // list elements, or the dimensions of a shape

  static Value ofInt(int64_t v) { Value r; r.kind = Kind::Int; r.i = v; return r; }
  static Value ofFloat(double v) { Value r; r.kind = Kind::Float; r.f = v; return r; }
  static Value ofBool(bool v) { Value r; r.kind = Kind::Bool; r.b = v; return r; }
  static Value ofString(std::string v) { Value r; r.kind = Kind::String; r.s = std::move(v); return r; }
  static Value ofList(std::vector<Value> v) { Value r; r.kind = Kind::List; r.list = std::move(v); return r; }
  static Value ofShape(const Shape &shape);

  bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
  double asDouble() const { return kind == Kind::Int ? double(i) : f; }
  /// "int", "float", ... for messages.
  llvm::StringRef typeName() const;
  /// The value as written in source ("[1, 2]", "2.5", "\"same\"").
  std::string str() const;
};

/// Applies a unary or binary operator; on failure returns nothing and sets
/// `error` to a message (without location).
std::optional<Value> applyUnary(llvm::StringRef op, const Value &a, std::string &error);
std::optional<Value> applyBinary(llvm::StringRef op, const Value &a, const Value &b,
                                 std::string &error);

/// EfficientNet's round_filters / torchvision's _make_divisible.
int64_t makeDivisible(double value, int64_t divisor);

} // namespace netc

#endif // NETC_SEMA_VALUE_H
