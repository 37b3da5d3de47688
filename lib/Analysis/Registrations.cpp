//===- Registrations.cpp - Read the user's registration globals -----------===//
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Rules/MpiRules.h"
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
  TangentOf,
  AdjointOf,
  CheckpointFunction,
  EnzymeGradient,
  EnzymeDerivative,
  EnzymeSplitDerivative,
  FunctionLike,
  AllocationLike
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

/// The C string \p V points to, if it is one.
std::optional<StringRef> cString(const Value *V) {
  auto *Str = dyn_cast<GlobalVariable>(V);
  auto *Data = Str && Str->hasInitializer()
                   ? dyn_cast<ConstantDataSequential>(Str->getInitializer())
                   : nullptr;
  if (!Data || !Data->isCString())
    return std::nullopt;
  return Data->getAsCString();
}

/// Enzyme's {f, (void *)size index, "i,j,-1", free}: the size argument and,
/// per argument of free, the argument of f's call it takes (-1: the block).
std::optional<AllocationLike> parseAllocationLike(const Value *Index,
                                                  StringRef Spec,
                                                  const Function &F) {
  AllocationLike A;
  uint64_t SizeArg = 0; // An integer 0 may arrive as a null pointer.
  if (auto *CE = dyn_cast<ConstantExpr>(Index);
      CE && CE->getOpcode() == Instruction::IntToPtr)
    Index = CE->getOperand(0);
  if (auto *CI = dyn_cast<ConstantInt>(Index))
    SizeArg = CI->getZExtValue();
  else if (!isa<ConstantPointerNull>(Index))
    return std::nullopt;
  if (SizeArg >= F.arg_size() ||
      !F.getArg(SizeArg)->getType()->isIntegerTy())
    return std::nullopt;
  A.SizeArg = SizeArg;
  SmallVector<StringRef, 2> Parts;
  Spec.split(Parts, ',');
  for (StringRef P : Parts) {
    int K;
    if (P.trim().getAsInteger(10, K) || K < -1 || K >= (int)F.arg_size())
      return std::nullopt;
    A.FreeArgs.push_back(K);
  }
  return A;
}

/// Why \p Free cannot be called as \p A says, if it cannot.
std::optional<std::string> checkDeallocator(const AllocationLike &A,
                                            const Function &F,
                                            const Function &Free) {
  if (!F.getReturnType()->isPointerTy())
    return std::string("the allocation function must return a pointer");
  if (Free.arg_size() != A.FreeArgs.size() || Free.isVarArg())
    return "the deallocation function takes " + std::to_string(Free.arg_size()) +
           " arguments, but the deallocation arguments list " +
           std::to_string(A.FreeArgs.size());
  for (auto [K, From] : enumerate(A.FreeArgs)) {
    Type *Want = From < 0 ? F.getReturnType() : F.getArg(From)->getType();
    if (Free.getArg(K)->getType() != Want)
      return "argument " + std::to_string(K + 1) +
             " of the deallocation function does not have the type of " +
             (From < 0 ? std::string("the allocated block")
                       : "argument " + std::to_string(From + 1) +
                             " of the allocation function");
  }
  return std::nullopt;
}

void complain(const GlobalVariable &GV, const Twine &Msg) {
  GV.getContext().emitError("eddy: registration '" + GV.getName() + "': " + Msg);
}
} // namespace

bool Registrations::namesNamedDerivative(StringRef GlobalName) {
  RegistrationKind Kind = classify(GlobalName);
  return Kind == RegistrationKind::GradientOf || Kind == RegistrationKind::TangentOf ||
         Kind == RegistrationKind::AdjointOf;
}

Function *originalOfStub(Function *F) {
  if (MDNode *MD = F ? F->getMetadata(ProtectedMDName) : nullptr)
    if (auto *Original = mdconst::dyn_extract_or_null<Function>(MD->getOperand(0)))
      return Original;
  return F;
}

bool Registrations::namesEnzymeRegistration(StringRef GlobalName) {
  switch (classify(GlobalName)) {
  case RegistrationKind::EnzymeGradient:
  case RegistrationKind::EnzymeDerivative:
  case RegistrationKind::EnzymeSplitDerivative:
  case RegistrationKind::FunctionLike:
  case RegistrationKind::AllocationLike:
    return true;
  default:
    return false;
  }
}

