//===- NamedDerivatives.cpp - Declared derivatives become request calls ---===//
//
// For   void loss_grad(w, d_w, x, n)  declared as the gradient of loss with
// activity "dcc"... the body written here is
//
//   __enzyme_autodiff.eddy.named(loss, enzyme_dup, w, d_w, enzyme_const, x,
//                                enzyme_const, n)
//
// with the adjoints of active scalars (returned by the request) added into
// their pointers. A seeded adjoint (eddy_adjoint_of) of a function returning
// a floating-point value has one more parameter, the result's cotangent
// d_ret; the request then differentiates `f.eddy.seeded(args..., d_ret) =
// f(args...) * d_ret` with d_ret constant, whose reverse sweep starts from
// d_ret where the gradient's starts from 1 (the same sweep, other seed). The Clang plugin checked the declared signature against the
// rule; the IR signature is checked again here because a declaration seen
// only by the IR (hand-written .ll) has had no such check.
//===----------------------------------------------------------------------===//
#include "Eddy/Request/NamedDerivatives.h"
#include "Eddy/Analysis/Registrations.h"
#include "llvm/IR/Instructions.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace eddy {
namespace {

/// The marker global \p Name (an `extern int`, declared if missing).
Value *marker(Module &M, StringRef Name) {
  return M.getOrInsertGlobal(Name, Type::getInt32Ty(M.getContext()));
}

class NamedDerivativeBuilder {
public:
  NamedDerivativeBuilder(Module &M, const NamedDerivative &ND)
      : M(M), ND(ND), G(*ND.Decl), F(*ND.Primal) {}

  /// Gives the declaration its body; false (after an error) if the IR
  /// signatures do not follow the rule.
  bool build();

private:
  bool fail(const Twine &Why) {
    M.getContext().emitError("eddy: cannot define '" + displayName(G) +
                             "' as the " +
                             (ND.Seeded     ? "adjoint"
                              : ND.Gradient ? "gradient"
                                            : "tangent") +
                             " of '" + displayName(F) + "': " + Why);
    return false;
  }
  bool signatureMatches() const;
  Value *request(IRBuilderBase &B, unsigned Present);
  bool seedsResult() const {
    return ND.Seeded && F.getReturnType()->isFloatingPointTy();
  }
  Function *seededPrimal();

