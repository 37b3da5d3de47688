//===- PieceOutlining.cpp - Huge -O0 derivatives in pieces ----------------===//
//
// PieceOutlining.h says why. A piece is a run of blocks laid out one after
// the other, each ending in `br label` to the next, which has no other
// predecessor; the last one's branch leaves the run. Every path into the
// run enters at its first block and leaves through that branch, so a call
// in a block of its own stands for it: it dominates what the run dominated,
// and the run's values that later code uses are loaded right after it.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/PieceOutlining.h"
#include "Eddy/Passes/VectorizerGate.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

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

/// The block \p BB branches to unconditionally, if it may belong to a piece:
/// not the entry block, its address not taken, every instruction movable.
/// \p Size is set to its number of instructions.
BasicBlock *pieceSuccessor(BasicBlock &BB, unsigned &Size) {
  Size = 0;
  auto *Br = dyn_cast<BranchInst>(BB.getTerminator());
  if (!Br || Br->isConditional() || BB.isEntryBlock() ||
      BB.hasAddressTaken())
    return nullptr;
  for (Instruction &I : BB) {
    ++Size;
    if (&I != Br && !isMovable(I))
      return nullptr;
  }
  return Br->getSuccessor(0);
}

struct Piece {
  SmallVector<BasicBlock *, 0> Blocks; // In layout order.
  /// Operands in the piece of values from outside it (arguments included).
  SmallVector<Use *, 0> InUses;
  /// Values of the piece used outside it.
  SetVector<Instruction *> Outputs;
};

/// Pieces of about \p PieceSize instructions (at least a quarter of it) in
/// \p F's runs of straight-line blocks, in layout order.
SmallVector<Piece, 16> findPieces(Function &F, unsigned PieceSize) {
  SmallVector<Piece, 16> Pieces;
  SmallVector<BasicBlock *, 0> Run;
  BasicBlock *Next = nullptr;
  unsigned Size = 0;
  auto Close = [&] {
    // The run must leave: a run that branches back to its start is a loop.
    if (!Run.empty() && Size >= std::max(1u, PieceSize / 4) &&
        Next != Run.front())
      Pieces.push_back({std::move(Run), {}, {}});
    Run.clear();
    Next = nullptr;
    Size = 0;
  };
  for (BasicBlock &BB : F) {
    unsigned BlockSize;
    BasicBlock *Succ = pieceSuccessor(BB, BlockSize);
    if (Run.empty() || Next != &BB || BB.getSinglePredecessor() != Run.back())
      Close();
    if (!Succ) { // (A run that was continuing ended at the block before.)
      Close();
      continue;
    }
    Run.push_back(&BB);
    Next = Succ;
    Size += BlockSize;
    if (Size >= PieceSize)
      Close();
  }
  Close();
  return Pieces;
}

/// Fills each piece's InUses and Outputs in one walk of \p F's operands
/// (use lists are not walked: on a function of a million instructions each
/// use is a cache miss).
void findCrossingValues(Function &F, MutableArrayRef<Piece> Pieces) {
  // A block's piece, counted from 1; 0 is no piece.
  DenseMap<const BasicBlock *, unsigned> PieceOf;
  for (auto [Index, P] : enumerate(Pieces))
    for (BasicBlock *BB : P.Blocks)
      PieceOf[BB] = Index + 1;
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
        if (There == Here && !isa<Argument>(U.get()))
          continue;
        if (Here)
          Pieces[Here - 1].InUses.push_back(&U);
        if (There)
          Pieces[There - 1].Outputs.insert(cast<Instruction>(U.get()));
      }
  }
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
  if (hasSkippedVectorizers(F)) // Only until RestoreImplicitFloatPass.
    AB.removeAttribute(Attribute::NoImplicitFloat);
  for (Attribute A : F.getAttributes().getFnAttrs())
    if (A.isStringAttribute() && A.getKindAsString().starts_with("eddy"))
      AB.removeAttribute(A.getKindAsString());
  AB.addAttribute(Attribute::NoInline);
  return AB;
}

/// The caller's buffer through which values cross the pieces' calls: one
/// for all of F's pieces, as large as the largest piece needs.
struct CrossingBuffer {
  AllocaInst *Slot = nullptr;
  uint64_t Bytes = 0;
  Align Alignment{16};
};

