//===- AnnotationGuard.cpp - Keep annotated calls opaque until EddyPass ---===//
//
// See Eddy/Passes/AnnotationGuard.h for the design. Why a body-less stub and
// not `noinline` on the annotated function: noinline stops the inliner only.
// IPSCCP still replaces a call's result by a constant the body always returns
// (losing a rule's derivative), the function specializer clones the body for
// constant arguments, function attribute inference lets later passes delete or
// merge calls by what the body does, and -fmerge-functions folds identical
// bodies into one symbol. A declaration gives all of them nothing to work
// with, at every level, and makes the calls look exactly as they do at -O0,
// where the annotated function is not inlined either: the verdict and the
// derivatives do not depend on the level.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/AnnotationGuard.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Request/Request.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/AttributeMask.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace eddy {
namespace {

/// Does the constant \p C (an initializer, or a part of one) end up somewhere
/// that must name the annotated function itself: an alias or ifunc (which
/// need a definition), llvm.used and llvm.global.annotations (section
/// llvm.metadata), or a named-derivative registration (whose primal Eddy
/// defines a derivative of, from its body)?
bool constantNeedsOriginal(Constant *C) {
  SmallVector<Constant *, 8> Work{C};
  SmallPtrSet<Constant *, 8> Seen{C};
  while (!Work.empty()) {
    Constant *K = Work.pop_back_val();
    if (isa<GlobalAlias>(K) || isa<GlobalIFunc>(K) ||
        isa<DSOLocalEquivalent>(K) || isa<NoCFIValue>(K))
      return true;
    if (auto *GV = dyn_cast<GlobalVariable>(K)) {
      if (GV->getSection() == "llvm.metadata" ||
          Registrations::namesNamedDerivative(GV->getName()))
        return true;
      continue;
    }
    if (isa<GlobalValue>(K))
      continue; // A function's personality or prefix data.
    for (User *U : K->users())
      if (auto *UC = dyn_cast<Constant>(U); UC && Seen.insert(UC).second)
        Work.push_back(UC);
  }
  return false;
}

/// Must this use keep naming the annotated function? A request names the
/// function whose *body* it differentiates; everything else (calls, stored
/// function pointers, vtables, the rule and inactive registrations) goes to
/// the stub, so that a call the optimizer devirtualizes still finds it.
bool keepsOriginal(const Use &U) {
  User *Usr = U.getUser();
  if (auto *CB = dyn_cast<CallBase>(Usr))
    return !CB->isCallee(&U) && classifyRequest(*CB).has_value();
  if (isa<Instruction>(Usr))
    return false;
  return constantNeedsOriginal(cast<Constant>(Usr));
}

bool isInUsedList(Module &M, GlobalValue *GV) {
  for (bool CompilerUsed : {false, true}) {
    SmallVector<GlobalValue *, 8> Used;
    collectUsedGlobalVariables(M, Used, CompilerUsed);
    if (is_contained(Used, GV))
      return true;
  }
  return false;
}

/// Attributes that describe a body or the inlining of one; a declaration
/// standing for the function must not promise or forbid either.
AttributeMask bodyOnlyAttributes() {
  AttributeMask Mask;
  for (Attribute::AttrKind K :
       {Attribute::OptimizeNone, Attribute::NoInline, Attribute::AlwaysInline,
        Attribute::InlineHint, Attribute::Naked, Attribute::OptimizeForSize,
        Attribute::MinSize})
    Mask.addAttribute(K);
  return Mask;
}

void protect(Module &M, Function &F) {
  LLVMContext &Ctx = M.getContext();
  Function *Stub =
      Function::Create(F.getFunctionType(), GlobalValue::ExternalLinkage,
                       F.getAddressSpace(), F.getName() + ".eddy.protected", &M);
  Stub->setCallingConv(F.getCallingConv());
  Stub->setAttributes(F.getAttributes().removeFnAttributes(Ctx, bodyOnlyAttributes()));
  // Keep f alive while nothing but the stub's metadata refers to it; the
  // second operand says whether this pass put it into llvm.compiler.used.
  bool AddUsed = !isInUsedList(M, &F);
  if (AddUsed)
    appendToCompilerUsed(M, {&F});
  Stub->setMetadata(
      ProtectedMDName,
      MDNode::get(Ctx, {ValueAsMetadata::get(&F),
                        ConstantAsMetadata::get(ConstantInt::getBool(Ctx, AddUsed))}));
  F.replaceUsesWithIf(Stub, [](Use &U) { return !keepsOriginal(U); });
}

/// Inlines the restored calls LLVM's own cost model (at \p Level) would have
/// inlined; at -O0 only always_inline functions, as the always-inliner would.
bool inlineWhereProfitable(Module &M, ArrayRef<CallBase *> Calls,
                           ModuleAnalysisManager &MAM, OptimizationLevel Level) {
  auto &FAM = MAM.getResult<FunctionAnalysisManagerModuleProxy>(M).getManager();
  auto GetAC = [&](Function &Fn) -> AssumptionCache & {
    return FAM.getResult<AssumptionAnalysis>(Fn);
  };
  auto GetTLI = [&](Function &Fn) -> const TargetLibraryInfo & {
    return FAM.getResult<TargetLibraryAnalysis>(Fn);
  };
  InlineParams Params =
      getInlineParams(Level.getSpeedupLevel(), Level.getSizeLevel());
  bool Changed = false;
  for (CallBase *CB : Calls) {
    Function *Callee = CB->getCalledFunction(), *Caller = CB->getCaller();
    if (!Callee || Callee == Caller || Callee->isDeclaration())
      continue;
    if (Level == OptimizationLevel::O0 &&
        !Callee->hasFnAttribute(Attribute::AlwaysInline))
      continue;
    InlineCost IC = getInlineCost(*CB, Params, FAM.getResult<TargetIRAnalysis>(*Callee),
                                  GetAC, GetTLI);
    if (!IC)
      continue;
    InlineFunctionInfo IFI(GetAC);
    if (InlineFunction(*CB, IFI, /*MergeAttributes=*/true).isSuccess()) {
      FAM.invalidate(*Caller, PreservedAnalyses::none());
      Changed = true;
    }
  }
  return Changed;
}

/// Will EddyPass differentiate anything in \p M? All requests are calls in
/// the IR Clang emitted (eddy.hpp's are template instantiations), so a module
/// without one, and without a named derivative, needs no protection, and
/// its calls of annotated functions are optimized as usual.
bool differentiatesAnything(Module &M, const Registrations &Regs) {
  if (!Regs.namedDerivatives().empty())
    return true;
  for (Function &F : M)
    if (F.isDeclaration())
      for (User *U : F.users())
        if (auto *CB = dyn_cast<CallBase>(U); CB && classifyRequest(*CB))
          return true;
  return false;
}

} // namespace

