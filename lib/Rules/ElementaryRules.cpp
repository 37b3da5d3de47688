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
//
// Where the textbook formula evaluates to 0*Inf, Inf/Inf or 0/0 at a point
// where the derivative has a limit (pow(x, 0) at x = 0, cbrt at +-Inf,
// hypot and atan2 with an infinite argument), the rule returns the limit;
// every boundary is listed in docs/edge-values.md.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Rules/Digamma.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
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

// Whether |V| is infinite.
Value *isInf(R &r, Value *V) {
  return r.B.CreateFCmpOEQ(r.call("fabs", {V}), r.c(INFINITY));
}

// 2^N for an integer N (ldexp(1, N)); wider exponents are clamped to i32,
// far beyond where 2^N is 0 or Inf anyway.
Value *pow2(R &r, Value *N) {
  Type *I32 = r.B.getInt32Ty();
  if (N->getType()->getIntegerBitWidth() > 32) {
    Type *NT = N->getType();
    N = r.B.CreateBinaryIntrinsic(Intrinsic::smin, N, ConstantInt::get(NT, 1 << 20));
    N = r.B.CreateBinaryIntrinsic(Intrinsic::smax, N,
                                  ConstantInt::getSigned(NT, -(1 << 20)));
  }
  N = r.B.CreateSExtOrTrunc(N, I32);
  return r.B.CreateIntrinsic(Intrinsic::ldexp, {r.FPType, I32}, {r.c(1.0), N});
}

// The integer n of x = n*z + rem (fmod, remainder) recovered from the
// primal's result: (x - rem) / z is n up to rounding, so round() gives it
// exactly where x/z alone may round across an integer (fmod(1, 0.1) = 0.1 -
// 5.5e-17 has n = 9 while 1/0.1 rounds to 10).
Value *quotient(R &r) {
  Value *X = r.x(0), *Z = r.x(1), *Rem = r.y();
  return r.call("round", {r.div(r.sub(X, Rem), Z)});
}

// digamma(x), lgamma's derivative (a helper Eddy emits into the module).
Value *digamma(R &r, Value *X) {
  Module &M = *r.B.GetInsertBlock()->getModule();
  return r.B.CreateCall(getDigamma(M, X->getType()), {X});
}

// hypot's partial for argument I: x_I / hypot, or +-1 where x_I is infinite
// and the other argument finite (the limit; the formula gives Inf/Inf). NaN
// at (0, 0) and (Inf, Inf), where there is no limit.
Value *hypotPartial(R &r, unsigned I) {
  Value *X = r.x(0), *Z = r.x(1);
  Value *Own = I == 0 ? X : Z, *Other = I == 0 ? Z : X;
  Value *D = r.div(Own, r.y());
  Value *OtherFinite = r.B.CreateFCmpONE(r.call("fabs", {Other}), r.c(INFINITY));
  Value *Limit = r.B.CreateAnd(isInf(r, Own), OtherFinite);
  Value *Sign = signOf(r, Own);
  return r.select(Limit, Sign, D);
}

// fdim's condition: x > z (false on a tie or a NaN).
Value *firstGreater(R &r) {
  Value *X = r.x(0), *Z = r.x(1);
  return r.B.CreateFCmpOGT(X, Z);
}

// Whether fmin/fmax return their first argument.
Value *picksFirst(R &r, bool Min) {
  Value *X = r.x(0), *Z = r.x(1);
  Value *Ordered = Min ? r.B.CreateFCmpOLE(X, Z) : r.B.CreateFCmpOGE(X, Z);
  return r.B.CreateOr(Ordered, r.B.CreateFCmpUNO(Z, Z));
}