/// Moves \p P out of \p F into a function of its own, called where it was,
/// unless too many values would cross (MaxCrossingValues) or one of
/// scalable size. Pieces outlined before it
/// may have replaced values it uses by their reloads: its inputs are what its
/// operands hold now. Returns whether it outlined.
bool outline(Function &F, Piece &P, CrossingBuffer &Buffer) {
  LLVMContext &Ctx = F.getContext();
  const DataLayout &DL = F.getParent()->getDataLayout();
  Type *I8 = Type::getInt8Ty(Ctx);
  BasicBlock *First = P.Blocks.front(), *Last = P.Blocks.back();
  // Each crossing value's place in the buffer: inputs, then outputs.
  uint64_t Bytes = 0;
  auto Place = [&](Type *T) {
    Buffer.Alignment = std::max(Buffer.Alignment, DL.getABITypeAlign(T));
    Bytes = alignTo(Bytes, DL.getABITypeAlign(T));
    uint64_t At = Bytes;
    Bytes += DL.getTypeAllocSize(T);
    return At;
  };
  auto Scalable = [&](const Value *V) {
    return DL.getTypeAllocSize(V->getType()).isScalable();
  };
  if (any_of(P.InUses, [&](const Use *U) { return Scalable(U->get()); }) ||
      any_of(P.Outputs, Scalable))
    return false;
  SmallVector<Value *, 16> Inputs;
  DenseMap<Value *, uint64_t> InputAt;
  for (Use *U : P.InUses)
    if (auto [It, New] = InputAt.try_emplace(U->get(), 0); New) {
      It->second = Place(U->get()->getType());
      Inputs.push_back(U->get());
    }
  if (Inputs.size() + P.Outputs.size() > MaxCrossingValues)
    return false;
  SmallVector<uint64_t, 16> OutputAt;
  for (Instruction *O : P.Outputs)
    OutputAt.push_back(Place(O->getType()));
  Buffer.Bytes = std::max(Buffer.Bytes, Bytes);

  PointerType *Ptr = Buffer.Slot->getType();
  Function *Body = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr}, /*isVarArg=*/false),
      GlobalValue::InternalLinkage, F.getAddressSpace(),
      F.getName() + ".piece", F.getParent());
  Body->addFnAttrs(pieceAttributes(F));
  Body->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);

  // In F: the inputs stored, the call, the outputs loaded, in a block that
  // takes the piece's place.
  BasicBlock *Call = BasicBlock::Create(Ctx, "piece.call", &F, First);
  First->replaceAllUsesWith(Call); // Branches in; phis of a 1-block piece.
  auto *Exit = cast<BranchInst>(Last->getTerminator());
  BasicBlock *Next = Exit->getSuccessor(0);
  Next->replacePhiUsesWith(Last, Call);
  IRBuilder<> B(Call);
  for (Value *V : Inputs)
    B.CreateStore(V, B.CreateConstInBoundsGEP1_64(I8, Buffer.Slot, InputAt[V]));
  B.CreateCall(Body, {Buffer.Slot});
  SmallVector<Value *, 16> Reloads;
  for (auto [I, O] : enumerate(P.Outputs))
    Reloads.push_back(B.CreateLoad(
        O->getType(), B.CreateConstInBoundsGEP1_64(I8, Buffer.Slot, OutputAt[I]),
        O->getName() + ".reload"));
  B.CreateBr(Next);

  // In the piece: each input loaded in each block that uses it, before its
  // first use there (InUses are in program order); the outputs stored at
  // the end. A value used across blocks at -O0 is reloaded in each block
  // anyway (the fast register allocator spills it).
  BasicBlock *Entry = BasicBlock::Create(Ctx, "piece.entry", Body);
  BranchInst::Create(First, Entry);
  Body->splice(Body->end(), &F, First->getIterator(),
               std::next(Last->getIterator()));
  Argument *Frame = Body->getArg(0);
  const BasicBlock *LoadedIn = nullptr;
  DenseMap<Value *, Value *> Loaded;
  for (Use *U : P.InUses) {
    auto *User = cast<Instruction>(U->getUser());
    if (User->getParent() != LoadedIn) {
      LoadedIn = User->getParent();
      Loaded.clear();
    }
    Value *&L = Loaded[U->get()];
    if (!L) {
      B.SetInsertPoint(User);
      L = B.CreateLoad(U->get()->getType(),
                       B.CreateConstInBoundsGEP1_64(I8, Frame, InputAt[U->get()]));
    }
    U->set(L);
  }
  B.SetInsertPoint(Exit);
  for (auto [I, O] : enumerate(P.Outputs)) {
    B.CreateStore(O, B.CreateConstInBoundsGEP1_64(I8, Frame, OutputAt[I]));
    O->replaceUsesWithIf(Reloads[I], [&](Use &U) {
      return cast<Instruction>(U.getUser())->getFunction() != Body;
    });
  }
  B.CreateRetVoid();
  Exit->eraseFromParent();
  return true;
}

} // namespace

bool outlineStraightRuns(Function &F) {
  // A debug scope would be named by the moved locations (PieceOutlining.h).
  if (F.getSubprogram() || F.hasGC() || F.hasFnAttribute(Attribute::Naked) ||
      any_of(F.args(), [](const Argument &A) { return A.hasSwiftErrorAttr(); }) ||
      any_of(F.getEntryBlock(), [](const Instruction &I) {
        auto *AI = dyn_cast<AllocaInst>(&I);
        return AI && AI->isSwiftError();
      }) ||
      !hasNItemsOrMore(instructions(F), OutlineThreshold))
    return false;
  SmallVector<Piece, 16> Pieces = findPieces(F, OutlinePiece);
  if (Pieces.empty())
    return false;
  findCrossingValues(F, Pieces);
  LLVMContext &Ctx = F.getContext();
  Type *I8 = Type::getInt8Ty(Ctx);
  CrossingBuffer Buffer;
  Buffer.Slot = new AllocaInst(
      I8, F.getParent()->getDataLayout().getAllocaAddrSpace(), nullptr,
      Align(16), "piece.frame", F.getEntryBlock().begin());
  bool Outlined = false;
  for (Piece &P : Pieces)
    Outlined |= outline(F, P, Buffer);
  if (!Outlined) {
    Buffer.Slot->eraseFromParent();
    return false;
  }
  Buffer.Slot->setAllocatedType(ArrayType::get(I8, Buffer.Bytes));
  Buffer.Slot->setAlignment(Buffer.Alignment);
  return true;
}

} // namespace eddy