PreservedAnalyses ProtectAnnotatedPass::run(Module &M, ModuleAnalysisManager &) {
  // The checkpoint pragma's marker touches no memory the program can see: it
  // must not keep LICM from hoisting the loop's invariant loads, or what the
  // loop writes could not be bounded at -O2 either.
  bool Changed = false;
  if (Function *Marker = M.getFunction(CheckpointMarkerName)) {
    Marker->setMemoryEffects(MemoryEffects::inaccessibleMemOnly());
    Marker->addFnAttr(Attribute::NoUnwind);
    Marker->addFnAttr(Attribute::WillReturn);
    Changed = true;
  }
  Registrations Regs(M, /*Report=*/false); // EddyPass reports malformed ones.
  if (!differentiatesAnything(M, Regs))
    return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
  // Enzyme's registrations are plain arrays in C, static ones included, that
  // nothing reads: keep them for EddyPass, or -O1 would drop them and the
  // registered rules with them.
  SmallVector<GlobalValue *, 4> Keep;
  for (GlobalVariable &GV : M.globals())
    if (Registrations::namesEnzymeRegistration(GV.getName()) &&
        GV.hasInitializer() && !isInUsedList(M, &GV))
      Keep.push_back(&GV);
  if (!Keep.empty()) {
    appendToCompilerUsed(M, Keep);
    Changed = true;
  }
  // A target region without offloading runs on the host as a call of its
  // body, which Eddy refuses (Rules/OpenMpCalls.h): the call must reach it
  // at every level, not be inlined first.
  for (Function &F : M)
    if (F.getName().starts_with("__omp_offloading_") && !F.isDeclaration()) {
      F.removeFnAttr(Attribute::AlwaysInline);
      F.addFnAttr(Attribute::NoInline);
      Changed = true;
    }
  for (Function *F : Regs.annotatedFunctions()) {
    if (F->isDeclaration() || F->isIntrinsic() || F->isVarArg())
      continue; // Nothing to hide (variadic ones are refused when called).
    protect(M, *F);
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

PreservedAnalyses RestoreAnnotatedPass::run(Module &M,
                                            ModuleAnalysisManager &MAM) {
  SmallVector<Function *, 4> Stubs;
  for (Function &F : M)
    if (F.isDeclaration() && F.hasMetadata(ProtectedMDName))
      Stubs.push_back(&F);
  if (Stubs.empty())
    return PreservedAnalyses::all();
  SmallVector<CallBase *, 8> Calls;
  for (Function *Stub : Stubs) {
    Function *F = originalOfStub(Stub);
    if (F == Stub || F->getFunctionType() != Stub->getFunctionType()) {
      // Only f's own metadata operand and llvm.compiler.used refer to f, so
      // no pass should have replaced or retyped it.
      M.getContext().emitError("eddy: internal error: the annotated function "
                               "behind '" + Stub->getName() +
                               "' changed before Eddy ran; please report this");
      continue;
    }
    for (User *U : Stub->users())
      if (auto *CB = dyn_cast<CallBase>(U); CB && CB->getCalledOperand() == Stub) {
        // Should an IPO pass have given f a private convention after all,
        // a call with the old one would be undefined behaviour.
        CB->setCallingConv(F->getCallingConv());
        Calls.push_back(CB);
      }
    bool AddedUsed = mdconst::extract<ConstantInt>(
                         Stub->getMetadata(ProtectedMDName)->getOperand(1))
                         ->isOne();
    Stub->replaceAllUsesWith(F);
    Stub->eraseFromParent();
    if (AddedUsed)
      removeFromUsedLists(M, [F](Constant *C) { return C == F; });
  }
  inlineWhereProfitable(M, Calls, MAM, Level);
  return PreservedAnalyses::none();
}

} // namespace eddy
