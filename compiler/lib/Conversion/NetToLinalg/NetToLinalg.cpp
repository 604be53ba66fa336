//===- NetToLinalg.cpp - The convert-net-to-linalg pass --------------------===//
//
// The patterns live next to this file, one family per file (Convolution,
// Pooling, Elementwise, Shape); this file only collects them and runs them.
//
//===----------------------------------------------------------------------===//
#include "Utils.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace netc {
#define GEN_PASS_DEF_CONVERTNETTOLINALG
#include "netc/Conversion/Passes.h.inc"
} // namespace netc

using namespace mlir;

void netc::populateNetToLinalgConversionPatterns(RewritePatternSet &patterns) {
  detail::populateConvolutionPatterns(patterns);
  detail::populatePoolingPatterns(patterns);
  detail::populateElementwisePatterns(patterns);
  detail::populateShapePatterns(patterns);
}

namespace {
struct ConvertNetToLinalgPass
    : netc::impl::ConvertNetToLinalgBase<ConvertNetToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    ConversionTarget target(*context);
    target.addIllegalDialect<netc::net::NetDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect, func::FuncDialect>();
    RewritePatternSet patterns(context);
    netc::populateNetToLinalgConversionPatterns(patterns);
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
