//===- CPUProfile.cpp - The net-cpu-profile pass ---------------------------===//
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Interfaces/LoopLikeInterface.h"

namespace netc {
#define GEN_PASS_DEF_NETCPUPROFILE
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

/// The layers a kernel computes: the names in its location, joined by "+"
/// (a convolution with its folded batch norm is "conv1+bn1").
StringAttr layerName(Location loc) {
  SmallVector<StringRef> names;
  loc->walk([&](Location nested) {
    if (auto named = dyn_cast<NameLoc>(nested))
      if (!llvm::is_contained(names, named.getName().getValue()))
        names.push_back(named.getName().getValue());
    return WalkResult::advance();
  });
  return StringAttr::get(loc->getContext(),
                         names.empty() ? "(model)" : llvm::join(names, "+"));
}

struct NetCPUProfilePass : netc::impl::NetCPUProfileBase<NetCPUProfilePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    OpBuilder builder(module.getBodyRegion());
    Type i32 = builder.getI32Type();
    auto hook = [&](StringRef name) {
      auto func = func::FuncOp::create(builder, module.getLoc(), name,
                                       builder.getFunctionType({i32}, {}));
      func.setPrivate();
      return func;
    };
    func::FuncOp begin = hook("netc_profile_begin"), end = hook("netc_profile_end");

    SmallVector<Attribute> kernels;
    for (auto func : module.getOps<func::FuncOp>()) {
      auto entry = func->getAttrOfType<StringAttr>(netc::net::kEntryAttr);
      if (!entry || entry.getValue() != "run")
        continue;
      for (Operation &op : llvm::make_early_inc_range(func.front().without_terminator())) {
        auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
        if (!linalgOp && !isa<LoopLikeOpInterface>(op))
          continue;
        netc::KernelCost cost;
        StringAttr kind;
        if (linalgOp) {
          cost = netc::linalgCost(linalgOp);
          kind = builder.getStringAttr(op.getName().stripDialect());
        } else {
          auto flops = op.getAttrOfType<IntegerAttr>(netc::kFlopsAttr);
          auto bytes = op.getAttrOfType<IntegerAttr>(netc::kBytesAttr);
          cost = {flops ? flops.getInt() : 0, bytes ? bytes.getInt() : 0};
          kind = op.getAttrOfType<StringAttr>(netc::kKernelAttr);
          if (!kind)
            kind = builder.getStringAttr(op.getName().stripDialect());
        }
        builder.setInsertionPoint(&op);
        Value id = arith::ConstantIntOp::create(builder, op.getLoc(), i32, kernels.size());
        func::CallOp::create(builder, op.getLoc(), begin, ValueRange{id});
        builder.setInsertionPointAfter(&op);
        func::CallOp::create(builder, op.getLoc(), end, ValueRange{id});
        kernels.push_back(builder.getDictionaryAttr({
            builder.getNamedAttr("name", layerName(op.getLoc())),
            builder.getNamedAttr("kind", kind),
            builder.getNamedAttr("flops", builder.getI64IntegerAttr(cost.flops)),
            builder.getNamedAttr("bytes", builder.getI64IntegerAttr(cost.bytes)),
        }));
      }
    }
    module->setAttr(netc::kProfileAttr, builder.getArrayAttr(kernels));
  }
};

} // namespace
