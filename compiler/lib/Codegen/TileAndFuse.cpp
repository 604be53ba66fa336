//===- TileAndFuse.cpp - Tiling helpers the CPU and GPU passes share ------===//
#include "netc/Codegen/TileAndFuse.h"

using namespace mlir;

scf::SCFTilingOptions netc::tilingOptions(MLIRContext *context, ArrayRef<int64_t> sizes,
                                          scf::SCFTilingOptions::LoopType type,
                                          ArrayRef<int64_t> interchange) {
  scf::SCFTilingOptions options;
  options.setTileSizes(getAsIndexOpFoldResult(context, sizes));
  options.setLoopType(type);
  options.setInterchange(interchange);
  return options;
}

SmallVector<Operation *> netc::elementwiseEpilogue(linalg::LinalgOp op) {
  SmallVector<Operation *> chain;
  Value value = op->getResult(0);
  while (value.hasOneUse()) {
    OpOperand &use = *value.use_begin();
    auto generic = dyn_cast<linalg::GenericOp>(use.getOwner());
    if (!generic || generic.getNumDpsInits() != 1 || !generic.isDpsInput(&use) ||
        generic.getNumParallelLoops() != generic.getNumLoops() ||
        generic->getResult(0).getType() != value.getType() ||
        !generic.getMatchingIndexingMap(&use).isIdentity())
      break;
    chain.push_back(generic);
    value = generic->getResult(0);
  }
  return chain;
}

netc::FusionGroup netc::fusionGroup(linalg::LinalgOp op) {
  SmallVector<Operation *> chain = elementwiseEpilogue(op);
  FusionGroup group{chain.empty() ? op.getOperation() : chain.back(), {}, {op.getLoc()}};
  group.fusable.insert(chain.begin(), chain.end());
  group.fusable.insert(op);
  for (Operation *epilogueOp : chain)
    group.layers.push_back(epilogueOp->getLoc());
  if (Operation *init = op.getDpsInits()[0].getDefiningOp();
      isa_and_nonnull<linalg::LinalgOp>(init) && init->hasOneUse())
    group.fusable.insert(init);
  return group;
}

FailureOr<SmallVector<Operation *>>
netc::tileAndFuse(RewriterBase &rewriter, TilingInterface root, ArrayRef<int64_t> sizes,
                  scf::SCFTilingOptions::LoopType type, ArrayRef<int64_t> interchange,
                  const llvm::SmallPtrSetImpl<Operation *> &fusable, Operation **loop) {
  scf::SCFTileAndFuseOptions options;
  options.setTilingOptions(tilingOptions(rewriter.getContext(), sizes, type, interchange));
  options.setFusionControlFn(
      [&](tensor::ExtractSliceOp, OpResult producer,
          bool) -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
        if (!fusable.contains(producer.getOwner()))
          return std::nullopt;
        return scf::SCFTileAndFuseOptions::ControlFnResult{};
      });
  rewriter.setInsertionPoint(root);
  FailureOr<scf::SCFTileAndFuseResult> tiled =
      scf::tileConsumerAndFuseProducersUsingSCF(rewriter, root, options);
  if (failed(tiled) || tiled->loops.empty())
    return failure();
  for (OpResult result : root->getResults())
    rewriter.replaceAllUsesWith(result, tiled->replacements.lookup(result));
  rewriter.eraseOp(root);
  for (Operation *producer : llvm::reverse(tiled->fusedProducers))
    if (producer->use_empty())
      rewriter.eraseOp(producer);
  *loop = tiled->loops.front();
  return SmallVector<Operation *>(tiled->tiledAndFusedOps.begin(),
                                  tiled->tiledAndFusedOps.end());
}
