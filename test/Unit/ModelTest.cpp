//===- ModelTest.cpp - Shape rules and memory figures ---------------------===//
#include "netc/Sema/Model.h"

#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "gtest/gtest.h"

using namespace netc;

namespace {

TEST(WindowOutputSize, MatchesPyTorchFloorMode) {
  EXPECT_EQ(windowOutputSize(224, 7, 2, 3, 3, 1, false), 112);
  EXPECT_EQ(windowOutputSize(112, 3, 2, 1, 1, 1, false), 56);
  EXPECT_EQ(windowOutputSize(5, 3, 1, 0, 0, 2, false), 1); // dilated window spans 5
}

TEST(WindowOutputSize, CeilModeAddsThePartialWindow) {
  // GoogLeNet: 112 -> 56 with a 3x3/2 max-pool in ceil mode (floor gives 55).
  EXPECT_EQ(windowOutputSize(112, 3, 2, 0, 0, 1, true), 56);
  EXPECT_EQ(windowOutputSize(112, 3, 2, 0, 0, 1, false), 55);
}

TEST(WindowOutputSize, CeilModeDropsAWindowStartingInThePadding) {
  // PyTorch: the last window must start inside the input or the left padding.
  // 5 + 2 * 1 padding, kernel 2, stride 2: ceil gives 4 windows, the last one
  // starts at 6 >= 5 + 1, so 3 remain.
  EXPECT_EQ(windowOutputSize(5, 2, 2, 1, 1, 1, true), 3);
}

TEST(WindowOutputSize, ZeroWhenTheWindowDoesNotFit) {
  EXPECT_EQ(windowOutputSize(2, 5, 1, 0, 0, 1, false), 0);
}

/// input -> a -> b, with `a` also used by a final add: a chain where the peak
/// is reached while three tensors are live.
TEST(Model, PeakLiveActivationsFollowLastUses) {
  mlir::MLIRContext context;
  mlir::Location loc = mlir::UnknownLoc::get(&context);
  Model model{"m", loc, {}, {}, 0, {}};
  auto node = [&](OpKind kind, llvm::SmallVector<unsigned, 2> operands, int64_t elements) {
    Node n{kind, "", 0, loc, operands, {1, elements}, {}};
    model.nodes.push_back(n);
  };
  node(OpKind::Input, {}, 100);       // 0: live until 1
  node(OpKind::Activation, {0}, 10);  // 1: live until 3
  node(OpKind::Activation, {1}, 1000); // 2: live until 3
  node(OpKind::Add, {1, 2}, 1000);    // 3: output
  model.output = 3;
  // While computing 3: tensors 1, 2 and 3 are live: (10 + 1000 + 1000) * 4.
  EXPECT_EQ(model.peakLiveActivationBytes(), (10 + 1000 + 1000) * 4);
  EXPECT_EQ(model.activationBytes(), (100 + 10 + 1000 + 1000) * 4);
}

TEST(Model, ViewsShareTheirOperandsStorage) {
  mlir::MLIRContext context;
  mlir::Location loc = mlir::UnknownLoc::get(&context);
  Model model{"m", loc, {}, {}, 0, {}};
  model.nodes.push_back({OpKind::Input, "", 0, loc, {}, {1, 64}, {}});
  model.nodes.push_back({OpKind::Flatten, "", 0, loc, {0}, {1, 64}, {}});
  model.nodes.push_back({OpKind::Dropout, "", 0, loc, {1}, {1, 64}, {}});
  model.output = 2;
  EXPECT_EQ(model.peakLiveActivationBytes(), 64 * 4);
  EXPECT_EQ(model.activationBytes(), 64 * 4);
}

} // namespace
