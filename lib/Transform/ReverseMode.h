//===- ReverseMode.h - Reverse-mode generator state (private) --*- C++ -*-===//
//
// Reverse mode builds two functions from the primal copy:
//   - the augmented forward sweep: the primal, plus shadow pointers, plus a
//     push per block of what that block's adjoint needs (each value stored
//     where it is computed: TapePlacement.h);
//   - the adjoint sweep: one adjoint block B' per primal block B, visited in
//     exactly the reverse of the forward execution order. B' pops what B
//     pushed, runs B's instructions' adjoints last to first, then jumps to
//     the adjoint of the predecessor B was entered from (recorded on the tape
//     when B has several; a loop header's adjoint decides by its loop's
//     iteration counter instead).
// Adjoints of SSA values live in zero-initialized stack slots that SROA turns
// back into SSA: a use adds into its operand's slot; the definition reads and
// resets its own (which makes loops correct without per-iteration tapes).
//
// Vector mode (enzyme_width N) runs N adjoint sweeps in one: the augmented
// sweep and the tape are shared, each *lane* has its own shadow memory, shadow
// arguments, seeds and adjoint slots. The adjoint of an instruction is emitted
// once per lane (values from the tape, and elementary partials, are shared);
// a call of a defined function calls its width-N pair once.
//
// Split by concern like InstCombine: ReverseForwardSweep.cpp (augmented
// sweep), ReverseSweep.cpp (control flow, arithmetic, calls),
// ReverseMemory.cpp (loads, stores, memset/memcpy), ReverseLoops.cpp (counted
// adjoint loops, induction variables, per-iteration frames),
// ReverseReload.cpp (re-reading memory the function never writes).
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_REVERSEMODE_H
#define EDDY_LIB_TRANSFORM_REVERSEMODE_H

#include "Eddy/Rules/OpenMpCalls.h"
#include "EnzymeRules.h"
#include "ShadowMemory.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "Eddy/Support/OutOfMemory.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include <memory>
#include <optional>

namespace eddy {

/// A + D for floating-point scalars, vectors and aggregates of them (integer
/// members of aggregates keep A's value).
llvm::Value *addAdjointValues(llvm::IRBuilderBase &B, llvm::Value *A,
                              llvm::Value *D);

class ReverseBuilder {
public:
  ReverseBuilder(DerivativeCache &Cache, llvm::Function &Primal,
                 const ActivitySignature &S, ReversePair Pair, PairKind Kind);
  bool run();

private:
  // Augmented forward sweep (ReverseForwardSweep.cpp).
  void buildAugmented();
  void augmentInstruction(llvm::Instruction &I);
  void augmentCall(llvm::CallBase &CB, llvm::IRBuilder<> &B);
  void augmentReturns();
  void recordPredecessors();

  // Adjoint sweep (ReverseSweep.cpp).
  void buildAdjoint();
  void adjointBlock(llvm::BasicBlock &BB);
  /// The adjoint of \p I for every lane.
  void adjointInstruction(llvm::Instruction &I);
  /// The adjoint of \p I for the current lane.
  void adjointInLane(llvm::Instruction &I);
  void adjointArithmetic(llvm::Instruction &I);
  void adjointCall(llvm::CallBase &CB);
  /// All lanes' adjoints of a call of a defined function: one call of the
  /// callee's adjoint sweep of the same width.
  void callAdjoint(llvm::CallBase &CB);
  void callAdjointRule(llvm::CallBase &CB, llvm::Function &Rule);

  // Enzyme's reverse rules, __enzyme_register_gradient (ReverseEnzymeRules.cpp).
  /// Calls the augmented forward instead of the primal call.
  void augmentEnzymeRule(llvm::CallBase &CB, const FunctionRules &Rules,
                         llvm::IRBuilder<> &B);
  /// Calls the reverse with the tape the augmented forward returned.
  void callEnzymeReverse(llvm::CallBase &CB, const FunctionRules &Rules);
  /// Per call of an Enzyme rule: the shape of its pair, and the tape in the
  /// augmented sweep.
  llvm::DenseMap<llvm::CallBase *, EnzymeGradientShape> EnzymeShapes;
  llvm::DenseMap<llvm::CallBase *, llvm::Value *> EnzymeTapes;

