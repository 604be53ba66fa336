//===- ExportEntryPoint.cpp - The net-export-entry-point pass --------------===//
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"

namespace netc {
#define GEN_PASS_DEF_NETEXPORTENTRYPOINT
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// An argument of an exported wrapper: one pointer passed through, or an
/// array of pointers that supplies `count` consecutive arguments.
struct WrapperArg {
  bool isArray;
  unsigned count;
};

struct NetExportEntryPointPass
    : netc::impl::NetExportEntryPointBase<NetExportEntryPointPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    LLVM::LLVMFuncOp run = findEntry(module, "run"), prepare = findEntry(module, "prepare");
    if (!run || !prepare) {
      module.emitError("expected the model's run and prepare functions (net.entry)");
      return signalPassFailure();
    }
    // run(input, parameters..., prepared..., output, trailing...); prepare(
    // parameters..., prepared outputs..., trailing...). The parameters are the
    // arguments that still carry their names; the trailing ones (an arena, a
    // stream) are passed on.
    unsigned numParams = llvm::count_if(llvm::seq(prepare.getNumArguments()), [&](unsigned i) {
      return bool(prepare.getArgAttr(i, netc::net::kParamNameAttr));
    });
    if (failed(checkBarePointers(run)) || failed(checkBarePointers(prepare)))
      return signalPassFailure();
    unsigned runTrailing = trailingArguments(run), prepareTrailing = trailingArguments(prepare);
    unsigned numRunArgs = run.getNumArguments();
    if (numRunArgs < 2 + runTrailing) {
      run.emitError("expected the input and output arguments");
      return signalPassFailure();
    }
    SmallVector<WrapperArg> runArgs = {{false, 1}, {true, numRunArgs - 2 - runTrailing}, {false, 1}};
    SmallVector<WrapperArg> prepareArgs = {
        {true, numParams}, {true, prepare.getNumArguments() - numParams - prepareTrailing}};
    runArgs.append(runTrailing, {false, 1});
    prepareArgs.append(prepareTrailing, {false, 1});
    exportWrapper(module, run, prefix + "_run", runArgs);
    exportWrapper(module, prepare, prefix + "_prepare", prepareArgs);
  }

private:
  static LLVM::LLVMFuncOp findEntry(ModuleOp module, llvm::StringRef role) {
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (auto entry = func->getAttrOfType<StringAttr>(netc::net::kEntryAttr))
        if (entry.getValue() == role)
          return func;
    return nullptr;
  }

  /// An arena if net-plan-memory planned the function (net.arena_bytes),
  /// then a stream if net-gpu-launch-on-stream added one (net.stream).
  static unsigned trailingArguments(LLVM::LLVMFuncOp func) {
    return unsigned(func->hasAttr(netc::kArenaBytesAttr)) +
           unsigned(func->hasAttr(netc::kStreamAttr));
  }

  static LogicalResult checkBarePointers(LLVM::LLVMFuncOp func) {
    if (isa<LLVM::LLVMVoidType>(func.getFunctionType().getReturnType()) &&
        llvm::all_of(func.getArgumentTypes(), llvm::IsaPred<LLVM::LLVMPointerType>))
      return success();
    return func.emitError("expected bare pointer arguments and no results");
  }

  /// Makes `target` internal (so models never clash at link time) and adds
  /// the exported `name` that calls it, reading pointer arrays as `args` say.
  void exportWrapper(ModuleOp module, LLVM::LLVMFuncOp target, const std::string &name,
                     ArrayRef<WrapperArg> args) {
    if (module.lookupSymbol(name)) {
      module.emitError("entry point '") << name << "' already exists";
      return signalPassFailure();
    }
    target.setLinkage(LLVM::Linkage::Internal);
    // Argument names and roles served the header; LLVM IR has no use for
    // them. What it can use: the tensors never overlap (the header's
    // contract), so LLVM vectorizes without alias checks.
    target.removeArgAttrsAttr();
    target->removeAttr(netc::net::kEntryAttr);
    OpBuilder builder(&getContext());
    for (unsigned i = 0; i < target.getNumArguments(); ++i)
      target.setArgAttr(i, LLVM::LLVMDialect::getNoAliasAttrName(), builder.getUnitAttr());

    builder.setInsertionPointToEnd(module.getBody());
    Location loc = target.getLoc();
    auto ptr = LLVM::LLVMPointerType::get(&getContext());
    SmallVector<Type> types(args.size(), ptr);
    auto wrapper = LLVM::LLVMFuncOp::create(
        builder, loc, name, LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(&getContext()), types));
    Block *body = wrapper.addEntryBlock(builder);
    builder.setInsertionPointToStart(body);
    SmallVector<Value> operands;
    for (auto [index, arg] : llvm::enumerate(args)) {
      Value value = body->getArgument(index);
      if (!arg.isArray) {
        operands.push_back(value);
        continue;
      }
      for (unsigned i = 0; i < arg.count; ++i) {
        Value slot = LLVM::GEPOp::create(builder, loc, ptr, ptr, value,
                                         ArrayRef<LLVM::GEPArg>{int32_t(i)});
        operands.push_back(LLVM::LoadOp::create(builder, loc, ptr, slot));
      }
    }
    LLVM::CallOp::create(builder, loc, target, operands);
    LLVM::ReturnOp::create(builder, loc, ValueRange{});
  }
};

} // namespace
