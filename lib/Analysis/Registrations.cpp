//===- Registrations.cpp - Read the user's registration globals -----------===//
#include "Eddy/Analysis/Registrations.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {
namespace {
enum class RegistrationKind {
  None,
  InactiveFunction,
  InactiveGlobal,
  TangentRule,
  AdjointRule,
  GradientOf,
  TangentOf
};

RegistrationKind classify(StringRef Name) {
#define EDDY_REGISTRATION(Prefix, Kind)                                        \
  if (Name.contains(#Prefix))                                                  \
    return RegistrationKind::Kind;
#include "eddy/abi.def"
  return RegistrationKind::None;
}

/// The values a registration's initializer lists, casts stripped.
SmallVector<Value *, 2> listed(const GlobalVariable &GV) {
  SmallVector<Value *, 2> Out;
  const Constant *Init = GV.getInitializer();
  if (auto *CA = dyn_cast<ConstantAggregate>(Init)) {
    for (const Use &U : CA->operands())
      Out.push_back(U.get()->stripPointerCasts());
  } else {
    Out.push_back(const_cast<Constant *>(Init)->stripPointerCasts());
  }
  return Out;
}

void complain(const GlobalVariable &GV, const Twine &Msg) {
  GV.getContext().emitError("eddy: registration '" + GV.getName() + "': " + Msg);
}
} // namespace

bool Registrations::namesNamedDerivative(StringRef GlobalName) {
  RegistrationKind Kind = classify(GlobalName);
  return Kind == RegistrationKind::GradientOf || Kind == RegistrationKind::TangentOf;
}

Function *originalOfStub(Function *F) {
  if (MDNode *MD = F ? F->getMetadata(ProtectedMDName) : nullptr)
    if (auto *Original = mdconst::dyn_extract_or_null<Function>(MD->getOperand(0)))
      return Original;
  return F;
}

bool Registrations::namesRegistration(StringRef GlobalName) {
  return classify(GlobalName) != RegistrationKind::None;
}

SmallVector<Function *, 4> Registrations::annotatedFunctions() const {
  SmallVector<Function *, 4> Out;
  for (const auto &[F, R] : Rules)
    if (R.Inactive || R.Tangent || R.Adjoint)
      Out.push_back(const_cast<Function *>(F));
  // DenseMap order follows pointer values; callers want a stable order.
  llvm::sort(Out, [](const Function *A, const Function *B) {
    return A->getName() < B->getName();
  });
  return Out;
}

Registrations::Registrations(Module &M, bool Report) {
  auto complain = [Report](const GlobalVariable &GV, const Twine &Msg) {
    if (Report)
      eddy::complain(GV, Msg);
  };
  for (GlobalVariable &GV : M.globals()) {
    RegistrationKind Kind = classify(GV.getName());
    if (Kind == RegistrationKind::None || !GV.hasInitializer())
      continue;
    SmallVector<Value *, 2> Items = listed(GV);
    auto FunctionAt = [&](unsigned K) {
      return K < Items.size() ? dyn_cast<Function>(Items[K]) : nullptr;
    };
    switch (Kind) {
    case RegistrationKind::InactiveFunction:
      for (unsigned K = 0; K < Items.size(); ++K)
        if (Function *F = FunctionAt(K))
          Rules[F].Inactive = true;
      break;
    case RegistrationKind::InactiveGlobal:
      for (Value *V : Items)
        InactiveGlobals.insert(V);
      break;
    case RegistrationKind::TangentRule:
    case RegistrationKind::AdjointRule: {
      Function *F = FunctionAt(0), *Rule = FunctionAt(1);
      if (!F || !Rule || Items.size() != 2) {
        complain(GV, "expected {function, rule function}");
        break;
      }
      if (Kind == RegistrationKind::TangentRule)
        Rules[F].Tangent = Rule;
      else
        Rules[F].Adjoint = Rule;
      break;
    }
    case RegistrationKind::GradientOf:
    case RegistrationKind::TangentOf: {
      Function *G = FunctionAt(0), *Primal = FunctionAt(1);
      auto *Str = Items.size() == 3 ? dyn_cast<GlobalVariable>(Items[2]) : nullptr;
      auto *Data = Str && Str->hasInitializer()
                       ? dyn_cast<ConstantDataSequential>(Str->getInitializer())
                       : nullptr;
      if (!G || !Primal || !Data || !Data->isCString()) {
        complain(GV, "expected {derivative, function, activity string}");
        break;
      }
      Named.push_back({G, Primal, Data->getAsCString().str(),
                       Kind == RegistrationKind::GradientOf});
      break;
    }
    case RegistrationKind::None:
      break;
    }
  }
}

} // namespace eddy
