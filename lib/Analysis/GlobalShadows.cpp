//===- GlobalShadows.cpp - Shadows of global variables --------------------===//
//
// See Eddy/Analysis/GlobalShadows.h for what gets a shadow and when it is
// zeroed. ActivityInfo treats a shadowed global as active memory (like a
// local array), ShadowMemory maps its address to the lane's shadow, and
// RequestLowering zeroes the intermediates' shadows at each request.
//===----------------------------------------------------------------------===//
#include "Eddy/Analysis/GlobalShadows.h"
#include "Eddy/Analysis/KnownCallees.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

bool canShadowGlobal(const GlobalVariable &G) {
  Type *T = G.getValueType();
  return !G.isConstant() && isDifferentiableType(T) && !hasShadowPointers(T) &&
         !G.getName().contains(".eddy.");
}

namespace {

/// The lane's shadow of \p G, created (zeroed, internal) on first use.
GlobalVariable *shadowGlobal(GlobalVariable &G, unsigned Width, unsigned Lane) {
  Module &M = *G.getParent();
  std::string Name =
      (G.getName() + ".eddy.shadow.w" + Twine(Width) + "." + Twine(Lane)).str();
  if (GlobalVariable *S = M.getNamedGlobal(Name))
    return S;
  auto *S = new GlobalVariable(M, G.getValueType(), /*isConstant=*/false,
                               GlobalValue::InternalLinkage,
                               Constant::getNullValue(G.getValueType()), Name,
                               nullptr, G.getThreadLocalMode());
  S->setAlignment(G.getAlign());
  return S;
}

bool calleeNameContains(const CallBase &CB, StringRef Part) {
  const auto *F =
      dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  return F && F->isDeclaration() && F->getName().contains(Part);
}

/// A constant in [1, Max], or 0.
uint64_t constantIn(Value *V, uint64_t Max) {
  auto *C = dyn_cast<ConstantInt>(V);
  if (!C || C->isNegative() || C->isZero() || C->getZExtValue() > Max)
    return 0;
  return C->getZExtValue();
}

/// Lowers one `__enzyme_shadow(&g, width, lane)`; returns the replacement.
Value *lowerQuery(CallBase &CB, DiagnosticSink &Diags,
                  SetVector<GlobalVariable *> &UserManaged) {
  if (CB.arg_size() != 3 || !CB.getArgOperand(0)->getType()->isPointerTy()) {
    Diags.error(&CB, "__enzyme_shadow takes (&global, width, lane)");
    return nullptr;
  }
  if (CB.getArgOperand(1)->getType()->isPointerTy()) {
    Diags.error(&CB, "__enzyme_shadow with a shadow context (from "
                     "__enzyme_context) is not supported: Eddy keeps one "
                     "shadow per global variable, vector width and lane; ask "
                     "for it with __enzyme_shadow(&global, width, lane)");
    return nullptr;
  }
  const DataLayout &DL = CB.getModule()->getDataLayout();
  APInt Offset(DL.getIndexTypeSizeInBits(CB.getArgOperand(0)->getType()), 0);
  Value *Base = CB.getArgOperand(0)->stripAndAccumulateConstantOffsets(
      DL, Offset, /*AllowNonInbounds=*/true);
  auto *G = dyn_cast<GlobalVariable>(Base);
  if (!G || !isa<Constant>(CB.getArgOperand(0))) {
    Diags.error(&CB, "the first argument of __enzyme_shadow must be the "
                     "address of a global variable, or of a member of one "
                     "at a constant offset");
    return nullptr;
  }
  if (!canShadowGlobal(*G)) {
    Diags.error(&CB, "global variable '" + G->getName() +
                         "' has no shadow: Eddy gives shadows to mutable "
                         "globals of floating-point data only (no pointers, "
                         "not const)");
    return nullptr;
  }
  uint64_t Width = constantIn(CB.getArgOperand(1), 64);
  uint64_t Lane = constantIn(CB.getArgOperand(2), 64);
  if (!Width || (!Lane && !isa<ConstantInt>(CB.getArgOperand(2))) ||
      Lane >= Width) {
    Diags.error(&CB, "__enzyme_shadow needs a constant width (1 to 64) and a "
                     "constant lane below it");
    return nullptr;
  }
  UserManaged.insert(G);
  IRBuilder<> B(&CB);
  return B.CreateConstInBoundsGEP1_64(
      B.getInt8Ty(), shadowGlobal(*G, Width, Lane), Offset.getZExtValue());
}

} // namespace