  // OpenMP parallel regions (ReverseParallel.cpp, ParallelRegions.h).
  /// Forks the outlined function's augmented sweep on a team of tapes.
  void augmentFork(llvm::CallBase &CB, llvm::IRBuilder<> &B);
  /// Forks its adjoint sweep with the same number of threads.
  void adjointFork(llvm::CallBase &CB);
  /// The adjoint of a barrier (a barrier) or of a lock (its partner).
  void adjointOpenMpSync(llvm::CallBase &CB, OpenMpCallKind Kind);
  /// The adjoint of `atomicrmw fadd/fsub p, v`: v's adjoint is p's.
  void adjointAtomicUpdate(llvm::AtomicRMWInst &RMW);
  /// Adds \p D into the shadow \p SP that \p LI's adjoint accumulates
  /// into: atomically when other threads may add into the same element.
  void accumulateIntoShadow(llvm::LoadInst &LI, llvm::Value *SP,
                            llvm::Value *D);
  /// Whether, in a parallel pair, every iteration of the worksharing loop
  /// reads shared differentiated memory only at its own elements.
  bool sharedLoadsArePrivate();
  /// Takes the thread's ticket for the critical section \p CB enters.
  void augmentCriticalEntry(llvm::CallBase &CB);
  /// The __kmpc_critical that opens the section \p Exit closes.
  llvm::CallBase *enclosingCriticalEntry(llvm::CallBase &Exit);
  // Private shadows of shared pointers (ReverseSharedShadows.cpp).
  struct PrivateShadow {
    llvm::Type *Elem = nullptr;
    llvm::AllocaInst *Lo = nullptr, *Hi = nullptr; ///< Augmented sweep.
    llvm::Value *AugLo = nullptr, *AugHi = nullptr; ///< At its exit.
    llvm::Value *RevLo = nullptr, *RevHi = nullptr, *RevBuf = nullptr;
  };
  /// The range of shared shadow addresses the thread's stores touch.
  llvm::AllocaInst *StoreLo = nullptr, *StoreHi = nullptr;
  void trackSharedStore(llvm::StoreInst &SI, llvm::IRBuilder<> &B);
  /// Which shared pointers' shadows each thread accumulates privately.
  void planPrivateShadows();
  /// Widens the range of shadow addresses \p LI's group touches.
  void trackPrivateShadow(llvm::LoadInst &LI, llvm::IRBuilder<> &B);
  void finishPrivateShadowsForward();
  /// The buffers, made on first use in a block of their own that the
  /// adjoint's entry passes through (flushPrivateShadows links it).
  void startPrivateShadows();
  llvm::BasicBlock *PrivateSetup = nullptr;
  /// At the adjoint's end: the buffers added into the shared shadows.
  void flushPrivateShadows();
  llvm::MapVector<const llvm::Value *, PrivateShadow> PrivateShadows;
  llvm::DenseMap<const llvm::LoadInst *, const llvm::Value *> PrivateLoadRoot;
  llvm::BasicBlock *PrivateExit = nullptr;
  /// Per critical section entered, the ticket in the augmented sweep.
  llvm::DenseMap<llvm::CallBase *, llvm::Value *> Tickets;
  /// Per fork, the team record of tapes in the augmented sweep.
  llvm::DenseMap<llvm::CallBase *, llvm::Value *> ForkTeams;
  std::optional<bool> SharedLoadsPrivate;
  void leaveBlock(llvm::BasicBlock &BB);
  void finishTape();
  /// Innermost loops whose trip count is known before they start.
  void findReservableLoops();
  void markTapeNoAlias();

