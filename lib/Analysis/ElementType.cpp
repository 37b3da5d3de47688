//===- ElementType.cpp - What memory holds, from its uses -----------------===//
#include "Eddy/Analysis/ElementType.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ValueHandle.h"
#include <functional>

using namespace llvm;

namespace eddy {

/// The loads \p V is, looking through phis and selects (-O2 duplicates a
/// field's load into both arms of UBSan's checks).
static SmallVector<LoadInst *, 4> fieldLoadsOf(Value *V) {
  SmallVector<LoadInst *, 4> Loads;
  SmallVector<Value *, 4> Work{V};
  SmallPtrSet<Value *, 8> Visited;
  while (!Work.empty() && Visited.size() < 16) {
    Value *W = Work.pop_back_val();
    if (!Visited.insert(W).second)
      continue;
    if (auto *LI = dyn_cast<LoadInst>(W))
      Loads.push_back(LI);
    else if (auto *Phi = dyn_cast<PHINode>(W))
      append_range(Work, Phi->incoming_values());
    else if (auto *Sel = dyn_cast<SelectInst>(W))
      Work.append({Sel->getTrueValue(), Sel->getFalseValue()});
  }
  return Loads;
}

namespace {
/// Gathers the types the memory behind a pointer is accessed as.
class AccessTypes {
public:
  /// Notes what \p Ptr's allocation and uses say. A pointer that comes in as
  /// an argument and says nothing locally (a C++ helper at -O0 that only
  /// memcpys a struct) asks the function's call sites, up to \p Depth
  /// levels of callers.
  void collect(Value *Ptr, unsigned Depth);
  Type *unique() const;

private:
  void note(Type *T);
  bool informative() const {
    return any_of(Seen, [](Type *T) { return !T->isIntegerTy(); });
  }
  void collectFromCallers(Argument &A, unsigned Depth);
  void collectFromField(LoadInst &Load, unsigned Depth);
  void collectFieldLoads(Value *Object, int64_t Offset, LoadInst *Except,
                         unsigned Depth);

  SmallVector<Type *, 8> Seen;
  SmallPtrSet<Value *, 8> FieldsSeen;
};

void AccessTypes::note(Type *T) {
  // Arrays and vectors (a float complex is read as <2 x float>) hold their
  // element type.
  while (isa<ArrayType>(T) || isa<VectorType>(T))
    T = isa<ArrayType>(T) ? T->getArrayElementType()
                          : cast<VectorType>(T)->getElementType();
  if (auto *ST = dyn_cast<StructType>(T)) {
    for (Type *E : ST->elements())
      if (!E->isIntegerTy())
        note(E);
    return;
  }
  Seen.push_back(T);
}

void AccessTypes::collect(Value *Ptr, unsigned Depth) {
  Value *Base = getUnderlyingObject(Ptr);
  if (auto *AI = dyn_cast<AllocaInst>(Base))
    note(AI->getAllocatedType());
  SmallVector<Value *, 8> Work = {Base, Ptr};
  SmallPtrSet<Value *, 16> Visited;
  while (!Work.empty() && Visited.size() < 64) {
    Value *V = Work.pop_back_val();
    if (!Visited.insert(V).second)
      continue;
    for (User *U : V->users()) {
      if (auto *LI = dyn_cast<LoadInst>(U))
        note(LI->getType());
      else if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getPointerOperand() == V)
          note(SI->getValueOperand()->getType());
      } else if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        note(GEP->getResultElementType());
        Work.push_back(GEP);
      } else if (isa<PHINode>(U) || isa<SelectInst>(U)) {
        Work.push_back(cast<Instruction>(U)); // A buffer that moves (realloc).
      } else if (auto *MT = dyn_cast<MemTransferInst>(U)) {
        // Copied bytes are the same data: how the other side is accessed
        // tells their type (a std::vector copied into a fresh `new` block
        // that only the copy's own copy reads, once the constructors are
        // inlined).
        Value *Other = MT->getRawDest() == V ? MT->getRawSource() : MT->getRawDest();
        Work.push_back(Other);
        Work.push_back(getUnderlyingObject(Other));
      }
    }
  }
  if (auto *A = dyn_cast<Argument>(Base); A && Depth > 0 && !informative())
    collectFromCallers(*A, Depth - 1);
  if (Depth > 0 && !informative() && Base->getType()->isPointerTy())
    for (LoadInst *LI : fieldLoadsOf(Base))
      collectFromField(*LI, Depth - 1);
}

} // namespace

