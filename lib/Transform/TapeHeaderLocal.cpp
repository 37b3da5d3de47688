//===- TapeHeaderLocal.cpp - A sweep keeps its tape's header in a local ---===//
//
// A sweep receives its tape as a pointer to the header { Data, Size,
// Capacity } (Tape.h) and every push or pop loads Size and Data from it and
// stores Size back. In a function of many blocks that is a load and a store
// of the same two words in each block, which LLVM must prove redundant
// itself: GVN's leader search and DSE's walk over the 2,000-way memory phi
// of a large `switch` made them quadratic (issue 12: switch 10,000 at -O2,
// DSE 2.0 s and GVN 0.8 s on one reverse sweep).
//
// Nothing but the sweep and the callees it hands the tape to can see the
// header (tape memory is private to Eddy, Tape.h), so the sweep can work on
// a copy in a local: copied in at entry, written back before each call that
// receives the header (a callee's sweep, the grow path) and before returning,
// and read again after such a call. SROA then turns the local into SSA values
// in linear time, and the loads and stores LLVM had to remove are gone.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/Tape.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

namespace {
/// The accesses of one header pointer, when it is used only as a tape
/// header: field addresses whose users load and store, direct loads and
/// stores (field 0), and call arguments.
struct HeaderUses {
  SmallVector<Instruction *, 16> Accesses; ///< GEPs, loads, stores.
  SmallVector<CallInst *, 4> Calls;
  unsigned Read = 0, Written = 0; ///< Bit masks of fields.
};
} // namespace

/// The field a header access through \p Ptr (the header or one of its field
/// addresses) touches; Ptr is \p Header or a constant struct GEP of it.
static std::optional<unsigned> fieldOf(Value *Ptr, Value *Header,
                                       StructType *TT) {
  if (Ptr == Header)
    return 0;
  auto *GEP = cast<GetElementPtrInst>(Ptr);
  if (GEP->getSourceElementType() != TT || GEP->getNumIndices() != 2)
    return std::nullopt;
  auto *Zero = dyn_cast<ConstantInt>(GEP->getOperand(1));
  auto *Field = dyn_cast<ConstantInt>(GEP->getOperand(2));
  if (!Zero || !Zero->isZero() || !Field || Field->getZExtValue() > 2)
    return std::nullopt;
  return Field->getZExtValue();
}

/// Whether \p I, a use of \p Ptr, is a plain access of a header field
/// (recorded in \p U), as Tape emits them.
static bool recordAccess(Instruction *I, Value *Ptr, Value *Header,
                         StructType *TT, const TapeScopes &Scopes,
                         HeaderUses &U) {
  auto IsHeaderAccess = [&](Instruction *A) {
    return A->getMetadata(LLVMContext::MD_alias_scope) == Scopes.HeaderList;
  };
  std::optional<unsigned> Field = fieldOf(Ptr, Header, TT);
  if (!Field)
    return false;
  Type *FieldTy = TT->getElementType(*Field);
  if (auto *L = dyn_cast<LoadInst>(I);
      L && L->isSimple() && L->getType() == FieldTy && IsHeaderAccess(L)) {
    U.Read |= 1u << *Field;
    U.Accesses.push_back(L);
    return true;
  }
  if (auto *S = dyn_cast<StoreInst>(I);
      S && S->isSimple() && S->getPointerOperand() == Ptr &&
      S->getValueOperand()->getType() == FieldTy && IsHeaderAccess(S)) {
    U.Written |= 1u << *Field;
    U.Accesses.push_back(S);
    return true;
  }
  return false;
}