bool Registrations::namesRegistration(StringRef GlobalName) {
  return classify(GlobalName) != RegistrationKind::None;
}

SmallVector<Function *, 4> Registrations::annotatedFunctions() const {
  SmallVector<Function *, 4> Out;
  for (const auto &[F, R] : Rules)
    if (R.Inactive || R.hasRule() || !R.LikeName.empty() || R.Allocation ||
        R.Deallocator || R.Checkpoint)
      Out.push_back(const_cast<Function *>(F));
  // DenseMap order follows pointer values; callers want a stable order.
  llvm::sort(Out, [](const Function *A, const Function *B) {
    return A->getName() < B->getName();
  });
  return Out;
}

const FunctionRules *Registrations::mpiRules(Function &F,
                                             bool Extremum) const {
  auto [It, New] = Mpi.try_emplace({&F, unsigned(Extremum)});
  if (New)
    It->second = buildMpiRules(F, Extremum);
  return It->second.hasRule() ? &It->second : nullptr;
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
    case RegistrationKind::CheckpointFunction:
      for (unsigned K = 0; K < Items.size(); ++K)
        if (Function *F = FunctionAt(K))
          Rules[F].Checkpoint = true;
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
    case RegistrationKind::TangentOf:
    case RegistrationKind::AdjointOf: {
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
                       Kind != RegistrationKind::TangentOf,
                       Kind == RegistrationKind::AdjointOf});
      break;
    }
    case RegistrationKind::EnzymeGradient: {
      Function *F = FunctionAt(0), *Aug = FunctionAt(1), *Rev = FunctionAt(2);
      if (!F || !Aug || !Rev || Items.size() != 3) {
        complain(GV, "expected {function, augmented forward, reverse}");
        break;
      }
      Rules[F].EnzymeAugmented = Aug;
      Rules[F].EnzymeReverse = Rev;
      break;
    }
    case RegistrationKind::EnzymeDerivative: {
      Function *F = FunctionAt(0), *Rule = FunctionAt(1);
      if (!F || !Rule || Items.size() != 2) {
        complain(GV, "expected {function, derivative}");
        break;
      }
      Rules[F].Tangent = Rule;
      Rules[F].EnzymeTangent = true;
      break;
    }
    case RegistrationKind::EnzymeSplitDerivative:
      complain(GV, "forward split mode (__enzyme_fwdsplit) is not supported; "
                   "register the forward rule with "
                   "__enzyme_register_derivative instead");
      break;
    case RegistrationKind::FunctionLike: {
      Function *F = FunctionAt(0);
      std::optional<StringRef> Name =
          Items.size() == 2 ? cString(Items[1]) : std::nullopt;
      if (!F || !Name) {
        complain(GV, "expected {function, \"name of a libm function\"}");
        break;
      }
      if (!hasElementaryRule(*Name)) {
        complain(GV, "Eddy has no rule for '" + *Name +
                         "' (the libm functions it differentiates are listed "
                         "in README.md)");
        break;
      }
      Rules[F].LikeName = Name->str();
      break;
    }
    case RegistrationKind::AllocationLike: {
      Function *F = FunctionAt(0), *Free = FunctionAt(3);
      std::optional<StringRef> Spec =
          Items.size() == 4 ? cString(Items[2]) : std::nullopt;
      std::optional<AllocationLike> A =
          F && Free && Spec ? parseAllocationLike(Items[1], *Spec, *F)
                            : std::nullopt;
      if (!A) {
        complain(GV, "expected {allocation function, (void *)index of its "
                     "size argument, \"deallocation arguments\", "
                     "deallocation function}");
        break;
      }
      A->Free = Free;
      if (auto Why = checkDeallocator(*A, *F, *Free)) {
        complain(GV, *Why);
        break;
      }
      if (auto It = find(A->FreeArgs, -1); It != A->FreeArgs.end()) {
        Rules[Free].Deallocator = true;
        Rules[Free].DeallocatorBlockArg = It - A->FreeArgs.begin();
      }
      Rules[F].Allocation = std::move(*A);
      break;
    }
    case RegistrationKind::None:
      break;
    }
  }
}

} // namespace eddy