  // Loop-structured reversal (ReverseLoops.cpp).
  struct LoopRev;
  void analyzeLoops();
  /// The structured loop \p L, or nullptr when its adjoint keeps predecessor
  /// ids.
  LoopRev *structured(const llvm::Loop *L);
  /// At the head of BB's adjoint: sets the counters (and frames) of the
  /// loops whose exit BB is.
  void enterBlock(llvm::BasicBlock &BB);
  /// Ends the adjoint of a structured loop's header with its counter test.
  bool leaveHeader(llvm::BasicBlock &BB,
                   llvm::function_ref<void(llvm::BasicBlock *)> EdgeTo);
  /// An integer phi rebuilt from the loop counters (its SCEV), or nullptr.
  llvm::Value *recomputeInduction(llvm::PHINode &Phi);
  bool canEmitSCEV(const llvm::SCEV *S, const llvm::BasicBlock *At,
                   unsigned Depth = 0);
  llvm::Value *emitSCEV(const llvm::SCEV *S);
  /// Reads a value defined once per iteration of an outer loop from that
  /// iteration's frame, or nullptr.
  llvm::Value *fromFrame(llvm::Instruction *Def, bool IsShadow,
                         llvm::Value *AugValue);
  /// A tape entry of the current block with a fresh placeholder.
  llvm::PHINode *needFromTape(llvm::Value *AugValue, const llvm::Twine &Name);
  /// After the adjoint: frame allocation, stores, base pushes, truncation.
  void finishLoops();
  bool pushesDuringIteration(llvm::Loop *L);

  // Re-reading unmodified memory (ReverseReload.cpp).
  void findReloadableObjects();
  /// The load again, in the adjoint block being built, or nullptr when its
  /// value must cross on the tape.
  llvm::Value *reload(llvm::LoadInst &LI);

  // Memory (ReverseMemory.cpp).
  void adjointLoad(llvm::LoadInst &LI);
  void adjointStore(llvm::StoreInst &SI);
  void adjointMemSet(llvm::CallBase &CB);
  void adjointMemTransfer(llvm::CallBase &CB);
  void augmentMemTransfer(llvm::CallBase &CB, llvm::IRBuilder<> &B);

  // Values of the forward sweep, inside the adjoint block being built.
  llvm::Value *primal(llvm::Value *V);
  llvm::Value *primalShadow(llvm::Value *V, llvm::Instruction *User);
  llvm::Value *fromTape(llvm::Value *Key, bool IsShadow, llvm::Value *AugValue);
  // The call's record (ReverseRecord.cpp).
  llvm::Value *fromRecord(std::pair<llvm::Value *, unsigned> Key,
                          llvm::Value *AugValue, llvm::BasicBlock *DefBlock,
                          const llvm::Twine &Name);
  /// Decides where a callee's record lives (RecordOnTop), once the
  /// dominator tree is built.
  void placeRecord();
  /// Stores the record's values; returns what every exit of the forward
  /// sweep pushes last for it: its offset on the tape, or its values
  /// (RecordOnTop); nothing when there is no record or it is the gradient's
  /// local.
  llvm::SmallVector<llvm::Value *, 8> finishRecord();
  /// At the adjoint's entry: takes the record's offset, or pops the record
  /// (RecordOnTop).
  void enterRecord();
  /// Rebuilds cheap integer/address arithmetic in the adjoint, or nullptr.
  llvm::Value *recompute(llvm::Instruction *I, bool IsShadow);
  bool recomputableFromArguments(const llvm::Value *V, unsigned Depth) const;
  unsigned RecomputeDepth = 0;

  // Lanes (vector mode).
  unsigned width() const { return S.Width; }
  /// Runs \p Body once per lane with Lane set to it, then Lane is 0 again.
  void forEachLane(llvm::function_ref<void()> Body) {
    for (Lane = 0; Lane < width(); ++Lane)
      Body();
    Lane = 0;
  }
  /// Lane \p K's shadows in the augmented sweep.
  ShadowMemory &shadows(unsigned K) { return *Lanes[K]; }
  /// The key of a tape, record or frame entry: 0 for a primal value, 1 + the
  /// current lane for a shadow pointer.
  unsigned entryKind(bool IsShadow) const { return IsShadow ? 1 + Lane : 0; }

