//===- FloatBitWebs.cpp - Integer phis that carry floating-point bits -----===//
//
// After a small memcpy of a double became `load i64`/`store i64`, GVN's load
// PRE and LICM's promotion may carry the copied bits around a loop in integer
// phis (and selects), fed by `bitcast double %v to i64` on the paths where the
// value was just computed:
//
//     %bits = phi i64 [ %load.i64, %entry ], [ %cast, %latch ]
//     store i64 %bits, ptr %x
//
// Only -O3's pipeline produces this shape for some loops, so leaving it would
// make the verdict depend on the level: the derivative cannot follow integer
// values, and Eddy would refuse the program at -O3 alone. Such a web of phis
// and selects is rewritten to the floating-point type, with loads, stores and
// casts at its boundary retyped. A use that computes on the bits (InstCombine
// turns `signbit(v)` into `icmp slt %bits, 0`, and GVN may then test the
// merged bits) reads them from a bitcast of the retyped value, where the
// bit-test analysis judges it as it judges any value's bits.
//
//===----------------------------------------------------------------------===//
#include "Eddy/Analysis/ElementType.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

namespace {
bool isWebNode(const Value *V, Type *IntTy) {
  return V->getType() == IntTy && (isa<PHINode>(V) || isa<SelectInst>(V));
}

/// One connected web of integer phis/selects, with the floating-point type it
/// carries.
class FloatBitWeb {
public:
  FloatBitWeb(PHINode &Seed) : IntTy(Seed.getType()) { grow(Seed); }

  /// The floating-point type the web's bits hold, if every boundary agrees
  /// and nothing but moves touch them.
  Type *carriedType() const;
  void retype(Type *T);

  const SetVector<Instruction *> &nodes() const { return Nodes; }

private:
  void grow(Instruction &Seed);
  /// Incoming values that are not web nodes.
  SmallVector<Value *, 8> sources() const;

  Type *IntTy;
  SetVector<Instruction *> Nodes;
};

void FloatBitWeb::grow(Instruction &Seed) {
  SmallVector<Instruction *, 8> Work{&Seed};
  while (!Work.empty()) {
    Instruction *I = Work.pop_back_val();
    if (!Nodes.insert(I))
      continue;
    auto Visit = [&](Value *V) {
      if (isWebNode(V, IntTy))
        Work.push_back(cast<Instruction>(V));
    };
    if (auto *Sel = dyn_cast<SelectInst>(I)) {
      Visit(Sel->getTrueValue());
      Visit(Sel->getFalseValue());
    } else {
      for (Value *In : cast<PHINode>(I)->incoming_values())
        Visit(In);
    }
    for (User *U : I->users())
      Visit(U);
  }
}

SmallVector<Value *, 8> FloatBitWeb::sources() const {
  SmallVector<Value *, 8> Out;
  for (Instruction *I : Nodes) {
    auto Add = [&](Value *V) {
      if (!(isa<Instruction>(V) && Nodes.contains(cast<Instruction>(V))))
        Out.push_back(V);
    };
    if (auto *Sel = dyn_cast<SelectInst>(I)) {
      Add(Sel->getTrueValue());
      Add(Sel->getFalseValue());
    } else {
      for (Value *In : cast<PHINode>(I)->incoming_values())
        Add(In);
    }
  }
  return Out;
}

Type *FloatBitWeb::carriedType() const {
  Type *T = nullptr;
  bool Conflict = false;
  auto Note = [&](Type *Seen) {
    if (!Seen || !Seen->isFloatingPointTy() ||
        Seen->getPrimitiveSizeInBits() != IntTy->getPrimitiveSizeInBits())
      Conflict = true;
    else if (T && T != Seen)
      Conflict = true;
    else
      T = Seen;
  };
  for (Value *V : sources()) {
    if (auto *BC = dyn_cast<BitCastInst>(V))
      Note(BC->getSrcTy());
    else if (auto *LI = dyn_cast<LoadInst>(V); LI && LI->isSimple())
      Note(elementTypeOf(LI->getPointerOperand()));
    else if (!isa<Constant>(V))
      return nullptr; // computed bits: not a copy
  }
  for (Instruction *I : Nodes)
    for (User *U : I->users()) {
      if (auto *In = dyn_cast<Instruction>(U); In && Nodes.contains(In))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getValueOperand() != I || !SI->isSimple())
          return nullptr;
        Note(elementTypeOf(SI->getPointerOperand()));
      } else if (isa<BitCastInst>(U)) {
        Note(U->getType());
      }
      // Any other use computes on the bits (a sign test `icmp slt %bits, 0`
      // that InstCombine made of signbit): after retyping it reads them from
      // a bitcast of the floating-point value, where the bit-test analysis
      // accepts a test that only decides and refuses arithmetic, as for any
      // other value.
    }
  return Conflict ? nullptr : T;
}