  Module &M;
  const NamedDerivative &ND;
  Function &G;
  Function &F;
  /// Per parameter of F: G's parameter for it and the one after it (its
  /// adjoint slot, shadow or tangent; null for a constant).
  SmallVector<std::pair<Value *, Value *>, 8> Slot;
  FunctionCallee Callee;
  Function *Seeded = nullptr;
};

bool NamedDerivativeBuilder::signatureMatches() const {
  if (F.arg_size() != ND.Activity.size() || F.isVarArg() || G.isVarArg())
    return false;
  unsigned Slots = 0;
  for (char A : ND.Activity)
    Slots += A == 'c' ? 1 : 2;
  if (seedsResult())
    ++Slots;
  if (G.arg_size() != Slots)
    return false;
  Type *Want = ND.Gradient || !F.getReturnType()->isFloatingPointTy()
                   ? Type::getVoidTy(M.getContext())
                   : F.getReturnType();
  return G.getReturnType() == Want;
}

/// f(args...) * d_ret, an internal function of f's parameters and d_ret.
Function *NamedDerivativeBuilder::seededPrimal() {
  if (Seeded)
    return Seeded;
  SmallVector<Type *, 8> Params(F.getFunctionType()->params());
  Type *R = F.getReturnType();
  Params.push_back(R);
  Function *W = Function::Create(FunctionType::get(R, Params, false),
                                 GlobalValue::InternalLinkage,
                                 F.getName() + ".eddy.seeded", M);
  inheritSanitizerAttributes(*W, F);
  IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", W));
  SmallVector<Value *, 8> Args;
  for (unsigned K = 0; K < F.arg_size(); ++K)
    Args.push_back(W->getArg(K));
  CallInst *Call = B.CreateCall(&F, Args);
  Call->setCallingConv(F.getCallingConv());
  B.CreateRet(B.CreateFMul(Call, W->getArg(F.arg_size())));
  return Seeded = W;
}

bool NamedDerivativeBuilder::build() {
  if (!signatureMatches())
    return fail("its IR signature does not follow the rule (parameters "
                "passed in pieces or by hidden pointer are not supported)");
  if (ND.Seeded) { // What the plugin checked, for IR written by hand.
    if (ND.Activity.find('d') != std::string::npos)
      return fail("a seeded adjoint's pointer parameters must point to data "
                  "the function only reads");
    if (count(ND.Activity, 'r') > MaxNullableShadows)
      return fail("it has more than " + Twine(MaxNullableShadows) +
                  " differentiated pointer parameters");
  }
  LLVMContext &Ctx = M.getContext();
  // One request per definition, in the TU that defines the primal; an
  // inline primal may be defined in several, so the derivative may be too.
  G.setLinkage(F.hasLinkOnceLinkage() || F.hasWeakLinkage()
                   ? GlobalValue::WeakODRLinkage
                   : GlobalValue::ExternalLinkage);
  // Clang gave the declaration no sanitizer attributes; the body is Eddy's.
  inheritSanitizerAttributes(G, F);
  // With -g at -O1 and above Clang attaches a declaration's subprogram
  // (call-site information) to G; a definition may only have a distinct one,
  // and the body Eddy writes has no source lines of its own.
  if (DISubprogram *SP = G.getSubprogram(); SP && !SP->isDistinct())
    G.setSubprogram(nullptr);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", &G));
  auto Param = G.arg_begin();
  for (char A : ND.Activity) {
    Value *V = &*Param++;
    Slot.push_back({V, A == 'c' ? nullptr : &*Param++});
  }

  SmallVector<std::pair<Type *, Value *>, 4> ScalarSlots; // Reverse only.
  SmallVector<Value *, 4> Shadows; // Of the active pointers, in order.
  for (auto [K, A] : enumerate(ND.Activity)) {
    if (A == 'a' && ND.Gradient)
      ScalarSlots.push_back({Slot[K].first->getType(), Slot[K].second});
    else if (A == 'r')
      Shadows.push_back(Slot[K].second);
  }
  Type *RetTy = G.getReturnType();
  if (ND.Gradient && !ScalarSlots.empty()) {
    SmallVector<Type *, 4> Members;
    for (auto &Slot : ScalarSlots)
      Members.push_back(Slot.first);
    RetTy = Members.size() == 1 ? Members[0] : StructType::get(Ctx, Members);
  }
  std::string Entry =
      (Twine(ND.Gradient ? "__enzyme_autodiff" : "__enzyme_fwddiff") +
       ".eddy.named." + G.getName())
          .str();
  Callee = M.getOrInsertFunction(
      Entry, FunctionType::get(RetTy, {PointerType::getUnqual(Ctx)}, true));

  Value *Result;
  if (!ND.Seeded) {
    Result = request(B, ~0u);
  } else {
    // An adjoint rule is passed a null shadow for a pointer the caller does
    // not differentiate: one request per combination of null shadows (at
    // most 2^MaxNullableShadows, the front end's limit), chosen at run time.
    Value *Mask = B.getInt32(0);
    for (auto [K, S] : enumerate(Shadows))
      Mask = B.CreateOr(Mask, B.CreateShl(B.CreateZExt(B.CreateIsNotNull(S),
                                                       B.getInt32Ty()),
                                          K));
    unsigned Combinations = 1u << Shadows.size();
    BasicBlock *Join = BasicBlock::Create(Ctx, "join", &G);
    SmallVector<std::pair<Value *, BasicBlock *>, 16> Results;
    SwitchInst *Switch = nullptr;
    for (unsigned Present = 0; Present < Combinations; ++Present) {
      BasicBlock *BB = BasicBlock::Create(Ctx, "shadows", &G, Join);
      if (!Switch) // Every combination has a case; the default is unused.
        Switch = B.CreateSwitch(Mask, BB, Combinations);
      Switch->addCase(B.getInt32(Present), BB);
      IRBuilder<> CB(BB);
      Results.push_back({request(CB, Present), BB});
      CB.CreateBr(Join);
    }
    B.SetInsertPoint(Join);
    if (RetTy->isVoidTy()) {
      Result = nullptr;
    } else {
      PHINode *Phi = B.CreatePHI(RetTy, Combinations);
      for (auto [V, BB] : Results)
        Phi->addIncoming(V, BB);
      Result = Phi;
    }
  }

  if (!ND.Gradient) {
    if (RetTy->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(Result);
    return true;
  }
  for (auto [K, Slot] : enumerate(ScalarSlots)) {
    Value *Adjoint = ScalarSlots.size() == 1 ? Result
                                             : B.CreateExtractValue(Result, K);
    Value *Old = B.CreateLoad(Slot.first, Slot.second);
    B.CreateStore(B.CreateFAdd(Old, Adjoint), Slot.second);
  }
  B.CreateRetVoid();
  return true;
}

/// The request call; the K-th active pointer is differentiated if bit K of
/// \p Present is set, held constant (its shadow unused) otherwise.
Value *NamedDerivativeBuilder::request(IRBuilderBase &B, unsigned Present) {
  SmallVector<Value *, 16> Args{seedsResult() ? seededPrimal() : &F};
  unsigned Pointer = 0;
  for (auto [K, A] : enumerate(ND.Activity)) {
    auto [V, D] = Slot[K];
    bool Held = A == 'r' && Present != ~0u && !(Present >> Pointer++ & 1);
    if (A == 'c' || Held) {
      Args.append({marker(M, "enzyme_const"), V});
    } else if (A == 'd' || A == 'r') {
      Args.append({marker(M, "enzyme_dup"), V, D});
    } else if (ND.Gradient) {
      Args.append({marker(M, "enzyme_out"), V});
    } else {
      Args.append({V, D}); // Forward: the value, then its tangent.
    }
  }
  if (seedsResult()) // The cotangent, a constant factor of the result.
    Args.append({marker(M, "enzyme_const"), G.getArg(G.arg_size() - 1)});
  return B.CreateCall(Callee, Args);
}

} // namespace

bool defineNamedDerivatives(Module &M) {
  Registrations Regs(M);
  bool Changed = false;
  for (const NamedDerivative &ND : Regs.namedDerivatives()) {
    // The primal's translation unit defines the derivative; the others only
    // call it. A derivative registered twice is defined once.
    if (ND.Primal->isDeclaration() || !ND.Decl->isDeclaration())
      continue;
    Changed |= NamedDerivativeBuilder(M, ND).build();
  }
  // The registrations have served; left in place they would make every
  // translation unit that includes the declarations reference the primal.
  SmallVector<GlobalVariable *, 4> Dead;
  for (GlobalVariable &GV : M.globals())
    if (Registrations::namesNamedDerivative(GV.getName()))
      Dead.push_back(&GV);
  if (Dead.empty())
    return Changed;
  SmallPtrSet<Constant *, 4> DeadSet(Dead.begin(), Dead.end());
  removeFromUsedLists(M, [&](Constant *C) { return DeadSet.contains(C); });
  for (GlobalVariable *GV : Dead)
    GV->eraseFromParent();
  return true;
}

} // namespace eddy