  // Adjoints (of the current lane): a stack slot each, or, while they are
  // accumulated inside one block of the adjoint, an SSA value (Pending).
  llvm::AllocaInst *slot(llvm::Value *V);
  void addAdjoint(llvm::Value *V, llvm::Value *D);
  llvm::Value *takeAdjoint(llvm::Value *V);
  bool startsAtZero(llvm::Value *V);
  /// Whether \p V, defined in \p Pred, is used only there and by phis of
  /// \p Join: on the edge Pred -> Join the adjoint sweep meets its last use
  /// first, when its slot is still zero.
  bool startsOnEdge(llvm::Value *V, llvm::BasicBlock *Pred,
                    llvm::BasicBlock &Join);
  /// \p D is V's whole adjoint so far (startsOnEdge): stored to its slot
  /// without reading it.
  void setFreshAdjoint(llvm::Value *V, llvm::Value *D);
  llvm::Value *pendingHere(llvm::Value *V);
  void keepPending(llvm::Value *V, llvm::Value *Sum);
  bool hasAdjoint(llvm::Value *V) const;
  llvm::Value *scaleAdjoint(llvm::Value *D, llvm::Value *Factor);

  void refuse(llvm::Instruction &I, const llvm::Twine &Why) {
    Cache.diags().error(&I, Why, &Primal);
  }

  DerivativeCache &Cache;
  llvm::Function &Primal;
  const ActivitySignature &S;
  ReversePair Pair;
  bool Outermost; ///< Both sweeps run back to back (a gradient wrapper's).
  bool Split;     ///< Split mode's pair: shadows belong to the tape.
  /// Run by every thread of an OpenMP team (ParallelRegions.h), as are the
  /// pairs of its callees.
  bool Parallel;
  bool Region; ///< The outlined function of a parallel region itself.
  /// The kind of pair a call of a defined function uses.
  PairKind calleeKind() const {
    return Split      ? PairKind::Split
           : Parallel ? PairKind::Parallel
                      : PairKind::Callee;
  }
  ActivityInfo Act;
  const llvm::DataLayout &DL;

  // Augmented sweep.
  llvm::ValueToValueMapTy VMap; ///< Primal -> augmented.
  /// Per lane: primal -> augmented shadow (lane 0 reports errors).
  llvm::SmallVector<std::unique_ptr<ShadowMemory>, 1> Lanes;
  DiagnosticSink QuietDiags{/*Quiet=*/true};
  llvm::Value *AugTape = nullptr;
  Tape augTape() const {
    return Tape(AugTape, Cache.tapeScopes(),
                functionNameString(*Primal.getParent(), Primal));
  }
  Tape revTape() const { return Tape(RevTape, Cache.tapeScopes()); }
  llvm::DenseMap<llvm::BasicBlock *, llvm::PHINode *> PredIds;
  llvm::DenseMap<llvm::Value *, llvm::Value *> PunnedLoads;
  /// Primal blocks that call an augmented sweep (which pushes unknown amounts).
  llvm::SmallPtrSet<llvm::BasicBlock *, 8> CallsAugmented;
  struct ReservableLoop {
    llvm::SmallVector<llvm::BasicBlock *, 8> Blocks;
    llvm::BasicBlock *Preheader;
    llvm::Value *TripCount; ///< i64, in the primal copy.
  };
  llvm::SmallVector<ReservableLoop, 4> Reservable;

