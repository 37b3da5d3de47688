//===- CheckpointGroups.cpp - Which pointer reaches which region ----------===//
//
// The driver runs a checkpointed loop on a copy of its memory
// (__eddy_ckpt_begin, CheckpointPair.cpp). It copies each group of regions
// reached through one pointer as one span, and the pair moves the step's
// pointers of that group by the span's distance. The groups are found here,
// on the values the outliner passes to the loop function, and recorded on
// it as metadata:
//   eddy.checkpoint.groups: per region (state, inputs, scratch), its group;
//     -1 for a global, which the step names directly and so stays in place;
//   eddy.checkpoint.moves: per argument of the step, the group of the
//     pointer it is, or -1.
// Without them (a pointer the step uses whose group is not known), the loop
// runs in place, in the caller's memory.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/Checkpointing.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace eddy {

/// The pointer the addresses computed from \p V start from.
static const Value *pointerRoot(const Value *V) {
  while (true) {
    V = V->stripPointerCasts();
    if (const auto *GEP = dyn_cast<GEPOperator>(V))
      V = GEP->getPointerOperand();
    else
      return V;
  }
}

void recordCheckpointGroups(Function &LoopFn, ArrayRef<Value *> RegionArgs,
                            ArrayRef<Value *> StepArgs) {
  DenseMap<const Value *, int> GroupOf;
  SmallVector<int, 8> Groups;
  for (unsigned K = 0; K < RegionArgs.size(); K += 3) {
    const Value *Base = pointerRoot(RegionArgs[K]);
    if (isa<GlobalValue>(Base)) {
      Groups.push_back(-1);
      continue;
    }
    auto [It, New] = GroupOf.try_emplace(Base, GroupOf.size());
    Groups.push_back(It->second);
  }
  SmallVector<int, 8> Moves;
  for (Value *V : StepArgs) {
    if (!V->getType()->isPointerTy()) {
      Moves.push_back(-1);
      continue;
    }
    auto It = GroupOf.find(pointerRoot(V));
    if (It == GroupOf.end())
      return; // It may reach the loop's memory in a way not known here.
    Moves.push_back(It->second);
  }
  LLVMContext &Ctx = LoopFn.getContext();
  auto Node = [&](ArrayRef<int> Ints) {
    SmallVector<Metadata *, 8> Ops;
    for (int I : Ints)
      Ops.push_back(ConstantAsMetadata::get(
          ConstantInt::getSigned(Type::getInt32Ty(Ctx), I)));
    return MDNode::get(Ctx, Ops);
  };
  LoopFn.setMetadata("eddy.checkpoint.groups", Node(Groups));
  LoopFn.setMetadata("eddy.checkpoint.moves", Node(Moves));
}

} // namespace eddy
