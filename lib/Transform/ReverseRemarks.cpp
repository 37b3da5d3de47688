//===- ReverseRemarks.cpp - Remarks on what the tape holds ----------------===//
//
// With -Rpass=eddy each reverse pair says, at the user's loops, what its tape
// stores per iteration (values and bytes) and what the adjoint recomputes or
// re-reads instead; with -Rpass-missed=eddy, why a value had to be taped (a
// load whose memory is overwritten, a loop whose trip count is unknown).
// Nothing is collected unless such a remark is enabled (ReverseBuilder::Remarks).
//===----------------------------------------------------------------------===//
#include "ReverseMode.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/Remarks.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Analysis/ValueTracking.h"

using namespace llvm;

namespace eddy {

void ReverseBuilder::noteServed(Value *V, std::optional<NotTaped> How) {
  if (!Remarks)
    return;
  if (How) {
    Avoided.insert({V, *How});
    return;
  }
  auto *Load = dyn_cast<LoadInst>(V);
  if (Load && Load->getFunction() == &Primal &&
      !RunsOnce.contains(Load->getParent()))
    TapedLoads.insert(Load);
}

std::string ReverseBuilder::whyTaped(LoadInst &Load) {
  if (Split)
    return "split mode's backward sweep may run after anything has written "
           "its memory";
  if (!Outermost)
    return "it is read in a function called by the differentiated code, whose "
           "adjoint runs after its caller's later code (only the outermost "
           "function re-reads memory)";
  SmallVector<const Value *, 4> Objs;
  getUnderlyingObjects(Load.getPointerOperand(), Objs);
  for (const Value *O : Objs) {
    if (Instruction *W = FirstWriter.lookup(O)) {
      Loop *L = LI->getLoopFor(Load.getParent());
      std::string At = lineColumn(W->getDebugLoc());
      std::string Where = At.empty() ? "" : " (at " + At + ")";
      std::string Who = L && L->contains(W) ? "the loop" : "the function";
      if (auto *CB = dyn_cast<CallBase>(W)) {
        const Function *Callee = CB->getCalledFunction();
        return "the call of " +
               (Callee ? "'" + displayName(*Callee) + "'" : std::string("a function")) +
               Where + " may write it";
      }
      // A store through another pointer only may write it: restrict says
      // the two never overlap.
      auto *SI = dyn_cast<StoreInst>(W);
      if (SI && getUnderlyingObject(SI->getPointerOperand()) != O)
        return Who + " may overwrite it through another pointer" + Where +
               "; if the two never overlap, declare them restrict";
      return Who + " overwrites it" + Where;
    }
    if (HeapWriters.count(O))
      return "a write to its heap block can run after the load";
  }
  return "its memory is not a parameter or a constant global (a local "
         "array, a heap block or a pointer loaded from memory), which the "
         "adjoint cannot re-read";
}

/// "1 value" / "2 values".
static std::string count(size_t N, StringRef One, StringRef Many) {
  return std::to_string(N) + " " + (N == 1 ? One : Many).str();
}

void ReverseBuilder::remarkTape(
    const DenseMap<BasicBlock *, SmallVector<Value *, 8>> &Pushes) {
  if (!Remarks)
    return;
  std::string Who = (Split ? "split reverse mode of '" : "reverse mode of '") +
                    displayName(Primal) + "'" +
                    (Outermost || Split ? "" : " (called from a derivative)");
  auto Describe = [&](Value *Aug) -> std::optional<std::string> {
    auto It = TapeOrigins.find(Aug);
    if (It == TapeOrigins.end())
      return std::nullopt;
    auto [V, IsShadow] = It->second;
    return (IsShadow ? "the shadow of " : "") + describeValue(*V);
  };
  auto Items = [](ArrayRef<std::string> L) {
    std::string S;
    for (const std::string &I : L)
      S += (S.empty() ? "" : ", ") + I;
    return S;
  };

  for (Loop *L : LI->getLoopsInPreorder()) {
    BasicBlock &Header = *L->getHeader();
    DebugLoc At = L->getStartLoc();
    // What one iteration pushes (blocks of this loop, not of inner loops),
    // and what it stores in its frame for the inner loops' adjoints.
    SmallVector<std::string, 8> Values;
    uint64_t Bytes = 0, Control = 0;
    auto Add = [&](Value *Aug, bool InFrame) {
      uint64_t B = Tape::slotBytes(DL, Aug->getType());
      Bytes += B;
      if (auto D = Describe(Aug))
        Values.push_back(*D + " (" + std::to_string(B) + " bytes" +
                         (InFrame ? ", in the iteration's frame" : "") + ")");
      else
        Control += B;
    };
    for (BasicBlock *BB : L->blocks())
      if (LI->getLoopFor(BB) == L)
        if (auto It = Pushes.find(BB); It != Pushes.end())
          for (Value *V : It->second)
            Add(V, false);
    LoopRev *R = structured(L);
    if (R)
      for (const RecordEntry &E : R->Frame)
        Add(E.AugValue, true);
    if (Bytes == 0)
      emitRemark(RemarkKind::Passed, "TapePerIteration", At, Header,
                 Who + ": the tape stores nothing per iteration of this loop");
    else
      emitRemark(RemarkKind::Passed, "TapePerIteration", At, Header,
                 Who + ": the tape stores " + count(Values.size(), "value", "values") +
                     " (" + std::to_string(Bytes) +
                     " bytes) per iteration of this loop" +
                     (Values.empty() ? "" : ": " + Items(Values)) +
                     (Control ? ", and " + std::to_string(Control) +
                                    " bytes of control (branch directions, "
                                    "frame offsets)"
                              : ""));

    // What the adjoint of this loop did not take from the tape.
    SmallVector<std::string, 8> Instead;
    unsigned Arithmetic = 0, OfArguments = 0;
    for (auto [V, How] : Avoided) {
      auto *I = dyn_cast<Instruction>(V);
      if (!I || LI->getLoopFor(I->getParent()) != L)
        continue;
      if (How == NotTaped::Induction)
        Instead.push_back("the induction variable" +
                          std::string(isa<PHINode>(I) ? "" : " " + describeValue(*I)) +
                          " (recomputed from the loop counter)");
      else if (How == NotTaped::Reread)
        Instead.push_back(describeValue(*I) +
                          " (re-read: nothing writes its memory afterwards)");
      else if (I->getType()->isFPOrFPVectorTy())
        ++OfArguments;
      else
        ++Arithmetic;
    }
    SmallVector<std::string, 2> Recomputed;
    if (Arithmetic)
      Recomputed.push_back(count(Arithmetic, "integer or address computation",
                                 "integer or address computations"));
    if (OfArguments)
      Recomputed.push_back(
          count(OfArguments, "floating-point computation", "floating-point computations") +
          " of the arguments");
    if (!Instead.empty() || !Recomputed.empty())
      emitRemark(RemarkKind::Passed, "NotTaped", At, Header,
                 Who + ": instead of taping them, the adjoint of this loop " +
                     (Instead.empty() ? "" : "gets " + Items(Instead)) +
                     (Recomputed.empty()
                          ? ""
                          : std::string(Instead.empty() ? "" : " and ") +
                                "recomputes " + join(Recomputed, " and ")));

    if (!R)
      emitRemark(RemarkKind::Missed, "UnstructuredLoop", At, Header,
                 Who + ": this loop is not in simplified form (one preheader, "
                       "one latch, dedicated exits): its adjoint is not a "
                       "counted loop and the tape records the predecessor of "
                       "each of its joins");
    else if (!R->Backedges)
      emitRemark(RemarkKind::Missed, "TripCountTaped", At, Header,
                 Who + ": the trip count of this loop is not known when it "
                       "exits: the forward sweep counts its iterations and "
                       "tapes the count at each exit");
  }

  // Values computed once per call: the record.
  if (!Record.empty()) {
    SmallVector<std::string, 8> Values;
    uint64_t Bytes = 0;
    for (const RecordEntry &E : Record) {
      Bytes += Tape::slotBytes(DL, E.AugValue->getType());
      if (auto D = Describe(E.AugValue))
        Values.push_back(*D);
    }
    BasicBlock &Entry = Primal.getEntryBlock();
    emitRemark(RemarkKind::Passed, "TapeRecord", DebugLoc(), Entry,
               Who + ": the record keeps " + count(Record.size(), "value", "values") +
                   " (" + std::to_string(Bytes) + " bytes) once per call" +
                   (Values.empty() ? "" : ": " + Items(Values)));
  }

  for (LoadInst *Load : TapedLoads)
    emitRemark(RemarkKind::Missed, "TapedLoad", *Load,
               Who + ": " + describeValue(*Load) + " is taped because " +
                   whyTaped(*Load));
}

} // namespace eddy
