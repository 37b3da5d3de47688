//===- EnzymeRules.cpp - The calling conventions of Enzyme's rules --------===//
#include "EnzymeRules.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Function.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace eddy {

static std::string describe(Type *T) {
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS);
  return S;
}

static std::string describe(ArrayRef<Type *> Params) {
  std::string S = "(";
  for (auto [K, T] : enumerate(Params))
    S += (K ? ", " : "") + describe(T);
  return S + ")";
}

/// The parameters a rule takes for \p F's: each one, followed by its shadow
/// when \p Shadowed says so.
static SmallVector<Type *, 8>
interleaved(const Function &F, function_ref<bool(Type *)> Shadowed) {
  SmallVector<Type *, 8> Params;
  for (const Argument &A : F.args()) {
    Params.push_back(A.getType());
    if (Shadowed(A.getType()))
      Params.push_back(A.getType());
  }
  return Params;
}

std::optional<TangentRuleLayout> matchTangentRule(const Function &Rule,
                                                  const Function &F) {
  ArrayRef<Type *> Got = Rule.getFunctionType()->params();
  Type *R = F.getReturnType();
  Type *GotR = Rule.getReturnType();
  TangentRuleLayout L;
  if (GotR != R) {
    auto *ST = dyn_cast<StructType>(GotR);
    if (R->isVoidTy() || !ST || ST->getNumElements() != 2 ||
        ST->getElementType(0) != R || ST->getElementType(1) != R)
      return std::nullopt;
    L.PairReturn = true;
  }
  auto Eddy = interleaved(F, [](Type *T) {
    return T->isFloatingPointTy() || T->isPointerTy();
  });
  if (Got == ArrayRef<Type *>(Eddy) && !Rule.isVarArg())
    return L;
  auto Enzyme = interleaved(F, [](Type *T) {
    return T->isFloatingPointTy() || T->isPointerTy() || T->isIntegerTy();
  });
  if (Got == ArrayRef<Type *>(Enzyme) && !Rule.isVarArg()) {
    L.IntShadows = true;
    return L;
  }
  return std::nullopt;
}

/// The struct an Enzyme rule returns, directly or through sret, if any.
static StructType *returnedStruct(const Function &G, bool &SRet,
                                  SmallVectorImpl<Type *> &Params) {
  Params.assign(G.getFunctionType()->param_begin(),
                G.getFunctionType()->param_end());
  SRet = G.arg_size() > 0 && G.hasParamAttribute(0, Attribute::StructRet);
  if (SRet) {
    Params.erase(Params.begin());
    return dyn_cast<StructType>(G.getParamStructRetType(0));
  }
  return dyn_cast<StructType>(G.getReturnType());
}

/// Fills the augmented forward's part of \p S, or says what is wrong.
static std::optional<std::string> matchAugmented(const Function &F,
                                                 const Function &Aug,
                                                 EnzymeGradientShape &S) {
  auto Expected = interleaved(F, [](Type *T) { return !T->isFPOrFPVectorTy(); });
  SmallVector<Type *, 8> Params;
  S.AugStruct = returnedStruct(Aug, S.AugSRet, Params);
  std::string Name = "the augmented forward '" + displayName(Aug) + "'";
  if (ArrayRef<Type *>(Params) != ArrayRef<Type *>(Expected) || Aug.isVarArg())
    return Name + " must take " + describe(Expected) +
           " (each parameter of '" + displayName(F) +
           "', every one that is not floating-point followed by its shadow), "
           "not " + describe(Params);
  Type *R = F.getReturnType();
  Type *AugR = S.AugSRet ? S.AugStruct : Aug.getReturnType();
  if (!S.AugSRet && AugR == R) {
    S.AugReturnsResult = !R->isVoidTy();
    return std::nullopt;
  }
  StructType *ST = S.AugStruct;
  unsigned N = ST ? ST->getNumElements() : 0;
  auto FieldIs = [&](unsigned K, Type *T) { return ST->getElementType(K) == T; };
  if (R->isVoidTy() && !ST) {
    S.AugReturnsTape = true;
    return std::nullopt;
  }
  if (!R->isVoidTy() && ST) {
    if (N == 3 && FieldIs(1, R) && FieldIs(2, R)) {
      S.TapeField = 0, S.ResultField = 1, S.ShadowField = 2;
      return std::nullopt;
    }
    if (N == 2 && FieldIs(0, R) && FieldIs(1, R)) {
      S.ResultField = 0, S.ShadowField = 1;
      return std::nullopt;
    }
    if (N == 2 && FieldIs(1, R)) {
      S.TapeField = 0, S.ResultField = 1;
      return std::nullopt;
    }
  }
  if (R->isVoidTy())
    return Name + " of the void function '" + displayName(F) +
           "' must return its tape (a pointer) or nothing, not " +
           describe(AugR);
  return Name + " must also return the result of '" + displayName(F) +
         "': return " + describe(R) + " (no tape), or a struct {tape, " +
         describe(R) + "} or {tape, " + describe(R) + ", " + describe(R) +
         " shadow}, not " + describe(AugR);
}