bool GlobalShadows::lowerQueries(Module &M, DiagnosticSink &Diags,
                                 SetVector<GlobalVariable *> &UserManaged) {
  SmallVector<CallBase *, 4> Calls;
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (calleeNameContains(*CB, "__enzyme_shadow") ||
            calleeNameContains(*CB, "__enzyme_context") ||
            calleeNameContains(*CB, "__enzyme_zero_shadows"))
          Calls.push_back(CB);
  for (CallBase *CB : Calls) {
    Value *New = nullptr;
    if (calleeNameContains(*CB, "__enzyme_shadow"))
      New = lowerQuery(*CB, Diags, UserManaged);
    else if (calleeNameContains(*CB, "__enzyme_context"))
      Diags.error(CB, "__enzyme_context is not supported: Eddy keeps one "
                      "shadow per global variable, vector width and lane, "
                      "with no contexts to choose among; ask for a shadow "
                      "with __enzyme_shadow(&global, width, lane)");
    else
      Diags.error(CB, "__enzyme_zero_shadows is not supported (it zeroes an "
                      "__enzyme_context); zero the shadows that "
                      "__enzyme_shadow(&global, width, lane) returns");
    if (!CB->getType()->isVoidTy())
      CB->replaceAllUsesWith(New ? New : PoisonValue::get(CB->getType()));
    if (auto *II = dyn_cast<InvokeInst>(CB)) {
      II->getUnwindDest()->removePredecessor(II->getParent());
      BranchInst::Create(II->getNormalDest(), II->getIterator());
    }
    Function *Callee =
        cast<Function>(CB->getCalledOperand()->stripPointerCasts());
    CB->eraseFromParent();
    if (Callee->use_empty())
      Callee->eraseFromParent();
  }
  return !Calls.empty();
}

GlobalShadows::GlobalShadows(SetVector<GlobalVariable *> Managed,
                             ArrayRef<Function *> Roots,
                             const Registrations &Regs)
    : UserManaged(std::move(Managed)) {
  findIntermediates(Roots, Regs);
  if (!Roots.empty() && Roots.front())
    findTouching(*Roots.front()->getParent());
}

void GlobalShadows::findTouching(Module &M) {
  if (UserManaged.empty() && Intermediates.empty())
    return;
  auto Uses = [&](Instruction &I) {
    for (Value *Op : I.operands())
      if (Op->getType()->isPointerTy() && isa<Constant>(Op) &&
          has(getUnderlyingObject(Op)))
        return true;
    // Through a pointer a global always holds (see findIntermediates).
    if (auto *LI = dyn_cast<LoadInst>(&I); LI && LI->getType()->isPointerTy())
      if (Constant *C = knownLoadedValue(*LI))
        return has(getUnderlyingObject(C));
    return false;
  };
  for (Function &F : M)
    for (Instruction &I : instructions(F))
      if (Uses(I)) {
        Touching.insert(&F);
        break;
      }
  // Callers of touching functions touch too (the call may read or write the
  // global behind the caller's back).
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (Function &F : M) {
      if (Touching.contains(&F))
        continue;
      for (Instruction &I : instructions(F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        auto *Callee =
            CB ? dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts())
               : nullptr;
        if (Callee && Touching.contains(Callee)) {
          Touching.insert(&F);
          Changed = true;
          break;
        }
      }
    }
  }
}