void forEachCallerArgument(Argument &A, function_ref<void(Value *)> Fn) {
  Function *F = A.getParent();
  if (Module *M = F->getParent())
    if (F->getName().ends_with(".eddy.primal"))
      if (Function *Orig = M->getFunction(F->getName().drop_back(strlen(".eddy.primal"))))
        F = Orig;
  for (User *U : F->users())
    if (auto *CB = dyn_cast<CallBase>(U);
        CB && CB->getCalledOperand() == F && A.getArgNo() < CB->arg_size())
      Fn(CB->getArgOperand(A.getArgNo()));
}

namespace {

void AccessTypes::collectFromCallers(Argument &A, unsigned Depth) {
  forEachCallerArgument(A, [&](Value *V) { collect(V, Depth); });
}

/// A pointer loaded from a field and only copied (a std::vector's begin,
/// memmoved by its copy constructor when UBSan's checks keep the
/// constructor out of line) says nothing itself. The same field loaded
/// elsewhere does: in this function, or, where the object is an argument,
/// in the callers that pass it (the vector's owner reads its elements).
void AccessTypes::collectFromField(LoadInst &Load, unsigned Depth) {
  const DataLayout &DL = Load.getModule()->getDataLayout();
  Value *Addr = Load.getPointerOperand();
  APInt Off(DL.getIndexTypeSizeInBits(Addr->getType()), 0);
  Value *Object =
      Addr->stripAndAccumulateConstantOffsets(DL, Off, /*AllowNonInbounds=*/true);
  collectFieldLoads(Object, Off.getSExtValue(), &Load, Depth);
}

/// Notes how the pointers loaded from \p Object + \p Offset (other than
/// \p Except) are used, following \p Object to the callers' arguments.
void AccessTypes::collectFieldLoads(Value *Object, int64_t Offset,
                                    LoadInst *Except, unsigned Depth) {
  if (!FieldsSeen.insert(Object).second)
    return;
  const DataLayout *DL = nullptr;
  if (auto *I = dyn_cast<Instruction>(Object))
    DL = &I->getModule()->getDataLayout();
  else if (auto *A = dyn_cast<Argument>(Object))
    DL = &A->getParent()->getParent()->getDataLayout();
  if (!DL)
    return;
  SmallVector<std::pair<Value *, int64_t>, 8> Work{{Object, 0}};
  SmallPtrSet<Value *, 16> Visited;
  while (!Work.empty() && Visited.size() < 64) {
    auto [V, Off] = Work.pop_back_val();
    if (!Visited.insert(V).second)
      continue;
    for (User *U : V->users()) {
      if (auto *LI = dyn_cast<LoadInst>(U)) {
        if (LI != Except && Off == Offset && LI->getType()->isPointerTy())
          collect(LI, /*Depth=*/0);
      } else if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        APInt Delta(DL->getIndexTypeSizeInBits(GEP->getType()), 0);
        if (GEP->getPointerOperand() == V && GEP->accumulateConstantOffset(*DL, Delta))
          Work.push_back({GEP, Off + Delta.getSExtValue()});
      }
    }
  }
  if (auto *A = dyn_cast<Argument>(Object); A && Depth > 0)
    forEachCallerArgument(*A, [&](Value *V) {
      const DataLayout &CDL = *DL;
      APInt Off(CDL.getIndexTypeSizeInBits(V->getType()), 0);
      Value *Caller =
          V->stripAndAccumulateConstantOffsets(CDL, Off, /*AllowNonInbounds=*/true);
      collectFieldLoads(Caller, Offset + Off.getSExtValue(), nullptr, Depth - 1);
    });
}

Type *AccessTypes::unique() const {
  Type *Found = nullptr;
  for (Type *T : Seen) {
    if (T->isIntegerTy())
      continue; // Index arithmetic through i8 GEPs says nothing.
    if (!T->isFloatingPointTy() && !T->isPointerTy())
      return nullptr;
    if (Found && Found != T)
      return nullptr;
    Found = T;
  }
  return Found;
}
} // namespace

Type *elementTypeOf(Value *Ptr) {
  AccessTypes Types;
  Types.collect(Ptr, /*Depth=*/4);
  return Types.unique();
}

