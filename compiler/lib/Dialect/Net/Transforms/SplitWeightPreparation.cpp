//===- SplitWeightPreparation.cpp - net-split-weight-preparation -----------===//
#include "netc/Dialect/Net/IR/NetOps.h"
#include "netc/Dialect/Net/Transforms/Passes.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"
#include "mlir/Transforms/RegionUtils.h"

namespace netc::net {
#define GEN_PASS_DEF_NETSPLITWEIGHTPREPARATION
#include "netc/Dialect/Net/Transforms/Passes.h.inc"
} // namespace netc::net

using namespace mlir;
using namespace netc::net;

namespace {

/// What `op` reads: its operands and the values its regions capture.
llvm::SetVector<Value> usedValues(Operation &op) {
  llvm::SetVector<Value> used(op.operand_begin(), op.operand_end());
  getUsedValuesDefinedAbove(op.getRegions(), used);
  return used;
}

/// A value made from nothing (a constant, an empty tensor), cheap to copy.
bool isLeaf(Value value) {
  Operation *def = value.getDefiningOp();
  return def && def->getNumOperands() == 0 && def->getNumRegions() == 0 && isPure(def);
}

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

  /// The operations on parameters alone, in order, leaving out `kept`.
  static SmallVector<Operation *> parameterWork(Block &body,
                                                const llvm::DenseSet<Operation *> &kept) {
    // Values computed from parameters (arguments after the input); operations
    // without operands (constants, tensor.empty) are copied where needed.
    llvm::DenseSet<Value> fromParameters(body.args_begin() + 1, body.args_end());
    SmallVector<Operation *> work;
    for (Operation &op : body.without_terminator()) {
      if (op.getNumOperands() == 0 || !isPure(&op) || kept.contains(&op))
        continue;
      bool onParameters = false, movable = true;
      for (Value value : usedValues(op)) {
        if (fromParameters.contains(value))
          onParameters = true;
        else if (!isLeaf(value))
          movable = false;
      }
      if (!onParameters || !movable)
        continue;
      work.push_back(&op);
      fromParameters.insert(op.result_begin(), op.result_end());
    }
    return work;
  }

  void split(ModuleOp module, func::FuncOp model) {
    Block &body = model.front();
    // Prepared tensors are read-only in the model: work whose result the model
    // overwrites in place (a destination, such as a bias broadcast that a
    // convolution accumulates onto) stays in the model.
    llvm::DenseSet<Operation *> kept;
    SmallVector<Operation *> preparation;
    for (bool changed = true; changed;) {
      preparation = parameterWork(body, kept);
      llvm::DenseSet<Operation *> moved(preparation.begin(), preparation.end());
      changed = false;
      for (Operation *op : preparation)
        for (OpOperand &use : op->getUses())
          if (auto destination = dyn_cast<DestinationStyleOpInterface>(use.getOwner());
              destination && !moved.contains(destination) && destination.isDpsInit(&use))
            changed |= kept.insert(op).second;
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
      for (Value value : usedValues(*op))
        if (isLeaf(value) && !mapping.contains(value))
          builder.clone(*value.getDefiningOp(), mapping);
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