  // Adjoint sweep.
  llvm::IRBuilder<> RB;              ///< Positioned in the current B'.
  llvm::BasicBlock *Current = nullptr; ///< The primal block being reversed.
  llvm::Value *RevTape = nullptr;
  /// The lane whose adjoints the code being emitted computes.
  unsigned Lane = 0;
  llvm::SmallVector<llvm::Value *, 1> DRets; ///< Seeds of the return, per lane.
  llvm::BasicBlock *RevEntry = nullptr, *RevExit = nullptr;
  llvm::DenseMap<llvm::BasicBlock *, llvm::BasicBlock *> RevBlocks;
  llvm::DenseMap<llvm::Value *, llvm::Value *> RevArgs;
  /// (pointer argument, lane) -> its shadow parameter.
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, llvm::Value *> RevShadowArgs;
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, llvm::AllocaInst *> Slots;
  /// An adjoint accumulated in the adjoint block being built and not yet
  /// stored to its slot: its value, and where it became the adjoint (the
  /// instruction it follows in Block; null: the block's start).
  struct PendingAdjoint {
    llvm::Value *Sum;
    llvm::BasicBlock *Block;
    llvm::Instruction *After;
  };
  /// (value, lane) -> its pending adjoint (see pendingHere).
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, PendingAdjoint> Pending;
  /// Values whose uses all lie in their own block (startsAtZero).
  llvm::DenseMap<llvm::Value *, bool> BlockLocal;

  /// What a block's adjoint takes from the tape, in push order.
  struct TapeEntry {
    llvm::Value *AugValue;
    llvm::PHINode *Placeholder;
  };
  llvm::MapVector<llvm::BasicBlock *, llvm::SmallVector<TapeEntry, 4>> Needs;

  /// Values defined in blocks that run at most once per call (outside every
  /// loop) go to the call's record instead: stored once, read by every
  /// adjoint block that needs them, however often it runs.
  llvm::SmallPtrSet<llvm::BasicBlock *, 16> RunsOnce;
  struct RecordEntry {
    llvm::Value *AugValue;
    llvm::BasicBlock *DefBlock; ///< Primal block that computes it.
    uint64_t Offset;            ///< In the record.
  };
  llvm::SmallVector<RecordEntry, 8> Record;
  /// Stores \p Entries at \p Base on the forward sweep's tape, each at the
  /// end of the block that computes it (AugTerms).
  void storeRecord(llvm::Value *Base, llvm::ArrayRef<RecordEntry> Entries);
  /// Where each value is in Record.
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, unsigned> RecordSlots;
  /// The record is pushed last, at the forward sweep's exits, when every
  /// block that runs once dominates them; the adjoint pops it first thing.
  /// Otherwise it is allocated at the entry, filled where its values are
  /// computed, and its offset pushed last.
  bool RecordOnTop = false;
  /// With RecordOnTop, the adjoint's entry reads every value it needs from
  /// the top of the tape: where the record starts (`size - bytes`, the bytes
  /// set once all are known) and its address.
  llvm::BinaryOperator *RecordTop = nullptr;
  llvm::Value *RecordTopAt = nullptr;
  llvm::SmallVector<llvm::Value *, 8> RecordValues; ///< In Record's order.
  /// Stands for the record's offset in the adjoint until it is popped.
  llvm::Instruction *RecordBasePlaceholder = nullptr;
  /// The outermost pair's record: a local of the gradient wrapper that both
  /// sweeps get a pointer to (and SROA turns into registers after inlining).
  llvm::Value *AugRecord = nullptr, *RevRecord = nullptr;
  uint64_t RecordBytes = 0;
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, llvm::Value *> BlockCache;
  /// Locals of the primal that a checkpointed loop keeps its state in get a
  /// slot of the adjoint sweep's own (see primal()).
  llvm::DenseMap<llvm::AllocaInst *, llvm::AllocaInst *> AdjointLocals;