/// The floating-point type C++ spells \p Name, if it is one.
static Type *floatingPointNamed(StringRef Name, LLVMContext &C) {
  return StringSwitch<Type *>(Name.trim())
      .Case("double", Type::getDoubleTy(C))
      .Case("float", Type::getFloatTy(C))
      .Default(nullptr);
}

/// The element type the C++ standard library's own names give a memmove in
/// \p Name (a function, or a function inlined into it), when it is a
/// floating-point type:
///  - a member of std::vector<E> (libstdc++ or libc++): a vector of a
///    trivially copyable E copies its elements with one memmove;
///  - libstdc++'s std::__copy_move<...>::__copy_m<T> and __copy_move_b<T>,
///    which std::copy, std::move and their _backward forms reach for a range
///    of trivially copyable T: `memmove(result, first, sizeof(T) * n)`.
static Type *standardLibraryElement(StringRef Name, LLVMContext &C) {
  std::string Demangled = demangle(Name);
  StringRef D(Demangled);
  if (D.consume_front("std::vector<") || D.consume_front("std::__1::vector<"))
    return floatingPointNamed(D.take_until([](char Ch) { return Ch == ','; }), C);
  for (StringRef Copy : {"__copy_m<", "__copy_move_b<"}) {
    size_t At = D.find(Copy);
    if (At == StringRef::npos)
      continue;
    StringRef Arg = D.drop_front(At + Copy.size());
    return floatingPointNamed(Arg.take_until([](char Ch) { return Ch == '>'; }), C);
  }
  return nullptr;
}

Type *copiedElementType(CallBase &Copy) {
  if (Type *T = elementTypeOf(Copy.getArgOperand(0)))
    return T;
  if (Type *T = elementTypeOf(Copy.getArgOperand(1)))
    return T;
  // Out of line, or with its callers' typed accesses out of sight (UBSan's
  // checks keep std::vector's copy constructor out of line at -O3; a lambda
  // copying a captured vector hands the copy to another request), nothing
  // near a standard container's memmove says what the bytes are; the
  // library's names do. Where the memmove was inlined from: its debug
  // location's scopes (the plugin tracks locations even without -g).
  LLVMContext &C = Copy.getContext();
  for (const DILocation *L = Copy.getDebugLoc(); L; L = L->getInlinedAt())
    if (const DISubprogram *SP = L->getScope()->getSubprogram())
      if (Type *T = standardLibraryElement(SP->getName(), C))
        return T;
  StringRef Name = Copy.getFunction()->getName();
  return standardLibraryElement(Name.substr(0, Name.find(".eddy.")), C);
}

