//===- ComplexRuntime.cpp - Differentiable bodies for complex helpers -----===//
//
// On x86-64 a double complex travels as two doubles and comes back as
// { double, double }; a float complex travels and comes back as <2 x float>.
// Each helper's definition unpacks its arguments into (re, im) pairs of real
// values, applies its formula with MathBuilder (so it reads like the math),
// and packs the result the way the declaration returns it.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/ComplexRuntime.h"
#include "Eddy/Rules/MathBuilder.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {
namespace {

enum class ComplexOp { None, Mul, Div, Abs, Arg, Exp, Log, Sqrt, Sin, Cos };

ComplexOp classify(StringRef Name) {
  return StringSwitch<ComplexOp>(Name)
      .Cases("__muldc3", "__mulsc3", ComplexOp::Mul)
      .Cases("__divdc3", "__divsc3", ComplexOp::Div)
      .Cases("cabs", "cabsf", ComplexOp::Abs)
      .Cases("carg", "cargf", ComplexOp::Arg)
      .Cases("cexp", "cexpf", ComplexOp::Exp)
      .Cases("clog", "clogf", ComplexOp::Log)
      .Cases("csqrt", "csqrtf", ComplexOp::Sqrt)
      .Cases("csin", "csinf", ComplexOp::Sin)
      .Cases("ccos", "ccosf", ComplexOp::Cos)
      .Default(ComplexOp::None);
}

struct Complex {
  Value *Re, *Im;
};

/// The real values of \p F's arguments, a <2 x T> split into its lanes; the
/// element type, or nullptr if the signature is not one of the expected ones.
Type *unpack(Function &F, IRBuilderBase &B, SmallVectorImpl<Value *> &Out) {
  Type *Elem = nullptr;
  for (Argument &A : F.args()) {
    Type *T = A.getType();
    auto *VT = dyn_cast<FixedVectorType>(T);
    Type *E = VT ? VT->getElementType() : T;
    if (!E->isFloatingPointTy() || (Elem && Elem != E) ||
        (VT && VT->getNumElements() != 2))
      return nullptr;
    Elem = E;
    if (!VT) {
      Out.push_back(&A);
      continue;
    }
    Out.push_back(B.CreateExtractElement(&A, uint64_t(0)));
    Out.push_back(B.CreateExtractElement(&A, uint64_t(1)));
  }
  return Elem;
}

/// Returns \p Z (or its real part, for a real-valued helper) as \p RetTy.
bool packAndReturn(IRBuilderBase &B, Type *RetTy, Complex Z, bool RealResult) {
  if (RealResult) {
    if (!RetTy->isFloatingPointTy())
      return false;
    B.CreateRet(Z.Re);
    return true;
  }
  Value *Agg = PoisonValue::get(RetTy);
  if (auto *ST = dyn_cast<StructType>(RetTy); ST && ST->getNumElements() == 2) {
    Agg = B.CreateInsertValue(Agg, Z.Re, 0);
    Agg = B.CreateInsertValue(Agg, Z.Im, 1);
  } else if (auto *VT = dyn_cast<FixedVectorType>(RetTy);
             VT && VT->getNumElements() == 2) {
    Agg = B.CreateInsertElement(Agg, Z.Re, uint64_t(0));
    Agg = B.CreateInsertElement(Agg, Z.Im, uint64_t(1));
  } else {
    return false;
  }
  B.CreateRet(Agg);
  return true;
}

/// The formula of \p Op on z = a + bi (and w = c + di for Mul and Div).
Complex formula(ComplexOp Op, MathBuilder &M, ArrayRef<Value *> X) {
  Value *A = X[0], *Bi = X[1];
  switch (Op) {
  case ComplexOp::Mul: {
    Value *C = X[2], *D = X[3];
    return {M.sub(M.mul(A, C), M.mul(Bi, D)), M.add(M.mul(A, D), M.mul(Bi, C))};
  }
  case ComplexOp::Div: {
    // (a + bi) / (c + di) = ((ac + bd) + (bc - ad) i) / (c^2 + d^2).
    Value *C = X[2], *D = X[3];
    Value *Den = M.add(M.sq(C), M.sq(D));
    return {M.div(M.add(M.mul(A, C), M.mul(Bi, D)), Den),
            M.div(M.sub(M.mul(Bi, C), M.mul(A, D)), Den)};
  }
  case ComplexOp::Abs:
    return {M.call("hypot", {A, Bi}), nullptr};
  case ComplexOp::Arg:
    return {M.call("atan2", {Bi, A}), nullptr};
  case ComplexOp::Exp: {
    Value *E = M.call("exp", {A});
    return {M.mul(E, M.call("cos", {Bi})), M.mul(E, M.call("sin", {Bi}))};
  }
  case ComplexOp::Log:
    return {M.call("log", {M.call("hypot", {A, Bi})}), M.call("atan2", {Bi, A})};
  case ComplexOp::Sqrt: {
    // The principal root without cancellation: for a >= 0,
    // t = sqrt((|z| + a) / 2), root = t + (b / 2t) i; otherwise
    // t = sqrt((|z| - a) / 2), root = |b| / 2t + copysign(t, b) i.
    Value *R = M.call("hypot", {A, Bi});
    Value *NonNeg = M.B.CreateFCmpOGE(A, M.c(0.0));
    Value *T = M.sqrt(M.mul(M.select(NonNeg, M.add(R, A), M.sub(R, A)), M.c(0.5)));
    // At z = 0, t = 0 and the other part is b itself (+-0), not 0/0.
    Value *Num = M.select(NonNeg, Bi, M.call("fabs", {Bi}));
    Value *Other = M.select(M.B.CreateFCmpOEQ(T, M.c(0.0)), Num,
                            M.div(Num, M.mul(M.c(2.0), T)));
    return {M.select(NonNeg, T, Other),
            M.select(NonNeg, Other, M.call("copysign", {T, Bi}))};
  }
  case ComplexOp::Sin:
    return {M.mul(M.call("sin", {A}), M.call("cosh", {Bi})),
            M.mul(M.call("cos", {A}), M.call("sinh", {Bi}))};
  case ComplexOp::Cos:
    return {M.mul(M.call("cos", {A}), M.call("cosh", {Bi})),
            M.neg(M.mul(M.call("sin", {A}), M.call("sinh", {Bi})))};
  case ComplexOp::None:
    break;
  }
  llvm_unreachable("not a complex helper");
}

/// Eddy's definition of the helper \p Decl, made once per module; nullptr if
/// \p Decl's signature is not the one the platform ABI gives it.
Function *definitionFor(Function &Decl, ComplexOp Op) {
  Module &M = *Decl.getParent();
  std::string Name = (Decl.getName() + ".eddy.body").str();
  if (Function *Existing = M.getFunction(Name))
    return Existing;
  Function *Body = Function::Create(Decl.getFunctionType(),
                                    GlobalValue::InternalLinkage, Name, M);
  inheritModuleSanitizerAttributes(*Body, M);
  IRBuilder<> B(BasicBlock::Create(M.getContext(), "entry", Body));
  SmallVector<Value *, 4> X;
  Type *Elem = unpack(*Body, B, X);
  bool TwoOperands = Op == ComplexOp::Mul || Op == ComplexOp::Div;
  bool RealResult = Op == ComplexOp::Abs || Op == ComplexOp::Arg;
  if (!Elem || X.size() != (TwoOperands ? 4u : 2u)) {
    Body->eraseFromParent();
    return nullptr;
  }
  MathBuilder Math(B, Elem);
  if (!packAndReturn(B, Decl.getReturnType(), formula(Op, Math, X), RealResult)) {
    Body->eraseFromParent();
    return nullptr;
  }
  return Body;
}

} // namespace

bool substituteComplexRuntime(Function &F) {
  SmallVector<CallInst *, 4> Calls;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *CI = dyn_cast<CallInst>(&I))
        if (Function *Callee = CI->getCalledFunction();
            Callee && Callee->isDeclaration() &&
            classify(Callee->getName()) != ComplexOp::None)
          Calls.push_back(CI);
  bool Changed = false;
  for (CallInst *CI : Calls) {
    Function *Callee = CI->getCalledFunction();
    Function *Body = definitionFor(*Callee, classify(Callee->getName()));
    if (!Body)
      continue; // Left to the usual "no body, no rule" refusal.
    CI->setCalledFunction(Body);
    InlineFunctionInfo IFI;
    Changed |= InlineFunction(*CI, IFI).isSuccess();
  }
  return Changed;
}

} // namespace eddy