void FloatBitWeb::retype(Type *T) {
  DenseMap<Value *, Value *> Map;
  SmallVector<LoadInst *, 4> RetypedLoads;
  // New nodes first (phis may refer to each other around loops).
  for (Instruction *I : Nodes) {
    IRBuilder<> B(I);
    if (auto *P = dyn_cast<PHINode>(I))
      Map[I] = B.CreatePHI(T, P->getNumIncomingValues(), P->getName() + ".fp");
  }
  auto Retyped = [&](Value *V) -> Value * {
    if (Value *M = Map.lookup(V))
      return M;
    if (auto *BC = dyn_cast<BitCastInst>(V))
      return Map[V] = BC->getOperand(0);
    if (auto *C = dyn_cast<Constant>(V))
      return Map[V] = ConstantExpr::getBitCast(C, T);
    auto *LI = cast<LoadInst>(V);
    IRBuilder<> B(LI);
    LoadInst *FL = B.CreateAlignedLoad(T, LI->getPointerOperand(), LI->getAlign(),
                                       LI->getName() + ".fp");
    FL->copyMetadata(*LI, {LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
    RetypedLoads.push_back(LI);
    return Map[V] = FL;
  };
  // Selects in program order, so an operand select is built first.
  for (Instruction *I : Nodes)
    if (auto *Sel = dyn_cast<SelectInst>(I)) {
      IRBuilder<> B(Sel);
      Value *TV = Sel->getTrueValue(), *FV = Sel->getFalseValue();
      if (isWebNode(TV, IntTy) && !Map.count(TV))
        continue; // filled in below
      if (isWebNode(FV, IntTy) && !Map.count(FV))
        continue;
      Map[I] = B.CreateSelect(Sel->getCondition(), Retyped(TV), Retyped(FV),
                              Sel->getName() + ".fp");
    }
  // Selects of selects not yet built: repeat until all exist (acyclic).
  for (bool Progress = true; Progress;) {
    Progress = false;
    for (Instruction *I : Nodes)
      if (auto *Sel = dyn_cast<SelectInst>(I); Sel && !Map.count(I)) {
        Value *TV = Sel->getTrueValue(), *FV = Sel->getFalseValue();
        if ((isWebNode(TV, IntTy) && !Map.count(TV)) ||
            (isWebNode(FV, IntTy) && !Map.count(FV)))
          continue;
        IRBuilder<> B(Sel);
        Map[I] = B.CreateSelect(Sel->getCondition(), Retyped(TV), Retyped(FV),
                                Sel->getName() + ".fp");
        Progress = true;
      }
  }
  for (Instruction *I : Nodes)
    if (auto *P = dyn_cast<PHINode>(I)) {
      auto *NP = cast<PHINode>(Map[I]);
      for (unsigned K = 0; K < P->getNumIncomingValues(); ++K)
        NP->addIncoming(Retyped(P->getIncomingValue(K)), P->getIncomingBlock(K));
    }
  // The bits of a retyped node, for uses that compute on them.
  DenseMap<Instruction *, Value *> BitsOf;
  auto Bits = [&](Instruction *I) {
    Value *&V = BitsOf[I];
    if (!V) {
      auto *New = cast<Instruction>(Map[I]);
      IRBuilder<> B(New->getParent(), isa<PHINode>(New)
                                          ? New->getParent()->getFirstNonPHIIt()
                                          : std::next(New->getIterator()));
      V = B.CreateBitCast(New, IntTy, I->getName() + ".bits");
    }
    return V;
  };
  // The boundary: stores and casts of the bits, and the uses that compute
  // on them.
  for (Instruction *I : Nodes)
    for (User *U : make_early_inc_range(I->users())) {
      if (auto *In = dyn_cast<Instruction>(U); In && Nodes.contains(In))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        IRBuilder<> B(SI);
        StoreInst *FS = B.CreateAlignedStore(Map[I], SI->getPointerOperand(),
                                             SI->getAlign());
        FS->copyMetadata(*SI, {LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
        SI->eraseFromParent();
      } else if (isa<BitCastInst>(U) && U->getType() == T) {
        U->replaceAllUsesWith(Map[I]);
        cast<Instruction>(U)->eraseFromParent();
      } else {
        U->replaceUsesOfWith(I, Bits(I));
      }
    }
  for (Instruction *I : Nodes)
    I->dropAllReferences();
  for (Instruction *I : Nodes)
    I->eraseFromParent();
  // Integer loads whose bits only fed the web are dead now.
  for (LoadInst *LI : RetypedLoads)
    if (LI->use_empty())
      LI->eraseFromParent();
}
} // namespace

bool retypeFloatBitPhis(Function &F) {
  SmallVector<PHINode *, 8> Seeds;
  for (Instruction &I : instructions(F))
    if (auto *P = dyn_cast<PHINode>(&I))
      if (P->getType()->isIntegerTy(32) || P->getType()->isIntegerTy(64))
        Seeds.push_back(P);
  SmallPtrSet<Instruction *, 16> Done;
  bool Changed = false;
  for (PHINode *P : Seeds) {
    if (Done.contains(P))
      continue;
    FloatBitWeb Web(*P);
    Done.insert(Web.nodes().begin(), Web.nodes().end());
    if (Type *T = Web.carriedType()) {
      Web.retype(T);
      Changed = true;
    }
  }
  return Changed;
}

} // namespace eddy