/// An integer load of several floating-point elements whose every use picks
/// one element out (trunc, or lshr by a multiple of the element's width then
/// trunc, then bitcast to the element type) or stores the whole value becomes
/// one load per element, and each such store one store per element. (A small
/// memcpy whose destination is still read in memory, as UBSan's checks keep
/// it, is both stored and picked apart.) Phis that merge such loads (the same
/// memcpy on both sides of a branch, its value picked apart after the join)
/// become one phi per element; the loads they merge are split with them.
static bool splitIntegerLoad(LoadInst &LI, Type *T) {
  const DataLayout &DL = LI.getModule()->getDataLayout();
  unsigned Bits = DL.getTypeSizeInBits(T).getFixedValue();
  Type *WideTy = LI.getType();
  unsigned Width = WideTy->getIntegerBitWidth();
  if (!DL.isLittleEndian() || Width % Bits)
    return false;
  // The web: the wide loads and the phis that merge them.
  SmallVector<Instruction *, 4> Web{&LI};
  SmallPtrSet<Instruction *, 4> InWeb{&LI};
  auto Join = [&](Value *V) {
    auto *I = dyn_cast<Instruction>(V);
    auto *L = dyn_cast_or_null<LoadInst>(I);
    if (!I || I->getType() != WideTy || !(isa<PHINode>(I) || (L && L->isSimple())))
      return false;
    if (InWeb.insert(I).second)
      Web.push_back(I);
    return Web.size() <= 32;
  };
  struct Pick {
    Instruction *Use; // A bitcast to T, or a store of the piece.
    Instruction *Node;
    uint64_t Offset;
  };
  SmallVector<Pick, 4> Picks, PieceStores;
  SmallVector<std::pair<StoreInst *, Instruction *>, 2> Stores;
  for (unsigned K = 0; K < Web.size(); ++K) {
    Instruction *N = Web[K];
    if (auto *Phi = dyn_cast<PHINode>(N))
      for (Value *In : Phi->incoming_values())
        if (!Join(In))
          return false;
    for (User *U : N->users()) {
      if (isa<PHINode>(U)) {
        if (!Join(U))
          return false;
        continue;
      }
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getValueOperand() != N || !SI->isSimple())
          return false;
        Stores.push_back({SI, N});
        continue;
      }
      uint64_t Shift = 0;
      Instruction *Step = cast<Instruction>(U);
      if (auto *Sh = dyn_cast<BinaryOperator>(Step)) {
        auto *C = dyn_cast<ConstantInt>(Sh->getOperand(1));
        if (Sh->getOpcode() != Instruction::LShr || !C || C->getZExtValue() % Bits ||
            !Sh->hasOneUse())
          return false;
        Shift = C->getZExtValue();
        Step = cast<Instruction>(*Sh->user_begin());
      }
      if (Bits == Width && isa<BitCastInst>(Step) && Step->getType() == T) {
        Picks.push_back({Step, N, 0}); // Same width: the value is one element.
        continue;
      }
      auto *Tr = dyn_cast<TruncInst>(Step);
      if (!Tr || Tr->getType()->getIntegerBitWidth() != Bits)
        return false;
      for (User *TU : Tr->users()) {
        if (auto *PS = dyn_cast<StoreInst>(TU);
            PS && PS->getValueOperand() == Tr && PS->isSimple()) {
          PieceStores.push_back({PS, N, Shift / 8});
          continue;
        }
        auto *BC = dyn_cast<BitCastInst>(TU);
        if (!BC || BC->getType() != T)
          return false;
        Picks.push_back({BC, N, Shift / 8});
      }
    }
  }
  // One element per (node, offset): a load where the wide load was, a phi
  // where the wide phi was (made before its incoming values, for cycles).
  DenseMap<std::pair<Instruction *, uint64_t>, Value *> Elements;
  std::function<Value *(Instruction *, uint64_t)> Element =
      [&](Instruction *N, uint64_t Offset) -> Value * {
    Value *&E = Elements[{N, Offset}];
    if (E)
      return E;
    if (auto *L = dyn_cast<LoadInst>(N)) {
      IRBuilder<> B(L);
      Value *P = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(), L->getPointerOperand(),
                                              Offset);
      return E = B.CreateAlignedLoad(T, P, commonAlignment(L->getAlign(), Offset),
                                     L->getName() + ".elt");
    }
    auto *Phi = cast<PHINode>(N);
    PHINode *New = PHINode::Create(T, Phi->getNumIncomingValues(),
                                   Phi->getName() + ".elt");
    New->insertBefore(Phi->getParent()->getFirstNonPHIIt());
    E = New;
    for (unsigned I = 0; I < Phi->getNumIncomingValues(); ++I)
      New->addIncoming(Element(cast<Instruction>(Phi->getIncomingValue(I)), Offset),
                       Phi->getIncomingBlock(I));
    return New;
  };
  for (const Pick &P : Picks)
    P.Use->replaceAllUsesWith(Element(P.Node, P.Offset));
  for (auto [SI, N] : Stores) {
    IRBuilder<> B(SI);
    for (uint64_t Offset = 0; Offset < Width / 8; Offset += Bits / 8) {
      Value *P = B.CreateConstInBoundsGEP1_64(B.getInt8Ty(),
                                              SI->getPointerOperand(), Offset);
      B.CreateAlignedStore(Element(N, Offset), P,
                           commonAlignment(SI->getAlign(), Offset));
    }
    SI->eraseFromParent();
  }
  SmallVector<Instruction *, 8> Pieces; // The truncs, then the shifts.
  for (const Pick &P : PieceStores) {
    auto *PS = cast<StoreInst>(P.Use);
    IRBuilder<> B(PS);
    B.CreateAlignedStore(Element(P.Node, P.Offset), PS->getPointerOperand(),
                         PS->getAlign());
    Pieces.push_back(cast<Instruction>(PS->getValueOperand()));
    PS->eraseFromParent();
  }
  for (const Pick &P : Picks) {
    if (P.Use->getOperand(0) != P.Node)
      Pieces.push_back(cast<Instruction>(P.Use->getOperand(0)));
    P.Use->eraseFromParent();
  }
  // The picks are dead now; so, once they are gone, is the web.
  for (unsigned K = 0; K < Pieces.size(); ++K) {
    Instruction *P = Pieces[K];
    // Seen before (and maybe erased): a trunc with several uses, a shift
    // reached through one trunc only once.
    if (is_contained(make_range(Pieces.begin(), Pieces.begin() + K), P) ||
        InWeb.contains(P) || !P->use_empty())
      continue;
    if (auto *Sh = dyn_cast<Instruction>(P->getOperand(0)); Sh && !InWeb.contains(Sh))
      Pieces.push_back(Sh);
    P->eraseFromParent();
  }
  for (Instruction *N : Web)
    N->dropAllReferences();
  for (Instruction *N : Web)
    N->eraseFromParent();
  return true;
}

