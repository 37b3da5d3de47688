//===- ReverseRecord.cpp - Values computed once per call ------------------===//
//
// A value computed in a block on no CFG cycle is computed at most once per
// call: it goes to the call's record, a fixed group of 8-byte slots read by
// any adjoint block. The outermost pair's record is a local of the gradient
// wrapper, whose size the augmented sweep announces in its
// "eddy-record-bytes" attribute: once both sweeps are inlined into the
// wrapper, SROA turns its slots into registers, and a function without loops
// gets a gradient that does not touch the tape.
//
// A callee's record lives on the tape. When every block that runs once
// dominates the function's exits (straight-line code, loops between them),
// its values are all known at an exit: each exit pushes them last and the
// adjoint pops them first, one reservation and one pop per call. Otherwise
// (a value computed in one arm of a branch) the record is allocated when the
// forward sweep starts, each value stored where it is computed, and the
// record's offset pushed last; the adjoint pops the offset, reads the record
// where it needs a value, and drops it at its exit.
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace eddy {

void ReverseBuilder::placeRecord() {
  if (Outermost)
    return;
  SmallVector<BasicBlock *, 4> Exits;
  for (BasicBlock &BB : Primal)
    if (isa<ReturnInst>(BB.getTerminator()))
      Exits.push_back(&BB);
  RecordOnTop = !Exits.empty() && all_of(RunsOnce, [&](BasicBlock *BB) {
    return all_of(Exits, [&](BasicBlock *X) { return DT->dominates(BB, X); });
  });
}

Value *ReverseBuilder::fromRecord(std::pair<Value *, unsigned> Key,
                                  Value *AugValue, BasicBlock *DefBlock,
                                  const Twine &Name) {
  auto [It, New] = RecordSlots.try_emplace(Key, Record.size());
  Type *T = AugValue->getType();
  if (New) {
    Record.push_back({AugValue, DefBlock, RecordBytes});
    RecordBytes += Tape::slotBytes(DL, T);
  }
  uint64_t Offset = Record[It->second].Offset;
  if (RevRecord) {
    Value *Slot = RB.CreateConstGEP1_64(RB.getInt8Ty(), RevRecord, Offset);
    return RB.CreateAlignedLoad(T, Slot, Align(8), Name);
  }
  if (RecordOnTop) {
    // Read at the entry, before anything else pops (or a checkpointed
    // loop's recomputation pushes over the popped record); once per value.
    assert(!RevEntry->getTerminator() && "the adjoint's entry is finished");
    IRBuilder<> EB(RevEntry);
    if (!RecordTop) {
      RecordTop = cast<BinaryOperator>(
          EB.CreateSub(revTape().top(EB), EB.getInt64(0), "eddy.record"));
      RecordTopAt = revTape().address(EB, RecordTop);
    }
    if (New)
      RecordValues.push_back(revTape().loadSlot(EB, RecordTopAt, Offset, T, Name));
    return RecordValues[It->second];
  }
  if (!RecordBasePlaceholder)
    RecordBasePlaceholder = BinaryOperator::CreateAdd(
        PoisonValue::get(RB.getInt64Ty()), PoisonValue::get(RB.getInt64Ty()),
        "eddy.record.placeholder");
  Value *V = revTape().loadAt(RB, RecordBasePlaceholder, Offset, T);
  V->setName(Name);
  return V;
}

SmallVector<Value *, 8> ReverseBuilder::finishRecord() {
  SmallVector<Value *, 8> AtExits;
  if (AugRecord) {
    Pair.Augmented->addFnAttr("eddy-record-bytes", utostr(RecordBytes));
    for (const RecordEntry &E : Record) {
      // Stored right after the value is computed (TapePlacement.h: stored at
      // the block's end, every recorded value would stay live until then).
      Instruction *End = AugTerms[E.DefBlock];
      auto *Def = dyn_cast<Instruction>(E.AugValue);
      bool Here = Def && !isa<PHINode>(Def) && !Def->isTerminator() &&
                  Def->getParent() == End->getParent();
      IRBuilder<> SB(Here ? Def->getNextNode() : End);
      Value *Slot = SB.CreateConstGEP1_64(SB.getInt8Ty(), AugRecord, E.Offset);
      SB.CreateAlignedStore(E.AugValue, Slot, Align(8));
    }
    return AtExits;
  }
  if (RecordOnTop) {
    for (const RecordEntry &E : Record)
      AtExits.push_back(E.AugValue);
    return AtExits;
  }
  if (!RecordBytes)
    return AtExits;
  // Allocated first thing, filled where its values are computed.
  BasicBlock *AugEntry = cast<BasicBlock>(VMap[&Primal.getEntryBlock()]);
  IRBuilder<> EB(AugEntry, AugEntry->getFirstNonPHIOrDbgOrAlloca());
  Value *Base = augTape().allocRecord(EB, RecordBytes);
  storeRecord(Base, Record);
  AtExits.push_back(Base);
  return AtExits;
}

void ReverseBuilder::enterRecord() {
  // RB is at the end of the adjoint's entry, before anything else is popped.
  if (RecordOnTop) {
    if (!RecordTop)
      return;
    RecordTop->setOperand(1, RB.getInt64(RecordBytes));
    revTape().truncate(RB, RecordTop);
    return;
  }
  if (!RecordBasePlaceholder)
    return;
  Value *Base = revTape().pop(RB, {RB.getInt64Ty()})[0];
  RecordBasePlaceholder->replaceAllUsesWith(Base);
  RecordBasePlaceholder->deleteValue();
  RecordBasePlaceholder = nullptr;
  IRBuilder<> XB(RevExit->getTerminator());
  revTape().truncate(XB, Base);
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
