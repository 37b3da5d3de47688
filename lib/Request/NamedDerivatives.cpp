//===- NamedDerivatives.cpp - Declared derivatives become request calls ---===//
//
// For   void loss_grad(w, d_w, x, n)  declared as the gradient of loss with
// activity "dcc"... the body written here is
//
//   __enzyme_autodiff.eddy.named(loss, enzyme_dup, w, d_w, enzyme_const, x,
//                                enzyme_const, n)
//
// with the adjoints of active scalars (returned by the request) added into
// their pointers. The Clang plugin checked the declared signature against the
// rule; the IR signature is checked again here because a declaration seen
// only by the IR (hand-written .ll) has had no such check.
//===----------------------------------------------------------------------===//
#include "Eddy/Request/NamedDerivatives.h"
#include "Eddy/Analysis/Registrations.h"
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
                             "' as the " + (ND.Gradient ? "gradient" : "tangent") +
                             " of '" + displayName(F) + "': " + Why);
    return false;
  }
  bool signatureMatches() const;

  Module &M;
  const NamedDerivative &ND;
  Function &G;
  Function &F;
};

bool NamedDerivativeBuilder::signatureMatches() const {
  if (F.arg_size() != ND.Activity.size() || F.isVarArg() || G.isVarArg())
    return false;
  unsigned Slots = 0;
  for (char A : ND.Activity)
    Slots += A == 'c' ? 1 : 2;
  if (G.arg_size() != Slots)
    return false;
  Type *Want = ND.Gradient || !F.getReturnType()->isFloatingPointTy()
                   ? Type::getVoidTy(M.getContext())
                   : F.getReturnType();
  return G.getReturnType() == Want;
}

bool NamedDerivativeBuilder::build() {
  if (!signatureMatches())
    return fail("its IR signature does not follow the rule (parameters "
                "passed in pieces or by hidden pointer are not supported)");
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

  SmallVector<Value *, 16> Args{&F};
  SmallVector<std::pair<Type *, Value *>, 4> ScalarSlots; // Reverse only.
  auto Param = G.arg_begin();
  for (auto [K, A] : enumerate(ND.Activity)) {
    Value *V = &*Param++;
    if (A == 'c') {
      Args.append({marker(M, "enzyme_const"), V});
    } else if (A == 'd') {
      Args.append({marker(M, "enzyme_dup"), V, &*Param++});
    } else if (ND.Gradient) {
      Args.append({marker(M, "enzyme_out"), V});
      ScalarSlots.push_back({V->getType(), &*Param++});
    } else {
      Args.append({V, &*Param++}); // Forward: the value, then its tangent.
    }
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
  FunctionCallee Callee = M.getOrInsertFunction(
      Entry, FunctionType::get(RetTy, {PointerType::getUnqual(Ctx)}, true));
  CallInst *Request = B.CreateCall(Callee, Args);

  if (!ND.Gradient) {
    if (RetTy->isVoidTy())
      B.CreateRetVoid();
    else
      B.CreateRet(Request);
    return true;
  }
  for (auto [K, Slot] : enumerate(ScalarSlots)) {
    Value *Adjoint = ScalarSlots.size() == 1
                         ? static_cast<Value *>(Request)
                         : B.CreateExtractValue(Request, K);
    Value *Old = B.CreateLoad(Slot.first, Slot.second);
    B.CreateStore(B.CreateFAdd(Old, Adjoint), Slot.second);
  }
  B.CreateRetVoid();
  return true;
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
