//===- PlanMemory.cpp - The net-plan-memory pass --------------------------===//
#include "netc/Codegen/KernelCost.h"
#include "netc/Codegen/Passes.h"
#include "netc/Dialect/Net/IR/NetDialect.h"

#include "mlir/Interfaces/ViewLikeInterface.h"

namespace netc {
#define GEN_PASS_DEF_NETPLANMEMORY
#include "netc/Codegen/Passes.h.inc"
} // namespace netc

using namespace mlir;

namespace {

constexpr int64_t kAlignment = 64;

/// A buffer of the model and when it is live, in positions of the top-level
/// operations of the model's body.
struct Buffer {
  memref::AllocOp alloc;
  int64_t bytes;
  int64_t first, last;
  int64_t offset = 0;
};

int64_t alignUp(int64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

/// The position of the last top-level operation that uses `alloc` or a view
/// of it; memref.dealloc of it are collected into `deallocs`.
int64_t lastUse(memref::AllocOp alloc, Block &body,
                const llvm::DenseMap<Operation *, int64_t> &position,
                SmallVectorImpl<Operation *> &deallocs) {
  int64_t last = position.lookup(alloc);
  SmallVector<Value> worklist = {alloc.getResult()};
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (isa<memref::DeallocOp>(user)) {
        deallocs.push_back(user);
        continue;
      }
      if (isa<ViewLikeOpInterface>(user))
        worklist.append(user->result_begin(), user->result_end());
      last = std::max(last, position.lookup(body.findAncestorOpInBlock(*user)));
    }
  }
  return last;
}

/// Places each buffer, largest first, at the lowest offset that no buffer
/// live at the same time occupies; returns the arena size.
int64_t assignOffsets(MutableArrayRef<Buffer> buffers) {
  SmallVector<Buffer *> order = llvm::map_to_vector(buffers, [](Buffer &b) { return &b; });
  llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->bytes > b->bytes; });
  SmallVector<Buffer *> placed;
  int64_t size = 0;
  for (Buffer *buffer : order) {
    SmallVector<std::pair<int64_t, int64_t>> taken;
    for (Buffer *other : placed)
      if (other->first <= buffer->last && buffer->first <= other->last)
        taken.push_back({other->offset, other->offset + other->bytes});
    llvm::sort(taken);
    int64_t offset = 0;
    for (auto [begin, end] : taken) {
      if (offset + buffer->bytes <= begin)
        break;
      offset = std::max(offset, alignUp(end));
    }
    buffer->offset = offset;
    size = std::max(size, offset + buffer->bytes);
    placed.push_back(buffer);
  }
  return alignUp(size);
}

struct NetPlanMemoryPass : netc::impl::NetPlanMemoryBase<NetPlanMemoryPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<std::string> roles(entries.begin(), entries.end());
    if (roles.empty())
      roles.push_back("run");
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      auto entry = func->getAttrOfType<StringAttr>(netc::net::kEntryAttr);
      if (entry && llvm::is_contained(roles, entry.getValue()))
        plan(func);
    }
  }

  void plan(func::FuncOp func) {
    Block &body = func.front();
    llvm::DenseMap<Operation *, int64_t> position;
    for (auto [index, op] : llvm::enumerate(body))
      position[&op] = index;

    SmallVector<Buffer> buffers;
    SmallVector<Operation *> deallocs;
    for (auto alloc : body.getOps<memref::AllocOp>()) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity() ||
          type.getMemorySpace() || !type.getElementType().isIntOrFloat())
        continue;
      int64_t bytes = type.getNumElements() * type.getElementTypeBitWidth() / 8;
      int64_t first = position[alloc];
      buffers.push_back({alloc, bytes, first, lastUse(alloc, body, position, deallocs)});
    }
    int64_t arenaBytes = assignOffsets(buffers);

    // The arena is the function's last argument: the caller owns it.
    OpBuilder builder(func);
    auto arenaType = MemRefType::get({arenaBytes}, builder.getI8Type());
    (void)func.insertArgument(func.getNumArguments(), arenaType,
                              builder.getDictionaryAttr(builder.getNamedAttr(
                                  netc::kArenaAttr, builder.getUnitAttr())),
                              func.getLoc());
    Value arena = func.getArgument(func.getNumArguments() - 1);
    for (Operation *dealloc : deallocs)
      dealloc->erase();
    for (Buffer &buffer : buffers) {
      builder.setInsertionPoint(buffer.alloc);
      Location loc = buffer.alloc.getLoc();
      Value offset = arith::ConstantIndexOp::create(builder, loc, buffer.offset);
      Value view = memref::ViewOp::create(builder, loc, buffer.alloc.getType(), arena, offset,
                                          ValueRange{});
      buffer.alloc.replaceAllUsesWith(view);
      buffer.alloc.erase();
    }
    func->setAttr(netc::kArenaBytesAttr, builder.getI64IntegerAttr(arenaBytes));
  }
};

} // namespace
