//===- MathBuilder.cpp - Emit libm calls and intrinsics -------------------===//
#include "Eddy/Rules/MathBuilder.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

static Intrinsic::ID intrinsicFor(StringRef Base) {
  return StringSwitch<Intrinsic::ID>(Base)
      .Case("sqrt", Intrinsic::sqrt)
      .Case("sin", Intrinsic::sin)
      .Case("cos", Intrinsic::cos)
      .Case("exp", Intrinsic::exp)
      .Case("exp2", Intrinsic::exp2)
      .Case("log", Intrinsic::log)
      .Case("log2", Intrinsic::log2)
      .Case("log10", Intrinsic::log10)
      .Case("fabs", Intrinsic::fabs)
      .Case("pow", Intrinsic::pow)
      .Case("trunc", Intrinsic::trunc)
      .Case("floor", Intrinsic::floor)
      .Case("copysign", Intrinsic::copysign)
      .Default(Intrinsic::not_intrinsic);
}

Value *MathBuilder::call(StringRef Base, ArrayRef<Value *> Args) {
  Type *T = Args[0]->getType();
  Module *M = B.GetInsertBlock()->getModule();
  Intrinsic::ID ID = intrinsicFor(Base);
  if (ID != Intrinsic::not_intrinsic) {
    Function *F = Intrinsic::getDeclaration(M, ID, {T});
    return B.CreateCall(F, Args);
  }
  std::string Name = Base.str();
  if (T->isFloatTy())
    Name += "f";
  else if (!T->isDoubleTy())
    Name += "l";
  SmallVector<Type *, 2> ParamTys;
  for (Value *A : Args)
    ParamTys.push_back(A->getType());
  FunctionCallee FC =
      M->getOrInsertFunction(Name, FunctionType::get(T, ParamTys, false));
  if (auto *F = dyn_cast<Function>(FC.getCallee())) {
    F->setDoesNotThrow();
    F->setWillReturn();
  }
  return B.CreateCall(FC, Args);
}

Value *MathBuilder::c(double V) { return ConstantFP::get(FPType, V); }

} // namespace eddy