void GlobalShadows::findIntermediates(ArrayRef<Function *> Roots,
                                      const Registrations &Regs) {
  auto Note = [&](Value *Ptr) {
    Value *Object = getUnderlyingObject(Ptr);
    // A pointer loaded from a global that keeps its initializer is the
    // global that initializer names (Canonicalize.cpp folds the load).
    if (auto *LI = dyn_cast<LoadInst>(Object))
      if (Constant *C = knownLoadedValue(*LI))
        Object = getUnderlyingObject(C);
    auto *G = dyn_cast<GlobalVariable>(Object);
    if (G && canShadowGlobal(*G) && !Regs.isInactiveGlobal(G) &&
        !UserManaged.contains(G))
      Intermediates.insert(G);
  };
  SmallVector<Function *, 8> Work(Roots.begin(), Roots.end());
  SmallPtrSet<Function *, 16> Seen;
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    if (!F || F->isDeclaration() || !Seen.insert(F).second)
      continue;
    const FunctionRules *Rules = Regs.lookup(F);
    if (Rules && Rules->Inactive)
      continue; // Nothing it writes carries a derivative.
    for (Instruction &I : instructions(*F)) {
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Note(SI->getPointerOperand());
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        // Written by memcpy/memset, or by a callee through its address.
        if (isa<DbgInfoIntrinsic>(CB) || CB->isLifetimeStartOrEnd())
          continue;
        for (Value *Arg : CB->args())
          if (Arg->getType()->isPointerTy())
            Note(Arg);
        Work.push_back(originalOfStub(
            dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts())));
      }
    }
  }
}

bool GlobalShadows::has(const Value *G) const {
  auto *GV = dyn_cast<GlobalVariable>(G);
  return GV && (UserManaged.contains(const_cast<GlobalVariable *>(GV)) ||
                Intermediates.contains(const_cast<GlobalVariable *>(GV)));
}

Constant *GlobalShadows::shadowOf(Value *P, unsigned Width,
                                  unsigned Lane) const {
  if (auto *G = dyn_cast<GlobalVariable>(P))
    return has(G) ? shadowGlobal(*G, Width, Lane) : nullptr;
  auto *CE = dyn_cast<ConstantExpr>(P);
  if (!CE || (CE->getOpcode() != Instruction::GetElementPtr && !CE->isCast()))
    return nullptr;
  Constant *Base = shadowOf(CE->getOperand(0), Width, Lane);
  if (!Base)
    return nullptr;
  SmallVector<Constant *, 4> Ops;
  for (Use &U : CE->operands())
    Ops.push_back(cast<Constant>(U.get()));
  Ops[0] = Base;
  return CE->getWithOperands(Ops);
}

void GlobalShadows::refuseNested(
    ArrayRef<std::pair<CallBase *, Function *>> Requests,
    DiagnosticSink &Diags) const {
  if (Touching.empty())
    return;
  // Everything some request differentiates.
  SmallVector<Function *, 8> Work;
  for (auto [CB, Target] : Requests)
    Work.push_back(Target);
  SmallPtrSet<Function *, 16> Reached;
  while (!Work.empty()) {
    Function *F = Work.pop_back_val();
    if (!F || F->isDeclaration() || !Reached.insert(F).second)
      continue;
    for (Instruction &I : instructions(*F))
      if (auto *CB = dyn_cast<CallBase>(&I))
        Work.push_back(originalOfStub(
            dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts())));
  }
  for (auto [CB, Target] : Requests)
    if (Target && Reached.contains(CB->getFunction()) && touches(Target))
      Diags.error(CB, "this request differentiates '" + displayName(*Target) +
                          "', which reads or writes a global variable with a "
                          "shadow, inside code that another request "
                          "differentiates (nested derivatives, e.g. forward "
                          "over reverse): both would use the same shadow of "
                          "the global; pass that data as an argument with "
                          "enzyme_dup instead");
}

void GlobalShadows::zeroIntermediates(IRBuilderBase &B, unsigned Width) const {
  for (GlobalVariable *G : Intermediates) {
    const DataLayout &DL = G->getParent()->getDataLayout();
    uint64_t Size = DL.getTypeAllocSize(G->getValueType());
    for (unsigned L = 0; L < Width; ++L)
      B.CreateMemSet(shadowGlobal(*G, Width, L), B.getInt8(0), Size,
                     G->getAlign());
  }
}

} // namespace eddy