const ElementaryRule Rules[] = {
    // Powers and roots.
    {"sqrt", 1, {[](R &r) { return r.div(r.c(0.5), r.y()); }}},
    // cbrt' = 1 / (3 cbrt(x)^2): +Inf at +-0, 0 at +-Inf (the limits).
    {"cbrt", 1, {[](R &r) { return r.div(r.c(1.0), r.mul(r.c(3.0), r.sq(r.y()))); }}},
    {"pow", 2,
     {[](R &r) { // y * x^(y-1); 0 for y = 0 (pow(x, 0) = 1 even at x = 0)
        Value *X = r.x(0), *Y = r.x(1);
        Value *D = r.mul(Y, r.call("pow", {X, r.sub(Y, r.c(1.0))}));
        return r.select(r.B.CreateFCmpOEQ(Y, r.c(0.0)), r.c(0.0), D);
      },
      [](R &r) { // x^y * log x; 0 at x = 0 for y >= 0 (the limit for y > 0)
        Value *X = r.x(0), *Y = r.x(1), *P = r.y();
        Value *D = r.mul(P, r.call("log", {X}));
        Value *XZero = r.B.CreateFCmpOEQ(X, r.c(0.0));
        Value *YNonNeg = r.B.CreateFCmpOGE(Y, r.c(0.0));
        Value *AtZero = r.B.CreateAnd(XZero, YNonNeg);
        return r.select(AtZero, r.c(0.0), D);
      }}},
    {"powi", 2,
     {[](R &r) { // n * x^(n-1); 0 for n = 0
        Value *N = r.x(1);
        Value *NM1 = r.B.CreateSub(N, ConstantInt::get(N->getType(), 1));
        Value *NF = r.B.CreateSIToFP(N, r.x(0)->getType());
        Function *Powi = Intrinsic::getDeclaration(
            r.B.GetInsertBlock()->getModule(), Intrinsic::powi,
            {r.x(0)->getType(), N->getType()});
        Value *D = r.mul(NF, r.B.CreateCall(Powi, {r.x(0), NM1}));
        return r.select(r.B.CreateICmpEQ(N, ConstantInt::get(N->getType(), 0)),
                        r.c(0.0), D);
      },
      nullptr}},
    {"hypot", 2, {[](R &r) { return hypotPartial(r, 0); },
                  [](R &r) { return hypotPartial(r, 1); }}},

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
    // atan2(y, x): x(0) is y, x(1) is x. d/dy = x / (x^2 + y^2) is bounded by
    // 1/|x|, so its limit is 0 (signed 1/x) wherever x is infinite, even
    // where y is too; the formula would give Inf/Inf. Likewise d/dx.
    {"atan2", 2,
     {[](R &r) {
        Value *Y = r.x(0), *X = r.x(1);
        Value *Y2 = r.sq(Y), *X2 = r.sq(X);
        Value *D = r.div(X, r.add(Y2, X2));
        Value *Inf = isInf(r, X);
        return r.select(Inf, r.div(r.c(1.0), X), D);
      },
      [](R &r) {
        Value *Y = r.x(0), *X = r.x(1);
        Value *Y2 = r.sq(Y), *X2 = r.sq(X);
        Value *RSq = r.add(Y2, X2);
        Value *D = r.div(r.neg(Y), RSq);
        Value *Inf = isInf(r, Y);
        return r.select(Inf, r.div(r.c(-1.0), Y), D);
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

    // Gamma functions: lgamma' = digamma, tgamma' = tgamma * digamma. NaN at
    // the poles 0, -1, -2, ... lgamma_r's second argument is its sign output.
    {"lgamma", 1, {[](R &r) { return digamma(r, r.x(0)); }}},
    {"lgamma_r", 2, {[](R &r) { return digamma(r, r.x(0)); }, nullptr}},
    {"tgamma", 1,
     {[](R &r) {
        Value *Y = r.y();
        return r.mul(Y, digamma(r, r.x(0)));
      }}},

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
    // fmod(x, z) = x - n z with n = trunc(x/z), remainder with n = x/z
    // rounded to even: 1 and -n, n taken from the primal result.
    {"fmod", 2, {[](R &r) { return r.c(1.0); }, [](R &r) { return r.neg(quotient(r)); }}},
    {"remainder", 2,
     {[](R &r) { return r.c(1.0); }, [](R &r) { return r.neg(quotient(r)); }}},
    // fdim(x, z) = x - z if x > z, else +0 (and 0 on a tie or a NaN).
    {"fdim", 2,
     {[](R &r) { return r.select(firstGreater(r), r.c(1.0), r.c(0.0)); },
      [](R &r) { return r.select(firstGreater(r), r.c(-1.0), r.c(0.0)); }}},
    // The next representable number: x moves it, the direction does not.
    {"nextafter", 2, {[](R &r) { return r.c(1.0); }, nullptr}},
    {"nexttoward", 2, {[](R &r) { return r.c(1.0); }, nullptr}},
    {"fma", 3,
     {[](R &r) { return r.x(1); }, [](R &r) { return r.x(0); },
      [](R &r) { return r.c(1.0); }}},

    // Scaling by a power of two and taking it apart: x 2^n is linear in x;
    // frexp's mantissa is x 2^-e (e its exponent output); modf's fraction is
    // x - trunc(x) (its integral part, through the pointer, is made a store
    // of trunc(x) before differentiation: OutParameters.cpp).
    {"ldexp", 2, {[](R &r) { return pow2(r, r.x(1)); }, nullptr}},
    {"scalbn", 2, {[](R &r) { return pow2(r, r.x(1)); }, nullptr}},
    {"scalbln", 2, {[](R &r) { return pow2(r, r.x(1)); }, nullptr}},
    {"frexp", 2,
     {[](R &r) {
        Value *Parts = r.B.CreateIntrinsic(Intrinsic::frexp,
                                           {r.FPType, r.B.getInt32Ty()}, {r.x(0)});
        return pow2(r, r.B.CreateNeg(r.B.CreateExtractValue(Parts, 1)));
      },
      nullptr}},
    {"modf", 2, {[](R &r) { return r.c(1.0); }, nullptr}},

    // Piecewise constant: derivative 0 almost everywhere.
    {"logb", 1, {nullptr}},
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
  case Intrinsic::ldexp: return "ldexp";
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

/// The rule for a call of the libm function \p Name that \p CB makes.
static const ElementaryRule *ruleForName(StringRef Name, const CallBase &CB) {
  if (CB.arg_size() == 0 || !CB.getType()->isFloatingPointTy())
    return nullptr;
  // sin (double), sinf (float), sinl (long double); C++ std:: overloads lower
  // to the same symbols. The reentrant forms put the suffix before "_r"
  // (lgammaf_r).
  bool Reentrant = Name.consume_back("_r");
  Type *T = CB.getType();
  StringRef Base;
  if (T->isDoubleTy())
    Base = Name;
  else if (T->isFloatTy() && Name.ends_with("f"))
    Base = Name.drop_back();
  else if (!T->isFloatTy() && !T->isDoubleTy() && Name.ends_with("l"))
    Base = Name.drop_back();
  if (Base.empty())
    return nullptr;
  const ElementaryRule *Rule =
      ruleIndex().lookup(Reentrant ? (Base + "_r").str() : Base.str());
  if (Rule && Rule->NumArgs != CB.arg_size())
    return nullptr;
  return Rule;
}

const ElementaryRule *lookupRule(const CallBase &CB) {
  const Function *F = CB.getCalledFunction();
  if (!F)
    return nullptr;
  if (F->isIntrinsic()) {
    StringRef Base = intrinsicBaseName(F->getIntrinsicID());
    return Base.empty() ? nullptr : ruleIndex().lookup(Base);
  }
  if (!F->isDeclaration())
    return nullptr;
  return ruleForName(F->getName(), CB);
}

const ElementaryRule *lookupRuleLike(StringRef Name, const CallBase &CB) {
  // Enzyme writes the base name ("log1p") for a function of any precision.
  if (const ElementaryRule *R = ruleIndex().lookup(Name))
    if (R->NumArgs == CB.arg_size() && CB.getType()->isFloatingPointTy())
      return R;
  return ruleForName(Name, CB);
}

bool hasElementaryRule(StringRef Name) {
  const auto &Index = ruleIndex();
  StringRef Base = Name;
  bool Reentrant = Base.consume_back("_r");
  auto Known = [&](StringRef B) {
    return Index.lookup(Reentrant ? (B + "_r").str() : B.str()) != nullptr;
  };
  return Known(Base) ||
         ((Base.ends_with("f") || Base.ends_with("l")) && Known(Base.drop_back()));
}

} // namespace eddy