/// What the front end's type-based alias metadata says \p I accesses: the
/// name of its scalar type (Clang gives unsigned types their signed name).
static bool tbaaSaysInteger(const Instruction &I) {
  const MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa);
  if (!Tag || Tag->getNumOperands() < 2)
    return false;
  // Struct-path tags are (base type, access type, offset); the access type
  // node starts with its name.
  const auto *Type = dyn_cast<MDNode>(Tag->getOperand(1));
  const MDString *Name =
      Type && Type->getNumOperands() ? dyn_cast<MDString>(Type->getOperand(0))
                                     : dyn_cast<MDString>(Tag->getOperand(0));
  if (!Name)
    return false;
  return StringSwitch<bool>(Name->getString())
      .Cases("short", "int", "long", "long long", "__int128", true)
      .Default(false);
}

/// Does any floating-point access through \p Base's constant offsets overlap
/// the bytes [Begin, End)? Accesses at offsets Eddy cannot compute (a
/// variable index) count wherever they are.
static bool floatingPointOverlaps(Value *Base, int64_t Begin, int64_t End,
                                  const DataLayout &DL) {
  SmallVector<std::pair<Value *, std::optional<int64_t>>, 8> Work{{Base, 0}};
  SmallPtrSet<Value *, 16> Visited;
  auto Overlaps = [&](std::optional<int64_t> Off, Type *T) {
    if (!isDifferentiableType(T)) // No floating-point member.
      return false;
    if (!Off)
      return true;
    int64_t Size = DL.getTypeStoreSize(T).getFixedValue();
    return *Off < End && Begin < *Off + Size;
  };
  while (!Work.empty() && Visited.size() < 128) {
    auto [V, Off] = Work.pop_back_val();
    if (!Visited.insert(V).second)
      continue;
    for (User *U : V->users()) {
      if (auto *LI = dyn_cast<LoadInst>(U)) {
        if (Overlaps(Off, LI->getType()))
          return true;
      } else if (auto *SI = dyn_cast<StoreInst>(U)) {
        Type *T = SI->getValueOperand()->getType();
        if (SI->getPointerOperand() == V && Overlaps(Off, T))
          return true;
      } else if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        APInt Delta(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        std::optional<int64_t> Next;
        if (Off && GEP->accumulateConstantOffset(DL, Delta))
          Next = *Off + Delta.getSExtValue();
        Work.push_back({GEP, Next});
      } else if (isa<CastInst>(U)) {
        Work.push_back({U, Off});
      }
    }
  }
  return false;
}

