//===- PieceOutlining.cpp - Huge derivatives in pieces --------------------===//
//
// PieceOutlining.h says why. A piece is a run of blocks laid out one after
// the other: only its first block is entered from outside, no edge goes
// back into it, and every edge out leads to one block. Every path into the
// run enters at its first block and leaves to that block, so a call in a
// block of its own stands for it: it dominates what the run dominated. Its
// values that other code uses are stored where they are defined and loaded
// where they are used (passValues, ValueSlots.h), which no dominance
// question can upset.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/PieceOutlining.h"
#include "Eddy/Passes/ValueSlots.h"
#include "Eddy/Passes/VectorizerGate.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include <optional>

using namespace llvm;

// Measured on kinetics forward derivatives at -O0 (7 interleaved runs each):
// at 100,000 statements (1.6 million instructions, 20 pieces) 20.6-23.3 s ->
// 19.0-21.8 s and 1,636 -> 1,278 MB; at 30,000 (470,000 instructions, 6
// pieces) no difference beyond the noise in time, 549 -> 446 MB. Below the
// threshold a function is left whole.
static cl::opt<unsigned> OutlineThreshold(
    "eddy-outline-threshold", cl::Hidden, cl::init(200000),
    cl::desc("At -O0, cut generated functions of at least this many "
             "instructions into outlined pieces"));
// Each value crossing a piece's call costs a store and loads. On the backward
// sweep of a kinetics gradient (every species' adjoint carried through the
// code: 5,000 values per piece of 100,000 instructions; 10,000 in a
// straight-line tangent) outlining did not pay: at 100,000 statements,
// 22.8-23.3 s whole, 23.6-24.0 s in pieces. Such pieces stay in place.
static cl::opt<unsigned> MaxCrossingValues(
    "eddy-outline-max-crossing", cl::Hidden, cl::init(1000),
    cl::desc("Pieces that more values would cross stay in place"));
static cl::opt<unsigned> OutlinePiece(
    "eddy-outline-piece", cl::Hidden, cl::init(100000),
    cl::desc("Instructions per outlined piece of a generated function"));

// Above -O0 (see PieceOutlining.h for the measurements).
static cl::opt<unsigned> OptOutlineThreshold(
    "eddy-outline-threshold-opt", cl::Hidden, cl::init(20000),
    cl::desc("Above -O0, cut generated functions of at least this many "
             "instructions into outlined pieces"));
// Before the optimization pipeline pieces pay from about 50,000
// instructions on: the 10,000-statement straight-line gradient (about
// 80,000) 6.65 -> 5.97 s, its tangent no change; the 3,000-statement
// tangent (24,600) took 1.25 s whole through the pipeline and 1.36 s in
// pieces (SLP's time per instruction is higher on the pieces).
static cl::opt<unsigned> EarlyOutlineThreshold(
    "eddy-outline-threshold-early", cl::Hidden, cl::init(50000),
    cl::desc("Above -O0, cut generated functions of at least this many "
             "instructions into pieces before the optimization pipeline"));
static cl::opt<unsigned> OptOutlinePiece(
    "eddy-outline-piece-opt", cl::Hidden, cl::init(10000),
    cl::desc("Above -O0, instructions per outlined piece"));
static cl::opt<unsigned> OptMaxCrossingValues(
    "eddy-outline-max-crossing-opt", cl::Hidden, cl::init(1u << 30),
    cl::desc("Above -O0, pieces that more values would cross stay in place"));

