//===- net-opt.cpp - mlir-opt with the net dialect and netc's passes -------===//
#include "netc/Codegen/Passes.h"
#include "netc/Conversion/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"
#include "netc/Dialect/Net/Transforms/Passes.h"
#include "netc/Pipelines/Pipelines.h"

#include "mlir/InitAllDialects.h"
#include "mlir/InitAllPasses.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<netc::net::NetDialect>();
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  netc::registerPipelineDialects(registry); // with the translations to LLVM IR
  mlir::registerAllPasses();
  netc::net::registerNetTransformsPasses();
  netc::registerNetcConversionPasses();
  netc::registerNetcCodegenPasses();
  netc::registerPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "netc optimizer driver\n", registry));
}
