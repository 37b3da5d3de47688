//===- ElementaryRules.cpp - The derivative of every elementary function ---===//
//
// One record per function: { name, arity, { d/dx0, d/dx1, ... } }, each partial
// written as the formula it is, over the primal arguments x(i) and result y().
// Where two operands both emit instructions they are named first, so the
// generated code (and the tape's layout) does not depend on the order in which
// the host C++ compiler evaluates function arguments.
// A nullptr partial contributes nothing (the function is flat in that argument
// almost everywhere, or the argument is an integer).
//
// At non-differentiable points Eddy picks one side: |x|' = 1 at x = +0 and -1
// at x = -0 (the sign bit), fmin/fmax follow the argument they return (x on a
// tie), floor/ceil/round/trunc have derivative 0.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/ElementaryRules.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/IntrinsicInst.h"
#include <cmath>

using namespace llvm;

namespace eddy {
namespace {

using R = RuleContext;
constexpr double Ln2 = 0.69314718055994530942;
constexpr double Ln10 = 2.30258509299404568402;
constexpr double TwoOverSqrtPi = 1.12837916709551257390;

// The sign of x as +-1, from the sign bit (so -0 gives -1).
Value *signOf(R &r, Value *X) { return r.call("copysign", {r.c(1.0), X}); }

// Whether fmin/fmax return their first argument.
Value *picksFirst(R &r, bool Min) {
  Value *X = r.x(0), *Z = r.x(1);
  Value *Ordered = Min ? r.B.CreateFCmpOLE(X, Z) : r.B.CreateFCmpOGE(X, Z);
  return r.B.CreateOr(Ordered, r.B.CreateFCmpUNO(Z, Z));
}

const ElementaryRule Rules[] = {
    // Powers and roots.
    {"sqrt", 1, {[](R &r) { return r.div(r.c(0.5), r.y()); }}},
    {"cbrt", 1, {[](R &r) { Value *Y = r.y(); return r.div(Y, r.mul(r.c(3.0), r.x(0))); }}},
    {"pow", 2,
     {[](R &r) { // y * x^(y-1)
        Value *X = r.x(0), *Y = r.x(1);
        return r.mul(Y, r.call("pow", {X, r.sub(Y, r.c(1.0))}));
      },
      [](R &r) { // x^y * log x, taken as 0 at x = 0 (its limit for y > 0)
        Value *Zero = r.c(0.0), *X = r.x(0), *P = r.y();
        Value *D = r.mul(P, r.call("log", {X}));
        return r.select(r.B.CreateFCmpOEQ(X, Zero), Zero, D);
      }}},
    {"powi", 2,
     {[](R &r) { // n * x^(n-1)
        Value *N = r.x(1);
        Value *NM1 = r.B.CreateSub(N, ConstantInt::get(N->getType(), 1));
        Value *NF = r.B.CreateSIToFP(N, r.x(0)->getType());
        Function *Powi = Intrinsic::getDeclaration(
            r.B.GetInsertBlock()->getModule(), Intrinsic::powi,
            {r.x(0)->getType(), N->getType()});
        return r.mul(NF, r.B.CreateCall(Powi, {r.x(0), NM1}));
      },
      nullptr}},
    {"hypot", 2,
     {[](R &r) { Value *X = r.x(0); return r.div(X, r.y()); },
      [](R &r) { Value *Z = r.x(1); return r.div(Z, r.y()); }}},

    // Exponentials and logarithms.
    {"exp", 1, {[](R &r) { return r.y(); }}},
    {"exp2", 1, {[](R &r) { return r.mul(r.y(), r.c(Ln2)); }}},
    {"exp10", 1, {[](R &r) { return r.mul(r.y(), r.c(Ln10)); }}},
    {"expm1", 1, {[](R &r) { return r.add(r.y(), r.c(1.0)); }}},
    {"log", 1, {[](R &r) { return r.div(r.c(1.0), r.x(0)); }}},
    {"log2", 1, {[](R &r) { return r.div(r.c(1.0), r.mul(r.x(0), r.c(Ln2))); }}},
    {"log10", 1, {[](R &r) { return r.div(r.c(1.0), r.mul(r.x(0), r.c(Ln10))); }}},
    {"log1p", 1, {[](R &r) { return r.div(r.c(1.0), r.add(r.c(1.0), r.x(0))); }}},

    // Trigonometric functions.
    {"sin", 1, {[](R &r) { return r.call("cos", {r.x(0)}); }}},
    {"cos", 1, {[](R &r) { return r.neg(r.call("sin", {r.x(0)})); }}},
    {"tan", 1, {[](R &r) { return r.add(r.c(1.0), r.sq(r.y())); }}},
    {"asin", 1, {[](R &r) { return r.div(r.c(1.0), r.sqrt(r.sub(r.c(1.0), r.sq(r.x(0))))); }}},
    {"acos", 1, {[](R &r) { return r.div(r.c(-1.0), r.sqrt(r.sub(r.c(1.0), r.sq(r.x(0))))); }}},
    {"atan", 1, {[](R &r) { return r.div(r.c(1.0), r.add(r.c(1.0), r.sq(r.x(0)))); }}},
    {"atan2", 2, // atan2(y, x): x(0) is y, x(1) is x.
     {[](R &r) {
        Value *Y = r.x(0), *X = r.x(1);
        Value *Y2 = r.sq(Y), *X2 = r.sq(X);
        return r.div(X, r.add(Y2, X2));
      },
      [](R &r) {
        Value *Y = r.x(0), *X = r.x(1);
        Value *Y2 = r.sq(Y), *X2 = r.sq(X);
        Value *RSq = r.add(Y2, X2);
        return r.div(r.neg(Y), RSq);
      }}},

    // Hyperbolic functions.
    {"sinh", 1, {[](R &r) { return r.call("cosh", {r.x(0)}); }}},
    {"cosh", 1, {[](R &r) { return r.call("sinh", {r.x(0)}); }}},
    {"tanh", 1, {[](R &r) { return r.sub(r.c(1.0), r.sq(r.y())); }}},
    {"asinh", 1, {[](R &r) { return r.div(r.c(1.0), r.sqrt(r.add(r.sq(r.x(0)), r.c(1.0)))); }}},
    {"acosh", 1, {[](R &r) { return r.div(r.c(1.0), r.sqrt(r.sub(r.sq(r.x(0)), r.c(1.0)))); }}},
    {"atanh", 1, {[](R &r) { return r.div(r.c(1.0), r.sub(r.c(1.0), r.sq(r.x(0)))); }}},

    // Error functions: erf' = 2/sqrt(pi) exp(-x^2).
    {"erf", 1, {[](R &r) { return r.mul(r.c(TwoOverSqrtPi), r.call("exp", {r.neg(r.sq(r.x(0)))})); }}},
    {"erfc", 1, {[](R &r) { return r.mul(r.c(-TwoOverSqrtPi), r.call("exp", {r.neg(r.sq(r.x(0)))})); }}},

    // Sign, magnitude, selection.
    {"fabs", 1, {[](R &r) { return signOf(r, r.x(0)); }}},
    {"copysign", 2,
     {[](R &r) {
        Value *SX = signOf(r, r.x(0));
        Value *SY = signOf(r, r.x(1));
        return r.mul(SX, SY);
      },
      nullptr}},
    {"fmin", 2, // fmin returns x when x <= z or z is NaN, else z.
     {[](R &r) { return r.select(picksFirst(r, /*Min=*/true), r.c(1.0), r.c(0.0)); },
      [](R &r) { return r.select(picksFirst(r, /*Min=*/true), r.c(0.0), r.c(1.0)); }}},
    {"fmax", 2, // fmax returns x when x >= z or z is NaN, else z.
     {[](R &r) { return r.select(picksFirst(r, /*Min=*/false), r.c(1.0), r.c(0.0)); },
      [](R &r) { return r.select(picksFirst(r, /*Min=*/false), r.c(0.0), r.c(1.0)); }}},
    {"fmod", 2,
     {[](R &r) { return r.c(1.0); },
      [](R &r) {
        Value *X = r.x(0), *Z = r.x(1);
        return r.neg(r.call("trunc", {r.div(X, Z)}));
      }}},
    {"fma", 3,
     {[](R &r) { return r.x(1); }, [](R &r) { return r.x(0); },
      [](R &r) { return r.c(1.0); }}},

    // Piecewise constant: derivative 0 almost everywhere.
    {"floor", 1, {nullptr}},
    {"ceil", 1, {nullptr}},
    {"round", 1, {nullptr}},
    {"trunc", 1, {nullptr}},
    {"rint", 1, {nullptr}},
    {"nearbyint", 1, {nullptr}},
    {"roundeven", 1, {nullptr}},
};

/// Intrinsics that are the same function as a libm entry of the table.
StringRef intrinsicBaseName(Intrinsic::ID ID) {
  switch (ID) {
  case Intrinsic::sqrt: return "sqrt";
  case Intrinsic::pow: return "pow";
  case Intrinsic::powi: return "powi";
  case Intrinsic::exp: return "exp";
  case Intrinsic::exp2: return "exp2";
  case Intrinsic::log: return "log";
  case Intrinsic::log2: return "log2";
  case Intrinsic::log10: return "log10";
  case Intrinsic::sin: return "sin";
  case Intrinsic::cos: return "cos";
  case Intrinsic::tan: return "tan";
  case Intrinsic::asin: return "asin";
  case Intrinsic::acos: return "acos";
  case Intrinsic::atan: return "atan";
  case Intrinsic::sinh: return "sinh";
  case Intrinsic::cosh: return "cosh";
  case Intrinsic::tanh: return "tanh";
  case Intrinsic::fabs: return "fabs";
  case Intrinsic::copysign: return "copysign";
  case Intrinsic::minnum: return "fmin";
  case Intrinsic::maxnum: return "fmax";
  case Intrinsic::fma: return "fma";
  case Intrinsic::fmuladd: return "fma";
  case Intrinsic::floor: return "floor";
  case Intrinsic::ceil: return "ceil";
  case Intrinsic::round: return "round";
  case Intrinsic::trunc: return "trunc";
  case Intrinsic::rint: return "rint";
  case Intrinsic::nearbyint: return "nearbyint";
  case Intrinsic::roundeven: return "roundeven";
  default: return "";
  }
}

const StringMap<const ElementaryRule *> &ruleIndex() {
  static const StringMap<const ElementaryRule *> Index = [] {
    StringMap<const ElementaryRule *> M;
    for (const ElementaryRule &Rule : Rules)
      M[Rule.Name] = &Rule;
    return M;
  }();
  return Index;
}

} // namespace

const ElementaryRule *lookupRule(const CallBase &CB) {
  const Function *F = CB.getCalledFunction();
  if (!F)
    return nullptr;
  const auto &Index = ruleIndex();
  if (F->isIntrinsic()) {
    StringRef Base = intrinsicBaseName(F->getIntrinsicID());
    return Base.empty() ? nullptr : Index.lookup(Base);
  }
  if (!F->isDeclaration() || CB.arg_size() == 0 ||
      !CB.getType()->isFloatingPointTy())
    return nullptr;
  // sin (double), sinf (float), sinl (long double); C++ std:: overloads lower
  // to the same symbols.
  StringRef Name = F->getName();
  Type *T = CB.getType();
  const ElementaryRule *Rule = nullptr;
  if (T->isDoubleTy())
    Rule = Index.lookup(Name);
  else if (T->isFloatTy() && Name.ends_with("f"))
    Rule = Index.lookup(Name.drop_back());
  else if (!T->isFloatTy() && !T->isDoubleTy() && Name.ends_with("l"))
    Rule = Index.lookup(Name.drop_back());
  if (Rule && Rule->NumArgs != CB.arg_size())
    return nullptr;
  return Rule;
}

} // namespace eddy