namespace eddy {

namespace {

/// Intrinsics that read or change the caller's frame, or pair with others
/// that must stay in the same function.
bool isFrameIntrinsic(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::stacksave:
  case Intrinsic::stackrestore:
  case Intrinsic::lifetime_start:
  case Intrinsic::lifetime_end:
  case Intrinsic::frameaddress:
  case Intrinsic::returnaddress:
  case Intrinsic::addressofreturnaddress:
  case Intrinsic::sponentry:
  case Intrinsic::localescape:
  case Intrinsic::localrecover:
  case Intrinsic::vastart:
  case Intrinsic::vaend:
  case Intrinsic::vacopy:
  case Intrinsic::eh_typeid_for:
    return true;
  default:
    return false;
  }
}

/// May \p I move into a function of its own (PieceOutlining.h)?
bool isMovable(const Instruction &I) {
  if (isa<AllocaInst>(I) || isa<PHINode>(I) || I.isEHPad() ||
      I.getType()->isTokenTy())
    return false;
  for (const Value *Op : I.operands())
    if (Op->getType()->isTokenTy())
      return false;
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return true;
  if (!isa<CallInst>(CB) || cast<CallInst>(CB)->isMustTailCall() ||
      CB->hasFnAttr(Attribute::ReturnsTwice) || CB->isConvergent() ||
      CB->hasOperandBundles() || CB->hasInAllocaArgument())
    return false;
  if (const Function *Callee = CB->getCalledFunction())
    if (Callee->isIntrinsic() &&
        (isFrameIntrinsic(Callee->getIntrinsicID()) ||
         Callee->getName().starts_with("llvm.coro.")))
      return false;
  return true;
}

/// May \p BB belong to a piece: not the entry block, its address not taken,
/// ending in a branch, every other instruction movable (phis too: they may
/// start no piece, see findPieces)? \p Size is set to its number of
/// instructions.
bool isPieceBlock(BasicBlock &BB, unsigned &Size) {
  Size = 0;
  if (BB.isEntryBlock() || BB.hasAddressTaken() ||
      !isa<BranchInst>(BB.getTerminator()))
    return false;
  for (Instruction &I : BB) {
    ++Size;
    if (!I.isTerminator() && !isa<PHINode>(I) && !isMovable(I))
      return false;
  }
  return true;
}

struct Piece {
  SmallVector<BasicBlock *, 0> Blocks; // In layout order.
  /// Where every edge that leaves the piece goes.
  BasicBlock *Next = nullptr;
};

/// A run of blocks, in layout order, that the first one is the only way
/// into: each later block's predecessors are all in the run, and no edge
/// goes back into it (so it holds no cycle). Where its edges out all lead
/// to one block, it may end there as a piece.
class Run {
public:
  /// May \p BB, a piece block, extend the run?
  bool admits(BasicBlock &BB) const {
    return !Blocks.empty() && Exits.contains(&BB) &&
           all_of(predecessors(&BB),
                  [&](BasicBlock *P) { return Members.contains(P); }) &&
           none_of(successors(&BB), [&](BasicBlock *S) {
             return S == &BB || Members.contains(S);
           });
  }
  /// May \p BB, a piece block, start a run?
  static bool canStart(BasicBlock &BB) {
    return !isa<PHINode>(BB.front()) &&
           none_of(successors(&BB), [&](BasicBlock *S) { return S == &BB; });
  }
  void add(BasicBlock &BB, unsigned BlockSize) {
    Blocks.push_back(&BB);
    Members.insert(&BB);
    Exits.remove(&BB);
    for (BasicBlock *S : successors(&BB))
      Exits.insert(S);
    Size += BlockSize;
    if (BasicBlock *Next = singleExit()) {
      Closable = Blocks.size();
      ClosableSize = Size;
      ClosableNext = Next;
    }
  }
  unsigned size() const { return Size; }
  /// Could the run end as a piece after its last block?
  bool closesHere() const { return Closable && Closable == Blocks.size(); }
  /// The longest closable prefix as a piece, if at least \p MinSize
  /// instructions long; the run is emptied.
  std::optional<Piece> take(unsigned MinSize) {
    std::optional<Piece> P;
    if (Closable && ClosableSize >= MinSize) {
      P.emplace();
      P->Blocks.assign(Blocks.begin(), Blocks.begin() + Closable);
      P->Next = ClosableNext;
    }
    *this = Run();
    return P;
  }

private:
  /// The one block the run's edges out lead to, if there is one and its
  /// phis (which name the block an edge comes from) see one such edge.
  BasicBlock *singleExit() const {
    if (Exits.size() != 1)
      return nullptr;
    BasicBlock *Next = Exits.front();
    if (auto *Phi = dyn_cast<PHINode>(&Next->front()))
      if (count_if(Phi->blocks(),
                   [&](BasicBlock *B) { return Members.contains(B); }) != 1)
        return nullptr;
    return Next;
  }