  // Loops of the primal copy, owned here: the analysis manager's results for
  // it may be invalidated while a callee's derivative is generated.
  std::unique_ptr<llvm::DominatorTree> DT;
  std::unique_ptr<llvm::LoopInfo> LI;
  std::unique_ptr<llvm::AssumptionCache> AC;
  std::optional<llvm::TargetLibraryInfo> TLI;
  std::unique_ptr<llvm::ScalarEvolution> SE;
  struct LoopRev {
    llvm::Loop *L = nullptr;
    /// Backedges taken, when SCEV knows it at every exit; otherwise the
    /// augmented sweep counts (AugCounter) and each exit pushes the count.
    const llvm::SCEV *Backedges = nullptr;
    llvm::PHINode *AugCounter = nullptr;
    llvm::AllocaInst *Iter = nullptr;      ///< Adjoint: this iteration's index.
    llvm::Instruction *HeaderBranch = nullptr; ///< Adjoint header's test.
    // The per-iteration frame: values defined once an iteration and read by
    // the adjoints of inner loops.
    llvm::SmallVector<RecordEntry, 4> Frame;
    uint64_t FrameBytes = 0;
    llvm::AllocaInst *FrameBase = nullptr; ///< Adjoint: this iteration's base.
  };
  llvm::DenseMap<const llvm::Loop *, std::unique_ptr<LoopRev>> LoopRevs;
  bool Reducible = false; ///< Every cycle of the primal copy is a natural loop.
  llvm::DenseMap<std::pair<llvm::Value *, unsigned>, uint64_t> FrameSlots;
  /// Augmented value -> its loop's frame and offset.
  llvm::DenseMap<llvm::Value *, std::pair<LoopRev *, uint64_t>> FrameByAug;
  /// The augmented sweep's original terminators: pushes and stores go
  /// before them, wherever the blocks get split.
  llvm::DenseMap<llvm::BasicBlock *, llvm::Instruction *> AugTerms;
  llvm::SmallPtrSet<llvm::PHINode *, 4> InductionsInProgress;
  /// Memory objects (arguments, constant globals) nothing in the function
  /// writes: the adjoint re-reads loads from them.
  llvm::SmallPtrSet<const llvm::Value *, 8> Unwritten;
  /// Heap blocks the function allocates once and does not let escape, with
  /// what may write them: the adjoint re-reads a load from one when none of
  /// those can run after the load (ReverseReload.cpp). Their frees move from
  /// the augmented sweep to the adjoint of the allocation.
  llvm::DenseMap<const llvm::Value *, llvm::SmallVector<llvm::Instruction *, 4>>
      HeapWriters;
  /// Whether \p CB frees a heap block of HeapWriters (and so is left out of
  /// the augmented sweep).
  bool freesDeferred(const llvm::CallBase &CB) const;
  /// Per argument or constant global that the function writes: the first
  /// instruction that may write it (why its loads cannot be re-read).
  llvm::DenseMap<const llvm::Value *, llvm::Instruction *> FirstWriter;

  // Remarks of what was taped (ReverseRemarks.cpp), collected only when a
  // remark of pass "eddy" is enabled.
  bool Remarks = false;
  /// A value of the tape, record or frame -> the primal value it carries
  /// (and whether it is that value's shadow pointer).
  llvm::DenseMap<llvm::Value *, std::pair<llvm::Value *, bool>> TapeOrigins;
  /// Values the adjoint needed that did not cross on the tape, and how.
  enum class NotTaped { Induction, Reread, Recomputed };
  llvm::MapVector<llvm::Value *, NotTaped> Avoided;
  /// Loads inside loops whose values cross on the tape.
  llvm::SetVector<llvm::LoadInst *> TapedLoads;
  /// Notes \p V, needed by the adjoint, as served by \p How (or taped).
  void noteServed(llvm::Value *V, std::optional<NotTaped> How);
  /// After finishTape: the remarks for this pair. \p Pushes lists what each
  /// primal block pushes.
  void remarkTape(const llvm::DenseMap<llvm::BasicBlock *,
                                       llvm::SmallVector<llvm::Value *, 8>> &Pushes);
  /// Why \p Load could not be re-read by the adjoint.
  std::string whyTaped(llvm::LoadInst &Load);
};

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_REVERSEMODE_H
