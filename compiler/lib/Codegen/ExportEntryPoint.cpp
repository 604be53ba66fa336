//===- ExportEntryPoint.cpp - The net-export-entry-point pass --------------===//
#include "netc/Codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace netc {
#define GEN_PASS_DEF_NETEXPORTENTRYPOINT
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

struct NetExportEntryPointPass
    : netc::impl::NetExportEntryPointBase<NetExportEntryPointPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    // The model is the one public function with a body (the lowering adds
    // only declarations: malloc, free, libm).
    LLVM::LLVMFuncOp model;
    for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
      if (func.isExternal() || func.isPrivate())
        continue;
      if (model) {
        module.emitError("expected one model function, found '")
            << model.getName() << "' and '" << func.getName() << "'";
        return signalPassFailure();
      }
      model = func;
    }
    if (!model) {
      module.emitError("no model function to export");
      return signalPassFailure();
    }
    if (module.lookupSymbol(symbol)) {
      module.emitError("entry point '") << symbol << "' already exists";
      return signalPassFailure();
    }

    // Arguments: input, parameters..., output (the result, as out-parameter).
    unsigned numArgs = model.getNumArguments();
    if (numArgs < 2 || !isa<LLVM::LLVMVoidType>(model.getFunctionType().getReturnType()) ||
        !llvm::all_of(model.getArgumentTypes(), llvm::IsaPred<LLVM::LLVMPointerType>)) {
      model.emitError("expected a bare-pointer model function (input, parameters..., output) "
                      "without results");
      return signalPassFailure();
    }
    model.setLinkage(LLVM::Linkage::Internal);
    // Parameter names served the header; LLVM IR has no use for them. What it
    // can use: the input, the parameters and the output never overlap (the
    // header's contract), which lets LLVM vectorize without alias checks.
    model.removeArgAttrsAttr();
    OpBuilder attrs(&getContext());
    for (unsigned i = 0; i < numArgs; ++i) {
      model.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(), attrs.getUnitAttr());
      if (i + 1 < numArgs)
        model.setArgAttr(i, LLVM::LLVMDialect::getReadonlyAttrName(), attrs.getUnitAttr());
    }

    OpBuilder builder(module.getBodyRegion());
    builder.setInsertionPointToEnd(module.getBody());
    Location loc = model.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(&getContext()),
                                            {ptr, ptr, ptr});
    auto entry = LLVM::LLVMFuncOp::create(builder, loc, symbol, type);
    Block *body = entry.addEntryBlock(builder);
    builder.setInsertionPointToStart(body);
    Value params = body->getArgument(0);
    SmallVector<Value> args = {body->getArgument(1)};
    for (unsigned i = 0; i + 2 < numArgs; ++i) {
      Value slot = LLVM::GEPOp::create(builder, loc, ptr, ptr, params,
                                       ArrayRef<LLVM::GEPArg>{int32_t(i)});
      args.push_back(LLVM::LoadOp::create(builder, loc, ptr, slot));
    }
    args.push_back(body->getArgument(2));
    LLVM::CallOp::create(builder, loc, model, args);
    LLVM::ReturnOp::create(builder, loc, ValueRange{});
  }
};

} // namespace