  SmallVector<BasicBlock *, 0> Blocks;
  SmallPtrSet<BasicBlock *, 32> Members;
  SmallSetVector<BasicBlock *, 4> Exits; // Targets of edges out.
  unsigned Size = 0;
  size_t Closable = 0; // Blocks in the longest prefix with one exit.
  unsigned ClosableSize = 0;
  BasicBlock *ClosableNext = nullptr;
};

/// Pieces of about \p PieceSize instructions (at least a quarter of it) in
/// \p F's single-entry, single-exit, acyclic runs of blocks, in layout
/// order: the straight-line runs of -O0, and above it the same with the
/// never-taken branches of BlockSplitting.h's cuts.
SmallVector<Piece, 16> findPieces(Function &F, unsigned PieceSize) {
  SmallVector<Piece, 16> Pieces;
  unsigned MinSize = std::max(1u, PieceSize / 4);
  Run R;
  auto Close = [&] {
    if (std::optional<Piece> P = R.take(MinSize))
      Pieces.push_back(std::move(*P));
  };
  for (BasicBlock &BB : F) {
    unsigned BlockSize;
    bool Eligible = isPieceBlock(BB, BlockSize);
    if (!Eligible || !R.admits(BB)) {
      Close();
      if (!Eligible || !Run::canStart(BB))
        continue;
    }
    R.add(BB, BlockSize);
    if (R.size() >= PieceSize && R.closesHere())
      Close();
  }
  Close();
  return Pieces;
}

/// The values that cross between F and its pieces, or between pieces, and
/// where they are used across.
struct Crossing {
  /// Operands whose value is defined (or, for an argument, given) in
  /// another function than the one their instruction will be in.
  SmallVector<Use *, 0> Uses;
  SetVector<Value *> Values;
  /// Pieces that cannot move (PieceOutlining.h), by index.
  SmallVector<unsigned, 4> Stuck;
};

/// Finds the crossing values of \p Pieces in one walk of \p F's operands
/// (use lists are not walked: on a function of a million instructions each
/// use is a cache miss), and the pieces that cannot move: more than
/// \p MaxCrossing values to pass, or one that cannot be stored or that a
/// terminator defines (no instruction follows it to store it).
Crossing findCrossing(Function &F, ArrayRef<Piece> Pieces,
                      unsigned MaxCrossing) {
  // A block's piece, counted from 1; 0 is F itself.
  DenseMap<const BasicBlock *, unsigned> PieceOf;
  for (auto [Index, P] : enumerate(Pieces))
    for (BasicBlock *BB : P.Blocks)
      PieceOf[BB] = Index + 1;
  const DataLayout &DL = F.getParent()->getDataLayout();
  auto Storable = [&](const Value *V) {
    auto *I = dyn_cast<Instruction>(V);
    return !V->getType()->isTokenTy() && !(I && I->isTerminator()) &&
           !DL.getTypeAllocSize(V->getType()).isScalable();
  };
  Crossing C;
  // What crosses each piece's boundary, in or out; 0 is unused.
  SmallVector<SmallPtrSet<Value *, 32>, 16> PassedBy(Pieces.size() + 1);
  SmallVector<bool, 16> Bad(Pieces.size() + 1);
  for (BasicBlock &BB : F) {
    unsigned Here = PieceOf.lookup(&BB);
    for (Instruction &I : BB)
      for (Use &U : I.operands()) {
        unsigned There;
        if (isa<Argument>(U.get()))
          There = 0;
        else if (auto *D = dyn_cast<Instruction>(U.get()))
          There = PieceOf.lookup(D->getParent());
        else
          continue; // Constants, globals, blocks.
        if (There == Here)
          continue;
        C.Uses.push_back(&U);
        C.Values.insert(U.get());
        bool Ok = Storable(U.get());
        for (unsigned Side : {Here, There})
          if (Side) {
            PassedBy[Side].insert(U.get());
            Bad[Side] = Bad[Side] || !Ok;
          }
      }
  }
  for (unsigned Index = 1; Index <= Pieces.size(); ++Index)
    if (Bad[Index] || PassedBy[Index].size() > MaxCrossing)
      C.Stuck.push_back(Index - 1);
  return C;
}

/// Attributes of \p F that hold for a piece of its body too: the target,
/// the sanitizers, unwinding; not what describes F's own interface or
/// memory, nor Eddy's marks on F.
AttrBuilder pieceAttributes(const Function &F) {
  AttrBuilder AB(F.getContext(), F.getAttributes().getFnAttrs());
  for (Attribute::AttrKind K :
       {Attribute::AllocSize, Attribute::AllocKind, Attribute::Memory,
        Attribute::NoReturn, Attribute::ReturnsTwice, Attribute::Naked,
        Attribute::AlwaysInline, Attribute::Builtin, Attribute::NoBuiltin,
        Attribute::WillReturn, Attribute::NoSync, Attribute::Speculatable})
    AB.removeAttribute(K);
  AB.removeAttribute("alloc-family");
  // Eddy's marks stay on F, except the vectorizer gate's: a function hidden
  // from the vectorizers is hidden in pieces too (outlined before them, SLP
  // on the pieces of a 10,000-statement gradient cost more than the pieces
  // saved), and RestoreImplicitFloatPass gives the pieces their
  // `noimplicitfloat` back as it does F.
  for (Attribute A : F.getAttributes().getFnAttrs())
    if (A.isStringAttribute() && A.getKindAsString().starts_with("eddy") &&
        !isVectorizerGateMark(A))
      AB.removeAttribute(A.getKindAsString());
  AB.addAttribute(Attribute::NoInline);
  return AB;
}

/// Moves \p P's blocks out of \p F into a function of its own, which
/// takes the frame \p Frame, and calls it where they were. Returns the
/// block of the call.
BasicBlock *outlineBlocks(Function &F, const Piece &P, AllocaInst &Frame) {
  LLVMContext &Ctx = F.getContext();
  Function *Body = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), {Frame.getType()},
                        /*isVarArg=*/false),
      GlobalValue::InternalLinkage, F.getAddressSpace(),
      F.getName() + ".piece", F.getParent());
  Body->addFnAttrs(pieceAttributes(F));
  Body->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);

  BasicBlock *First = P.Blocks.front(), *Last = P.Blocks.back();
  BasicBlock *Call = BasicBlock::Create(Ctx, "piece.call", &F, First);
  // Branches in (First has no phis). Not replaceAllUsesWith, which would
  // also rename First in the phis of its successors, inside the piece.
  First->replaceUsesWithIf(Call, [&](Use &U) {
    auto *I = dyn_cast<Instruction>(U.getUser());
    return !I || !is_contained(P.Blocks, I->getParent());
  });
  for (BasicBlock *BB : P.Blocks) // The one edge out that phis see.
    P.Next->replacePhiUsesWith(BB, Call);
  IRBuilder<> B(Call);
  B.CreateCall(Body, {&Frame});
  B.CreateBr(P.Next);

  BasicBlock *Entry = BasicBlock::Create(Ctx, "piece.entry", Body);
  BranchInst::Create(First, Entry);
  Body->splice(Body->end(), &F, First->getIterator(),
               std::next(Last->getIterator()));
  BasicBlock *Exit = BasicBlock::Create(Ctx, "piece.exit", Body);
  ReturnInst::Create(Ctx, Exit);
  for (BasicBlock *BB : P.Blocks)
    BB->getTerminator()->replaceSuccessorWith(P.Next, Exit);
  return Call;
}