bool copiesIntegerField(LoadInst &LI, StoreInst &SI) {
  auto DeclaredInteger = [](Instruction &I, Value *Ptr, Type *T) {
    if (tbaaSaysInteger(I))
      return true;
    auto *GEP = dyn_cast<GetElementPtrInst>(Ptr);
    return GEP && GEP->getResultElementType() == T;
  };
  // The value itself computed on as an integer (`b->hi = a->lo; n = a->lo
  // + 1`, one load after CSE): at -O0 there is no type-based metadata, and
  // a first field's address is the struct's own.
  auto ComputedOn = [](const LoadInst &L) {
    return any_of(L.users(), [&](const User *U) {
      if (isa<BinaryOperator>(U) || isa<ICmpInst>(U) || isa<SwitchInst>(U) ||
          isa<TruncInst>(U) || isa<SExtInst>(U) || isa<ZExtInst>(U))
        return true;
      auto *GEP = dyn_cast<GetElementPtrInst>(U);
      return GEP && GEP->getPointerOperand() != &L; // an index
    });
  };
  // ... or another load of the same address (UBSan's checks keep the
  // copied load and the computed one apart at -O0).
  auto ComputedOnAt = [&](Value *Ptr, Type *T) {
    return any_of(Ptr->users(), [&](User *U) {
      auto *L = dyn_cast<LoadInst>(U);
      return L && L->getPointerOperand() == Ptr && L->getType() == T &&
             ComputedOn(*L);
    });
  };
  Type *T = LI.getType();
  if (!DeclaredInteger(LI, LI.getPointerOperand(), T) &&
      !DeclaredInteger(SI, SI.getPointerOperand(), T) &&
      !ComputedOnAt(LI.getPointerOperand(), T) &&
      !ComputedOnAt(SI.getPointerOperand(), T))
    return false;
  const DataLayout &DL = LI.getModule()->getDataLayout();
  int64_t Size = DL.getTypeStoreSize(T).getFixedValue();
  for (Value *Ptr : {LI.getPointerOperand(), SI.getPointerOperand()}) {
    APInt Off(DL.getIndexTypeSizeInBits(Ptr->getType()), 0);
    Value *Base = Ptr->stripAndAccumulateConstantOffsets(
        DL, Off, /*AllowNonInbounds=*/true);
    int64_t Begin = Off.getSExtValue();
    if (floatingPointOverlaps(Base, Begin, Begin + Size, DL))
      return false;
  }
  return true;
}

bool retypeIntegerCopies(Function &F) {
  // Weak handles: splitting a load may split (and erase) others it merges with.
  SmallVector<WeakVH, 8> Loads;
  for (Instruction &I : instructions(F))
    if (auto *LI = dyn_cast<LoadInst>(&I))
      if (LI->getType()->isIntegerTy() && LI->isSimple())
        Loads.push_back(LI);
  const DataLayout &DL = F.getParent()->getDataLayout();
  bool Changed = false;
  for (WeakVH &Handle : Loads) {
    auto *LI = cast_or_null<LoadInst>(Handle);
    if (!LI)
      continue;
    // What the source holds, or else what the copy's destinations hold.
    Type *T = elementTypeOf(LI->getPointerOperand());
    for (User *U : LI->users())
      if (auto *SI = dyn_cast<StoreInst>(U); SI && !T)
        T = elementTypeOf(SI->getPointerOperand());
    if (!T || !(T->isFloatingPointTy() || T->isPointerTy()))
      continue;
    // A pointer copied as an integer (an 8-byte memcpy of a lambda that
    // captures by reference) is copied as a pointer, so that its shadow goes
    // with it; as an integer, the copy's pointer had a null shadow.
    const bool Pointer = T->isPointerTy();
    if (Pointer && DL.getTypeStoreSize(T) != DL.getTypeStoreSize(LI->getType()))
      continue;
    if (DL.getTypeStoreSize(T) != DL.getTypeStoreSize(LI->getType())) {
      Changed |= splitIntegerLoad(*LI, T);
      continue;
    }
    // Only pure copies and reinterpretations: every use stores the bits or
    // bitcasts them to the same floating-point type.
    bool Copy = all_of(LI->users(), [&](User *U) {
      if (auto *SI = dyn_cast<StoreInst>(U))
        return SI->getValueOperand() == LI && SI->isSimple();
      return (isa<BitCastInst>(U) || isa<IntToPtrInst>(U)) && U->getType() == T;
    });
    if (!Copy && Pointer)
      continue;
    if (!Copy) {
      Changed |= splitIntegerLoad(*LI, T);
      continue;
    }
    IRBuilder<> B(LI);
    LoadInst *FL = B.CreateAlignedLoad(T, LI->getPointerOperand(), LI->getAlign(),
                                       LI->getName());
    FL->copyMetadata(*LI, {LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
    for (User *U : make_early_inc_range(LI->users())) {
      if (auto *SI = dyn_cast<StoreInst>(U)) {
        IRBuilder<> SB(SI);
        StoreInst *FS = SB.CreateAlignedStore(FL, SI->getPointerOperand(),
                                              SI->getAlign());
        FS->copyMetadata(*SI, {LLVMContext::MD_alias_scope, LLVMContext::MD_noalias});
        SI->eraseFromParent();
      } else {
        U->replaceAllUsesWith(FL);
        cast<Instruction>(U)->eraseFromParent();
      }
    }
    LI->eraseFromParent();
    Changed = true;
  }
  return Changed;
}

} // namespace eddy
