//===- ReverseRecord.cpp - Values computed once per call ------------------===//
//
// A value computed in a block on no CFG cycle is computed at most once per
// call: it goes to the call's record, a fixed group of 8-byte slots, stored
// where it is computed and read by any adjoint block. A callee's record lives
// on the tape (allocated when its forward sweep starts; its offset pushed
// last, popped first, dropped at the adjoint's exit). The outermost pair's
// record is a local of the gradient wrapper instead, whose size the augmented
// sweep announces in its "eddy-record-bytes" attribute: once both sweeps are
// inlined into the wrapper, SROA turns its slots into registers, and a
// function without loops gets a gradient that does not touch the tape.
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace eddy {

Value *ReverseBuilder::fromRecord(std::pair<Value *, unsigned> Key,
                                  Value *AugValue, BasicBlock *DefBlock,
                                  const Twine &Name) {
  auto [It, New] = RecordSlots.try_emplace(Key, RecordBytes);
  if (New) {
    Record.push_back({AugValue, DefBlock, RecordBytes});
    RecordBytes += Tape::slotBytes(DL, AugValue->getType());
  }
  Type *T = AugValue->getType();
  if (RevRecord) {
    Value *Slot = RB.CreateConstGEP1_64(RB.getInt8Ty(), RevRecord, It->second);
    return RB.CreateAlignedLoad(T, Slot, Align(8), Name);
  }
  if (!RecordBasePlaceholder)
    RecordBasePlaceholder = BinaryOperator::CreateAdd(
        PoisonValue::get(RB.getInt64Ty()), PoisonValue::get(RB.getInt64Ty()),
        "eddy.record.placeholder");
  Value *V = revTape().loadAt(RB, RecordBasePlaceholder, It->second, T);
  V->setName(Name);
  return V;
}

Value *ReverseBuilder::finishRecord() {
  if (AugRecord) {
    Pair.Augmented->addFnAttr("eddy-record-bytes", utostr(RecordBytes));
    for (const RecordEntry &E : Record) {
      IRBuilder<> SB(AugTerms[E.DefBlock]);
      Value *Slot = SB.CreateConstGEP1_64(SB.getInt8Ty(), AugRecord, E.Offset);
      SB.CreateAlignedStore(E.AugValue, Slot, Align(8));
    }
    return nullptr;
  }
  if (!RecordBytes)
    return nullptr;
  // Allocated first thing, filled where its values are computed.
  BasicBlock *AugEntry = cast<BasicBlock>(VMap[&Primal.getEntryBlock()]);
  IRBuilder<> EB(AugEntry, AugEntry->getFirstNonPHIOrDbgOrAlloca());
  Value *Base = augTape().allocRecord(EB, RecordBytes);
  storeRecord(Base, Record);
  return Base;
}

void ReverseBuilder::storeRecord(Value *Base, ArrayRef<RecordEntry> Entries) {
  // Per block, in the entries' order (the output must not depend on
  // pointer values).
  SmallVector<BasicBlock *, 8> Blocks;
  DenseMap<BasicBlock *, SmallVector<std::pair<uint64_t, Value *>, 8>> Slots;
  for (const RecordEntry &E : Entries) {
    auto [It, New] = Slots.try_emplace(E.DefBlock);
    if (New)
      Blocks.push_back(E.DefBlock);
    It->second.push_back({E.Offset, E.AugValue});
  }
  for (BasicBlock *BB : Blocks) {
    IRBuilder<> SB(AugTerms[BB]);
    augTape().storeAt(SB, Base, Slots[BB]);
  }
}

} // namespace eddy
