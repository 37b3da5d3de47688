//===- OutParameters.cpp - libm results written through pointers ----------===//
#include "Eddy/Rules/OutParameters.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

/// Whether \p CB is modf / modff / modfl at its own floating-point type.
static bool isModf(const CallBase &CB) {
  const Function *F = CB.getCalledFunction();
  if (!F || !F->isDeclaration() || CB.arg_size() != 2)
    return false;
  Type *T = CB.getType();
  bool NameFits = StringSwitch<bool>(F->getName())
                      .Case("modf", T->isDoubleTy())
                      .Case("modff", T->isFloatTy())
                      .Case("modfl", T->isX86_FP80Ty() || T->isFP128Ty() ||
                                         T->isPPC_FP128Ty())
                      .Default(false);
  return NameFits && CB.getArgOperand(0)->getType() == T &&
         CB.getArgOperand(1)->getType()->isPointerTy();
}

bool exposeLibmOutParameters(Function &F) {
  SmallVector<CallInst *, 2> Calls;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CI = dyn_cast<CallInst>(&I); CI && isModf(*CI))
        Calls.push_back(CI);
  for (CallInst *CI : Calls) {
    // modf's integral part is trunc(x) for every x, including +-0, +-Inf
    // and NaN; storing it again changes no value.
    IRBuilder<> B(CI->getNextNode());
    Value *X = CI->getArgOperand(0);
    Value *Int = B.CreateUnaryIntrinsic(Intrinsic::trunc, X, nullptr, "modf.int");
    B.CreateStore(Int, CI->getArgOperand(1));
  }
  return !Calls.empty();
}

} // namespace eddy