/// Fills the reverse's part of \p S, or says what is wrong.
static std::optional<std::string> matchReverse(const Function &F,
                                               const Function &Rev,
                                               EnzymeGradientShape &S) {
  auto Expected = interleaved(F, [](Type *T) { return !T->isFPOrFPVectorTy(); });
  Type *R = F.getReturnType();
  if (R->isFPOrFPVectorTy())
    Expected.push_back(R); // The adjoint of the result.
  SmallVector<Type *, 8> Params;
  StructType *ST = returnedStruct(Rev, S.RevSRet, Params);
  bool HasTape = S.TapeField >= 0 || S.AugReturnsTape;
  std::string Name = "the reverse '" + displayName(Rev) + "'";
  std::string Want = describe(Expected);
  if (Params.size() == Expected.size() + 1 &&
      ArrayRef<Type *>(Params).drop_back() == ArrayRef<Type *>(Expected)) {
    if (!HasTape)
      return Name + " takes a tape, but the augmented forward returns none";
    S.RevTakesTape = true;
  } else if (ArrayRef<Type *>(Params) != ArrayRef<Type *>(Expected) ||
             Rev.isVarArg()) {
    return Name + " must take " + Want.substr(0, Want.size() - 1) +
           (Expected.empty() ? "" : ", ") +
           "[tape]) (the parameters of the augmented forward" +
           (R->isFPOrFPVectorTy() ? ", the adjoint of the result" : "") +
           ", then the tape if there is one), not " + describe(Params);
  }
  SmallVector<Type *, 4> Adjoints;
  for (const Argument &A : F.args())
    if (A.getType()->isFPOrFPVectorTy())
      Adjoints.push_back(A.getType());
  Type *Got = S.RevSRet ? ST : Rev.getReturnType();
  S.RevResult = Got;
  bool Fits = false;
  if (Adjoints.empty())
    Fits = Got && Got->isVoidTy();
  else if (Adjoints.size() == 1 && Got == Adjoints[0])
    Fits = true;
  else if (auto *GST = dyn_cast_or_null<StructType>(Got))
    Fits = GST->elements() == ArrayRef<Type *>(Adjoints);
  else if (auto *VT = dyn_cast_or_null<FixedVectorType>(Got))
    Fits = VT->getNumElements() == Adjoints.size() &&
           all_of(Adjoints, [&](Type *T) { return T == VT->getElementType(); });
  if (Fits)
    return std::nullopt;
  if (Adjoints.empty())
    return Name + " must return void: '" + displayName(F) +
           "' has no floating-point parameter to return an adjoint for";
  return Name + " must return the adjoints of the floating-point parameters "
         "of '" + displayName(F) + "' in order, " +
         (Adjoints.size() == 1 ? describe(Adjoints[0])
                               : "as a struct " + describe(Adjoints)) +
         ", not " + (Got ? describe(Got) : std::string("an sret of that"));
}

std::variant<EnzymeGradientShape, std::string>
matchEnzymeGradient(const Function &F, const Function &Aug,
                    const Function &Rev) {
  EnzymeGradientShape S;
  std::string Where = " (registered for '" + displayName(F) +
                      "' with __enzyme_register_gradient)";
  if (auto Why = matchAugmented(F, Aug, S))
    return *Why + Where;
  if (auto Why = matchReverse(F, Rev, S))
    return *Why + Where;
  return S;
}

} // namespace eddy