/// Passes \p C's values through the frame, now that the pieces have moved:
/// each gets a slot of its own, stored right after its definition and
/// loaded in each block that uses it across (ValueSlots.h; C.Uses are in
/// program order). Returns the frame's size.
uint64_t passValues(Function &F, const Crossing &C, AllocaInst &Frame,
                    bool Opaque) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  Type *I8 = Type::getInt8Ty(F.getContext());
  Align FrameAlign = Frame.getAlign();
  uint64_t Bytes = 0;
  DenseMap<Value *, uint64_t> SlotOf;
  // V's slot, addressed from the function B inserts into.
  auto SlotAt = [&](IRBuilderBase &B, Value &V) {
    Function *G = B.GetInsertBlock()->getParent();
    Value *FrameIn = G == &F ? static_cast<Value *>(&Frame) : G->getArg(0);
    return B.CreateConstInBoundsGEP1_64(I8, FrameIn, SlotOf[&V]);
  };
  IRBuilder<> B(F.getContext());
  for (Value *V : C.Values) {
    Type *T = V->getType();
    FrameAlign = std::max(FrameAlign, DL.getABITypeAlign(T));
    Bytes = alignTo(Bytes, DL.getABITypeAlign(T));
    SlotOf[V] = Bytes;
    Bytes += DL.getTypeAllocSize(T);
    B.SetInsertPoint(afterDefinition(*V));
    B.CreateStore(V, SlotAt(B, *V), Opaque);
  }
  reloadAtUses(C.Uses, [&](IRBuilderBase &B, Value &V) {
    return B.CreateLoad(V.getType(), SlotAt(B, V), Opaque,
                        V.getName() + ".crossed");
  });
  Frame.setAlignment(FrameAlign);
  return Bytes;
}

} // namespace