static std::optional<HeaderUses> headerUses(Argument &Header,
                                            const TapeScopes &Scopes) {
  StructType *TT = Tape::getType(Header.getContext());
  HeaderUses U;
  bool Accessed = false;
  for (User *Usr : Header.users()) {
    auto *I = cast<Instruction>(Usr);
    if (auto *CI = dyn_cast<CallInst>(I)) {
      if (CI->isMustTailCall() || CI->getCalledOperand() == &Header)
        return std::nullopt;
      if (!is_contained(U.Calls, CI)) // (The header passed twice.)
        U.Calls.push_back(CI);
      continue;
    }
    if (auto *GEP = dyn_cast<GetElementPtrInst>(I)) {
      if (!fieldOf(GEP, &Header, TT))
        return std::nullopt;
      for (User *GU : GEP->users())
        if (!recordAccess(cast<Instruction>(GU), GEP, &Header, TT, Scopes, U))
          return std::nullopt;
      U.Accesses.push_back(GEP);
      Accessed = true;
      continue;
    }
    if (!recordAccess(I, &Header, &Header, TT, Scopes, U))
      return std::nullopt;
    Accessed = true;
  }
  if (!Accessed)
    return std::nullopt;
  // No field written before it is read: every field the sweep touches is
  // copied in at entry (a write-only Size would otherwise go back unset).
  U.Read |= U.Written;
  return U;
}

/// Copies the fields in \p Mask from \p From to \p To (header field
/// addresses built at \p B).
static void copyFields(IRBuilderBase &B, StructType *TT, Value *From,
                       Value *To, unsigned Mask, const TapeScopes &Scopes) {
  for (unsigned Field = 0; Field != 3; ++Field) {
    if (!(Mask & (1u << Field)))
      continue;
    Type *Ty = TT->getElementType(Field);
    LoadInst *L = B.CreateLoad(Ty, B.CreateStructGEP(TT, From, Field));
    StoreInst *S = B.CreateStore(L, B.CreateStructGEP(TT, To, Field));
    for (Instruction *A : {(Instruction *)L, (Instruction *)S}) {
      A->setMetadata(LLVMContext::MD_alias_scope, Scopes.HeaderList);
      A->setMetadata(LLVMContext::MD_noalias, Scopes.DataList);
    }
  }
}

static bool localize(Function &F, Argument &Header, const TapeScopes &Scopes) {
  std::optional<HeaderUses> U = headerUses(Header, Scopes);
  if (!U)
    return false;
  StructType *TT = Tape::getType(F.getContext());
  IRBuilder<> B(&F.getEntryBlock(), F.getEntryBlock().begin());
  AllocaInst *Local = B.CreateAlloca(TT, nullptr, "eddy.tape.local");
  copyFields(B, TT, &Header, Local, U->Read, Scopes);
  // The field addresses, and the direct accesses of field 0 (accesses
  // through a field address follow it).
  for (Instruction *I : U->Accesses) {
    if (isa<GetElementPtrInst>(I))
      I->setOperand(0, Local);
    else if (auto *L = dyn_cast<LoadInst>(I);
             L && L->getPointerOperand() == &Header)
      L->setOperand(L->getPointerOperandIndex(), Local);
    else if (auto *S = dyn_cast<StoreInst>(I);
             S && S->getPointerOperand() == &Header)
      S->setOperand(S->getPointerOperandIndex(), Local);
  }
  // The callee sees the sweep's pushes so far; the sweep, the callee's.
  for (CallInst *CI : U->Calls) {
    B.SetInsertPoint(CI);
    copyFields(B, TT, Local, &Header, U->Written, Scopes);
    B.SetInsertPoint(CI->getNextNode());
    copyFields(B, TT, &Header, Local, U->Read, Scopes);
  }
  for (BasicBlock &BB : F)
    if (auto *Ret = dyn_cast<ReturnInst>(BB.getTerminator())) {
      B.SetInsertPoint(Ret);
      copyFields(B, TT, Local, &Header, U->Written, Scopes);
    }
  return true;
}

bool localizeTapeHeader(Function &F, const TapeScopes &Scopes) {
  if (F.isDeclaration() || !Scopes) // (Header accesses carry the scopes.)
    return false;
  // (An invoke receiving the header is not localized: it is no plain
  // access. A sweep unwinding out of a call leaves Size behind, which only
  // the abandoned gradient would have read.)
  bool Changed = false;
  for (Argument &A : F.args())
    if (A.getType()->isPointerTy() && !A.use_empty())
      Changed |= localize(F, A, Scopes);
  return Changed;
}

} // namespace eddy
