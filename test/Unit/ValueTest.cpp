//===- ValueTest.cpp - Compile-time arithmetic ----------------------------===//
#include "netc/Sema/Value.h"

#include "gtest/gtest.h"

using namespace netc;

namespace {

Value binary(llvm::StringRef op, Value a, Value b) {
  std::string error;
  std::optional<Value> r = applyBinary(op, a, b, error);
  EXPECT_TRUE(r.has_value()) << error;
  return r.value_or(Value());
}

std::string binaryError(llvm::StringRef op, Value a, Value b) {
  std::string error;
  EXPECT_FALSE(applyBinary(op, a, b, error).has_value());
  return error;
}

TEST(Value, FloorDivisionAndModuloFollowPython) {
  EXPECT_EQ(binary("//", Value::ofInt(-7), Value::ofInt(2)).i, -4);
  EXPECT_EQ(binary("%", Value::ofInt(-7), Value::ofInt(2)).i, 1);
  EXPECT_EQ(binary("%", Value::ofInt(7), Value::ofInt(-2)).i, -1);
  EXPECT_EQ(binary("//", Value::ofInt(7), Value::ofInt(2)).i, 3);
}

TEST(Value, TrueDivisionGivesFloat) {
  Value r = binary("/", Value::ofInt(7), Value::ofInt(2));
  EXPECT_EQ(r.kind, Value::Kind::Float);
  EXPECT_DOUBLE_EQ(r.f, 3.5);
}

TEST(Value, IntegerOverflowIsAnError) {
  EXPECT_NE(binaryError("*", Value::ofInt(INT64_MAX), Value::ofInt(2)).find("overflow"),
            std::string::npos);
  EXPECT_NE(binaryError("**", Value::ofInt(2), Value::ofInt(64)).find("overflow"),
            std::string::npos);
  EXPECT_EQ(binary("**", Value::ofInt(2), Value::ofInt(62)).i, int64_t(1) << 62);
}

TEST(Value, PowerOfOneAndMinusOneTerminatesQuickly) {
  EXPECT_EQ(binary("**", Value::ofInt(1), Value::ofInt(INT64_MAX)).i, 1);
  EXPECT_EQ(binary("**", Value::ofInt(-1), Value::ofInt(INT64_MAX)).i, -1);
}

TEST(Value, DivisionByZeroIsAnError) {
  EXPECT_EQ(binaryError("//", Value::ofInt(1), Value::ofInt(0)), "division by zero");
  EXPECT_EQ(binaryError("/", Value::ofFloat(1), Value::ofInt(0)), "division by zero");
}

TEST(Value, MixedTypesAreRejected) {
  EXPECT_EQ(binaryError("+", Value::ofInt(1), Value::ofString("a")),
            "operator '+' cannot combine int and string");
  EXPECT_EQ(binaryError("and", Value::ofBool(true), Value::ofInt(1)),
            "operator 'and' cannot combine bool and int");
}

TEST(Value, PrintsAsWritten) {
  EXPECT_EQ(Value::ofFloat(16).str(), "16.0");
  EXPECT_EQ(Value::ofFloat(1e-5).str(), "1e-05");
  EXPECT_EQ(Value::ofList({Value::ofInt(1), Value::ofString("same")}).str(), "[1, \"same\"]");
}

TEST(Value, MakeDivisibleIsEfficientNetsRoundFilters) {
  EXPECT_EQ(makeDivisible(32 * 1.1, 8), 32);   // 35.2 rounds down to 32
  EXPECT_EQ(makeDivisible(320 * 1.1, 8), 352);
  EXPECT_EQ(makeDivisible(16 * 1.8, 8), 32);   // 28.8 -> 32
  EXPECT_EQ(makeDivisible(3, 8), 8);           // never below the divisor
  EXPECT_EQ(makeDivisible(44, 8), 48);         // 44 + 4 -> 48
  EXPECT_EQ(makeDivisible(36.5, 8), 40);       // 32 < 0.9 * 36.5, so +8
}

} // namespace