bool outlinePieces(Function &F, OutlineStage Stage) {
  bool Optimized = Stage != OutlineStage::O0;
  unsigned Threshold = Stage == OutlineStage::BeforeOptimizer
                           ? EarlyOutlineThreshold
                       : Optimized ? OptOutlineThreshold
                                   : OutlineThreshold;
  unsigned PieceSize = Optimized ? OptOutlinePiece : OutlinePiece;
  unsigned MaxCrossing = Optimized ? OptMaxCrossingValues : MaxCrossingValues;
  // A debug scope would be named by the moved locations (PieceOutlining.h).
  if (F.getSubprogram() || F.hasGC() || F.hasFnAttribute(Attribute::Naked) ||
      any_of(F.args(), [](const Argument &A) { return A.hasSwiftErrorAttr(); }) ||
      any_of(F.getEntryBlock(), [](const Instruction &I) {
        auto *AI = dyn_cast<AllocaInst>(&I);
        return AI && AI->isSwiftError();
      }) ||
      !hasNItemsOrMore(instructions(F), Threshold))
    return false;
  SmallVector<Piece, 16> Pieces = findPieces(F, PieceSize);
  // A piece that stays puts its blocks back in F, which changes what the
  // others pass: again until none is stuck.
  Crossing C;
  while (!Pieces.empty()) {
    C = findCrossing(F, Pieces, MaxCrossing);
    if (C.Stuck.empty())
      break;
    for (unsigned Index : reverse(C.Stuck))
      Pieces.erase(Pieces.begin() + Index);
  }
  if (Pieces.empty())
    return false;
  LLVMContext &Ctx = F.getContext();
  Type *I8 = Type::getInt8Ty(Ctx);
  auto *Frame = new AllocaInst(
      I8, F.getParent()->getDataLayout().getAllocaAddrSpace(), nullptr,
      Align(16), "piece.frame", F.getEntryBlock().begin());
  for (auto [Index, P] : enumerate(Pieces)) {
    BasicBlock *Call = outlineBlocks(F, P, *Frame);
    // A piece that leaves to this one's first block now leaves to its call
    // (the piece in a cold block that grows the tape, before its join).
    for (Piece &Later : drop_begin(Pieces, Index + 1))
      if (Later.Next == P.Blocks.front())
        Later.Next = Call;
  }
  uint64_t Bytes =
      passValues(F, C, *Frame, Stage == OutlineStage::BeforeOptimizer);
  Frame->setAllocatedType(ArrayType::get(I8, std::max<uint64_t>(Bytes, 1)));
  return true;
}

} // namespace eddy
