//===- SplitWeightPreparation.cpp - net-split-weight-preparation -----------===//
#include "netc/Dialect/Net/IR/NetOps.h"
#include "netc/Dialect/Net/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

namespace netc::net {
#define GEN_PASS_DEF_NETSPLITWEIGHTPREPARATION
#include "netc/Dialect/Net/Transforms/Passes.h.inc"
} // namespace netc::net

using namespace mlir;
using namespace netc::net;

namespace {

struct NetSplitWeightPreparationPass
    : netc::net::impl::NetSplitWeightPreparationBase<NetSplitWeightPreparationPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (auto func : llvm::to_vector(module.getOps<func::FuncOp>())) {
      auto entry = func->getAttrOfType<StringAttr>(kEntryAttr);
      if (entry && entry.getValue() == "run")
        split(module, func);
    }
  }

  void split(ModuleOp module, func::FuncOp model) {
    Block &body = model.front();
    // Values computed from parameters (arguments after the input) and
    // constants only.
    llvm::DenseSet<Value> fromParameters(body.args_begin() + 1, body.args_end());
    SmallVector<Operation *> preparation;
    for (Operation &op : body.without_terminator()) {
      bool onParameters = isPure(&op) && op.getNumRegions() == 0 &&
                          llvm::all_of(op.getOperands(), [&](Value v) {
                            return fromParameters.contains(v);
                          });
      if (!onParameters || matchPattern(&op, m_Constant()))
        continue;
      preparation.push_back(&op);
      fromParameters.insert(op.result_begin(), op.result_end());
    }
    // Prepared tensors: results the rest of the model uses.
    SmallVector<Value> prepared;
    for (Operation *op : preparation)
      for (Value result : op->getResults())
        if (llvm::any_of(result.getUsers(), [&](Operation *user) {
              return !llvm::is_contained(preparation, user);
            }))
          prepared.push_back(result);

    OpBuilder builder(model);
    SmallVector<Type> paramTypes(llvm::drop_begin(body.getArgumentTypes()));
    SmallVector<Type> preparedTypes = llvm::map_to_vector(prepared, [](Value v) { return v.getType(); });
    auto prepare = func::FuncOp::create(builder, model.getLoc(), (model.getName() + "_prepare").str(),
                                        builder.getFunctionType(paramTypes, preparedTypes));
    prepare->setAttr(kEntryAttr, builder.getStringAttr("prepare"));
    for (unsigned i = 0; i < paramTypes.size(); ++i)
      if (Attribute name = model.getArgAttr(i + 1, kParamNameAttr))
        prepare.setArgAttr(i, kParamNameAttr, name);
    Block *prepareBody = prepare.addEntryBlock();
    IRMapping mapping;
    for (unsigned i = 0; i < paramTypes.size(); ++i)
      mapping.map(body.getArgument(i + 1), prepareBody->getArgument(i));
    builder.setInsertionPointToStart(prepareBody);
    for (Operation *op : preparation) {
      for (Value operand : op->getOperands())
        if (Operation *constant = operand.getDefiningOp(); constant && !mapping.contains(operand))
          builder.clone(*constant, mapping);
      builder.clone(*op, mapping);
    }
    func::ReturnOp::create(builder, model.getLoc(),
                           llvm::map_to_vector(prepared, [&](Value v) { return mapping.lookup(v); }));

    // The model takes the prepared tensors as arguments instead.
    unsigned first = model.getNumArguments();
    for (auto [index, value] : llvm::enumerate(prepared)) {
      (void)model.insertArgument(first + index, value.getType(),
                                 builder.getDictionaryAttr(builder.getNamedAttr(
                                     kPreparedAttr, builder.getI64IntegerAttr(index))),
                                 value.getLoc());
      value.replaceAllUsesWith(model.getArgument(first + index));
    }
    for (Operation *op : llvm::reverse(preparation))
      op->erase();
  }
};

} // namespace
