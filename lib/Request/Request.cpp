//===- Request.cpp - Parse a request call into a DiffRequest --------------===//
#include "Eddy/Request/Request.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace eddy {

namespace {
enum class Marker {
  None, Const, Dup, DupNoNeed, Out, Unknown,
  // Split mode's options (EDDY_SPLIT_MARKER).
  enzyme_tape, enzyme_allocated, enzyme_nofree
};

/// A marker is recognised by the global it names: `enzyme_dup` passed by value
/// (a load of the global) or by address (`&enzyme_dup` in C++).
static const GlobalVariable *markerGlobal(const Value *V) {
  V = V->stripPointerCasts();
  if (const auto *LI = dyn_cast<LoadInst>(V))
    V = LI->getPointerOperand()->stripPointerCasts();
  return dyn_cast<GlobalVariable>(V);
}

Marker classifyMarker(const Value *V, std::string &Name) {
  const GlobalVariable *GV = markerGlobal(V);
  if (!GV)
    return Marker::None;
  Name = GV->getName().str();
#define EDDY_MARKER(N, Kind)                                                   \
  if (GV->getName() == #N)                                                     \
    return Marker::Kind;
#include "eddy/abi.def"
#define EDDY_SPLIT_MARKER(N)                                                   \
  if (GV->getName() == #N)                                                     \
    return Marker::N;
#include "eddy/abi.def"
  if (GV->getName().starts_with("enzyme_"))
    return Marker::Unknown;
  return Marker::None;
}

bool isWidthMarker(const Value *V) {
  const GlobalVariable *GV = markerGlobal(V);
  if (!GV)
    return false;
#define EDDY_WIDTH_MARKER(N)                                                   \
  if (GV->getName() == #N)                                                     \
    return true;
#include "eddy/abi.def"
  return false;
}

bool isBudgetMarker(const Value *V) {
  const GlobalVariable *GV = markerGlobal(V);
  if (!GV)
    return false;
#define EDDY_BUDGET_MARKER(N)                                                  \
  if (GV->getName() == #N)                                                     \
    return true;
#include "eddy/abi.def"
  return false;
}

/// The largest vector width: tangents travel in registers and the derivative
/// takes Width arguments per active parameter.
constexpr uint64_t MaxWidth = 64;

const char *modeWord(DiffMode M) {
  return M == DiffMode::Reverse ? "reverse" : "forward";
}
} // namespace

/// The function a request names: a constant, or (at -O0) a local variable
/// that is only ever assigned that one function.
Function *resolveFunction(Value *V) {
  V = V->stripPointerCasts();
  if (auto *F = dyn_cast<Function>(V))
    return F;
  auto *LI = dyn_cast<LoadInst>(V);
  auto *AI = LI ? dyn_cast<AllocaInst>(LI->getPointerOperand()) : nullptr;
  if (!AI)
    return nullptr;
  Function *Found = nullptr;
  for (User *U : AI->users()) {
    if (isa<LoadInst>(U))
      continue;
    auto *SI = dyn_cast<StoreInst>(U);
    if (!SI || SI->getPointerOperand() != AI)
      return nullptr; // The address escapes: it could be changed anywhere.
    auto *F = dyn_cast<Function>(SI->getValueOperand()->stripPointerCasts());
    if (!F || (Found && Found != F))
      return nullptr;
    Found = F;
  }
  return Found;
}

bool isBatchRequest(const CallBase &CB) {
  const auto *Callee =
      dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee || !Callee->isDeclaration())
    return false;
#define EDDY_BATCH_ENTRY(Sub)                                                  \
  if (Callee->getName().contains(#Sub))                                        \
    return true;
#include "eddy/abi.def"
  return false;
}

std::optional<DiffMode> classifyRequest(const CallBase &CB) {
  // C code may call an entry point through a cast to another function type.
  const auto *Callee =
      dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  if (!Callee || !Callee->isDeclaration())
    return std::nullopt;
  StringRef N = Callee->getName();
#define EDDY_ENTRY(Sub, Mode)                                                  \
  if (N.contains(#Sub))                                                        \
    return DiffMode::Mode;
#include "eddy/abi.def"
  if (classifySplit(CB) != SplitPart::None)
    return DiffMode::Reverse;
  return std::nullopt;
}

/// The declared-only function \p CB calls, or null.
static const Function *declaredCallee(const CallBase &CB) {
  const auto *Callee =
      dyn_cast<Function>(CB.getCalledOperand()->stripPointerCasts());
  return Callee && Callee->isDeclaration() ? Callee : nullptr;
}

SplitPart classifySplit(const CallBase &CB) {
  const Function *Callee = declaredCallee(CB);
  if (!Callee)
    return SplitPart::None;
  StringRef N = Callee->getName();
  // __enzyme_augmentsize before __enzyme_augmentfwd: neither contains the
  // other, but the table's order must not matter.
#define EDDY_SPLIT_ENTRY(Sub, Part)                                            \
  if (N.contains(#Sub))                                                        \
    return SplitPart::Part;
#include "eddy/abi.def"
  return SplitPart::None;
}

bool isTapeFree(const CallBase &CB) {
  const Function *Callee = declaredCallee(CB);
  if (!Callee)
    return false;
#define EDDY_TAPE_FREE(Sub)                                                    \
  if (Callee->getName().contains(#Sub))                                        \
    return true;
#include "eddy/abi.def"
  return false;
}

static const char *entryName(const DiffRequest &R) {
  switch (R.Split.Part) {
  case SplitPart::Augment:
    return "__enzyme_augmentfwd";
  case SplitPart::Backward:
    return "__enzyme_reverse";
  case SplitPart::AugmentSize:
    return "__enzyme_augmentsize";
  case SplitPart::None:
    break;
  }
  return R.Mode == DiffMode::Reverse ? "__enzyme_autodiff" : "__enzyme_fwddiff";
}

static bool isSplitMarker(Marker M) {
  return M == Marker::enzyme_tape || M == Marker::enzyme_allocated ||
         M == Marker::enzyme_nofree;
}

/// Consumes split mode's options at argument \p Next (any number, in any
/// order). Returns false after reporting misuse.
static bool parseSplitOptions(CallBase &CB, DiffRequest &R, unsigned &Next,
                              DiagnosticSink &Diags) {
  const unsigned End = CB.arg_size();
  while (Next < End) {
    std::string Name;
    Marker M = classifyMarker(CB.getArgOperand(Next), Name);
    if (!isSplitMarker(M))
      return true;
    if (R.Split.Part == SplitPart::None) {
      Diags.error(&CB, "'" + Name + "' is an option of split mode "
                       "(__enzyme_augmentfwd / __enzyme_reverse); " +
                       entryName(R) + " takes no tape");
      return false;
    }
    ++Next;
    if (M == Marker::enzyme_nofree) {
      R.Split.NoFree = true;
      continue;
    }
    Value *Operand = Next < End ? CB.getArgOperand(Next) : nullptr;
    std::string Ignored;
    if (!Operand || classifyMarker(Operand, Ignored) != Marker::None) {
      Diags.error(&CB, M == Marker::enzyme_tape
                           ? "enzyme_tape must be followed by the address of "
                             "the tape"
                           : "enzyme_allocated must be followed by a constant "
                             "size in bytes");
      return false;
    }
    ++Next;
    if (M == Marker::enzyme_tape) {
      if (!Operand->getType()->isPointerTy()) {
        Diags.error(&CB, "enzyme_tape must be followed by the address of the "
                         "tape (a pointer)");
        return false;
      }
      R.Split.TapeAddress = Operand;
      continue;
    }
    // A size that is not a constant here is __enzyme_augmentsize's value
    // through a local (the front end accepts nothing else): it fits.
    auto *N = dyn_cast<ConstantInt>(Operand);
    if (!Operand->getType()->isIntegerTy() || (N && N->isNegative())) {
      Diags.error(&CB, "enzyme_allocated must be followed by a constant size "
                       "in bytes");
      return false;
    }
    R.Split.AllocatedBytes = N ? N->getZExtValue() : UINT64_MAX;
  }
  return true;
}

/// After the parameters of a backward request: the differential of an
/// active return, then the tape unless `enzyme_tape` gave its address.
static bool parseBackwardExtras(CallBase &CB, DiffRequest &R, unsigned &Next,
                                DiagnosticSink &Diags) {
  const unsigned End = CB.arg_size();
  std::string FnName = displayName(*R.Fn);
  if (R.Fn->getReturnType()->isFloatingPointTy() && Next < End &&
      !(R.Split.TapeAddress == nullptr && Next + 1 == End &&
        CB.getArgOperand(Next)->getType()->isPointerTy())) {
    Value *D = CB.getArgOperand(Next);
    if (!D->getType()->isFloatingPointTy()) {
      Diags.error(&CB, "__enzyme_reverse for '" + FnName + "': the argument "
                       "after the parameters must be the differential of "
                       "the returned value (a floating-point value)");
      return false;
    }
    R.Split.ReturnAdjoint = D;
    ++Next;
    if (!parseSplitOptions(CB, R, Next, Diags))
      return false;
  }
  if (!R.Split.TapeAddress) {
    if (Next >= End || !CB.getArgOperand(Next)->getType()->isPointerTy()) {
      Diags.error(&CB, "__enzyme_reverse for '" + FnName + "' has no tape: "
                       "pass the handle __enzyme_augmentfwd returned as the "
                       "last argument, or its address after enzyme_tape");
      return false;
    }
    R.Split.TapeValue = CB.getArgOperand(Next++);
    if (!parseSplitOptions(CB, R, Next, Diags))
      return false;
  }
  return true;
}

/// `eddy_tape_budget, B` at argument \p Next, if it is there: a reverse
/// request's tape budget (B an integer, checked >= 1 at run time when it is
/// not a constant). Returns false after reporting misuse.
static bool parseBudget(CallBase &CB, DiffRequest &R, unsigned &Next,
                        DiagnosticSink &Diags) {
  const unsigned End = CB.arg_size();
  if (Next >= End || !isBudgetMarker(CB.getArgOperand(Next)))
    return true;
  if (R.TapeBudget) {
    Diags.error(&CB, "eddy_tape_budget is given twice in this request; a "
                     "request takes one budget");
    return false;
  }
  if (R.Mode != DiffMode::Reverse || R.Split.Part != SplitPart::None) {
    Diags.error(&CB, Twine("eddy_tape_budget is an option of reverse mode "
                           "(__enzyme_autodiff); ") + entryName(R) +
                         (R.Mode == DiffMode::Forward
                              ? " keeps no tape"
                              : " does not take it: a checkpointed loop in "
                                "split mode is not supported"));
    return false;
  }
  Value *B = Next + 1 < End ? CB.getArgOperand(Next + 1) : nullptr;
  std::string Ignored;
  if (!B || !B->getType()->isIntegerTy() || isBudgetMarker(B) ||
      isWidthMarker(B) || classifyMarker(B, Ignored) != Marker::None) {
    Diags.error(&CB, "eddy_tape_budget must be followed by the budget in "
                     "bytes, an integer");
    return false;
  }
  if (auto *C = dyn_cast<ConstantInt>(B); C && !C->getValue().isStrictlyPositive()) {
    Diags.error(&CB, "the tape budget is " + Twine(C->getSExtValue()) +
                         " bytes; a budget must be at least 1 byte");
    return false;
  }
  R.TapeBudget = B;
  Next += 2;
  return true;
}

SmallVector<CallBase *, 2> splitMergedRequest(CallBase &CB) {
  unsigned First =
      CB.arg_size() > 0 && CB.paramHasAttr(0, Attribute::StructRet) ? 1 : 0;
  auto *Call = dyn_cast<CallInst>(&CB);
  auto *Sel = CB.arg_size() > First
                  ? dyn_cast<SelectInst>(CB.getArgOperand(First)->stripPointerCasts())
                  : nullptr;
  if (!Call || !Sel || Sel->getCondition()->getType()->isVectorTy())
    return {&CB};
  Instruction *ThenTerm = nullptr, *ElseTerm = nullptr;
  SplitBlockAndInsertIfThenElse(Sel->getCondition(), Call, &ThenTerm, &ElseTerm);
  SmallVector<CallBase *, 2> Out;
  PHINode *Result = nullptr;
  if (!Call->getType()->isVoidTy()) {
    Result = PHINode::Create(Call->getType(), 2, "eddy.request", Call);
    Result->setDebugLoc(Call->getDebugLoc());
  }
  for (auto [Term, Fn] : {std::pair(ThenTerm, Sel->getTrueValue()),
                          std::pair(ElseTerm, Sel->getFalseValue())}) {
    auto *Arm = cast<CallInst>(Call->clone());
    Arm->insertBefore(Term);
    Arm->setArgOperand(First, Fn);
    if (Result)
      Result->addIncoming(Arm, Term->getParent());
    Out.append(splitMergedRequest(*Arm));
  }
  if (Result)
    Call->replaceAllUsesWith(Result);
  Call->eraseFromParent();
  if (Sel->use_empty())
    Sel->eraseFromParent();
  return Out;
}

std::optional<DiffRequest> parseRequest(CallBase &CB, DiffMode Mode,
                                        DiagnosticSink &Diags) {
  DiffRequest R;
  R.Call = &CB;
  R.Mode = Mode;
  R.Split.Part = classifySplit(CB);
  const char *Entry = entryName(R);
  unsigned First = 0;
  if (CB.arg_size() > 0 && CB.paramHasAttr(0, Attribute::StructRet)) {
    R.SRet = CB.getArgOperand(0);
    First = 1;
  }
  if (CB.arg_size() <= First) {
    Diags.error(&CB, Twine(Entry) + " needs the function to differentiate as "
                                    "its first argument");
    return std::nullopt;
  }
  // At -O0 the function may reach the request through a local that holds a
  // protection stub (Passes/AnnotationGuard.h): differentiate the body.
  R.Fn = originalOfStub(resolveFunction(CB.getArgOperand(First)));
  if (!R.Fn) {
    Diags.error(&CB, Twine("the first argument of ") + Entry +
                         " must be a function (not a variable or an indirect "
                         "pointer); pass the function itself, e.g. (void*)f");
    return std::nullopt;
  }
  std::string FnName = displayName(*R.Fn);
  if (R.Fn->isVarArg()) {
    Diags.error(&CB, "cannot differentiate variadic function '" + FnName + "'");
    return std::nullopt;
  }

  unsigned Next = First + 1, End = CB.arg_size();
  // The size query names only markers; the size does not depend on them.
  if (R.Split.Part == SplitPart::AugmentSize)
    return R;
  if (!parseSplitOptions(CB, R, Next, Diags))
    return std::nullopt;
  if (Next < End && isWidthMarker(CB.getArgOperand(Next)) &&
      R.Split.Part != SplitPart::None) {
    Diags.error(&CB, Twine("enzyme_width is not supported in split mode (") +
                         Entry + "); use one augmented forward and backward "
                         "call per cotangent, or __enzyme_autodiff with "
                         "enzyme_width");
    return std::nullopt;
  }
  // The request's options, in either order: `eddy_tape_budget, B` and
  // `enzyme_width, N`.
  if (!parseBudget(CB, R, Next, Diags))
    return std::nullopt;
  if (Next < End && isWidthMarker(CB.getArgOperand(Next))) {
    auto *N = Next + 1 < End ? dyn_cast<ConstantInt>(CB.getArgOperand(Next + 1))
                             : nullptr;
    if (!N || N->isNegative() || N->isZero() || N->getZExtValue() > MaxWidth) {
      Diags.error(&CB, "enzyme_width must be followed by a constant width "
                       "between 1 and " + Twine(MaxWidth));
      return std::nullopt;
    }
    R.Width = N->getZExtValue();
    Next += 2;
    if (!parseBudget(CB, R, Next, Diags))
      return std::nullopt;
  }
  unsigned NumParams = R.Fn->arg_size();
  for (unsigned P = 0; P < NumParams; ++P) {
    Type *PT = R.Fn->getArg(P)->getType();
    if (!parseSplitOptions(CB, R, Next, Diags))
      return std::nullopt;
    if (Next < End && isBudgetMarker(CB.getArgOperand(Next))) {
      Diags.error(&CB, "eddy_tape_budget must come right after the function "
                       "(before or after enzyme_width, N)");
      return std::nullopt;
    }
    std::string MarkerName;
    Marker M = Next < End ? classifyMarker(CB.getArgOperand(Next), MarkerName)
                          : Marker::None;
    if (M == Marker::Unknown) {
      Diags.error(&CB, "unknown activity marker '" + MarkerName +
                           "'; use enzyme_const, enzyme_dup, enzyme_dupnoneed "
                           "or enzyme_out");
      return std::nullopt;
    }
    if (M != Marker::None)
      ++Next;
    auto IsMarker = [&](unsigned K) {
      std::string Ignored;
      return K < End &&
             classifyMarker(CB.getArgOperand(K), Ignored) != Marker::None;
    };
    if (IsMarker(Next)) {
      Diags.error(&CB, "an activity marker stands where the value of "
                       "parameter " + Twine(P + 1) + " of '" + FnName +
                           "' is expected");
      return std::nullopt;
    }
    if (Next >= End) {
      Diags.error(&CB, Twine(modeWord(Mode)) + "-mode request for '" + FnName +
                           "' has too few arguments: parameter " +
                           Twine(P + 1) + " of " + Twine(NumParams) +
                           " has no value");
      return std::nullopt;
    }
    RequestArg A;
    A.Primal = CB.getArgOperand(Next++);
    bool IsFP = PT->isFPOrFPVectorTy();
    bool IsPtr = PT->isPointerTy();
    switch (M) {
    case Marker::Const:
      A.Activity = ArgActivity::Const;
      break;
    case Marker::Dup:
      A.Activity = ArgActivity::Dup;
      break;
    case Marker::DupNoNeed:
      A.Activity = ArgActivity::DupNoNeed;
      break;
    case Marker::Out:
      A.Activity = ArgActivity::Out;
      break;
    default: // The documented defaults.
      if (IsPtr)
        A.Activity = ArgActivity::Dup;
      else if (IsFP)
        A.Activity = Mode == DiffMode::Reverse ? ArgActivity::Out
                                               : ArgActivity::Dup;
      else
        A.Activity = ArgActivity::Const;
      break;
    }
    if (A.Activity == ArgActivity::Out && (Mode == DiffMode::Forward || !IsFP)) {
      Diags.error(&CB, Twine("enzyme_out on parameter ") + Twine(P + 1) +
                           " of '" + FnName + "': " +
                           (IsFP ? "forward mode takes a tangent instead "
                                   "(use enzyme_dup x, dx)"
                                 : "only floating-point scalars can be "
                                   "enzyme_out; use enzyme_dup for pointers"));
      return std::nullopt;
    }
    if (A.Activity == ArgActivity::Dup || A.Activity == ArgActivity::DupNoNeed) {
      if (!IsPtr && !(IsFP && Mode == DiffMode::Forward)) {
        Diags.error(&CB, Twine("parameter ") + Twine(P + 1) + " of '" + FnName +
                             "' cannot have a shadow in " + modeWord(Mode) +
                             " mode; " +
                             (IsFP ? "scalars are enzyme_out in reverse mode"
                                   : "integers are enzyme_const"));
        return std::nullopt;
      }
      if (Next >= End) {
        Diags.error(&CB, Twine(modeWord(Mode)) + "-mode request for '" +
                             FnName + "' is missing the shadow of parameter " +
                             Twine(P + 1));
        return std::nullopt;
      }
      if (IsMarker(Next)) {
        Diags.error(&CB, "an activity marker stands where the shadow of "
                         "parameter " + Twine(P + 1) + " of '" + FnName +
                             "' is expected");
        return std::nullopt;
      }
      for (unsigned K = 0; K < R.Width; ++K) {
        if (Next >= End || IsMarker(Next)) {
          Diags.error(&CB, Twine(modeWord(Mode)) + "-mode request for '" +
                               FnName + "' is missing shadow " + Twine(K + 1) +
                               " of " + Twine(R.Width) + " of parameter " +
                               Twine(P + 1));
          return std::nullopt;
        }
        A.Shadows.push_back(CB.getArgOperand(Next++));
        if (IsPtr && !A.Shadows.back()->getType()->isPointerTy()) {
          Diags.error(&CB, "the shadow of pointer parameter " + Twine(P + 1) +
                               " of '" + FnName + "' must be a pointer");
          return std::nullopt;
        }
      }
    }
    Type *AT = A.Primal->getType();
    bool Compatible = AT == PT || (AT->isFloatingPointTy() && IsFP) ||
                      (AT->isIntegerTy() && PT->isIntegerTy());
    if (!Compatible) {
      Diags.error(&CB, "argument for parameter " + Twine(P + 1) + " of '" +
                           FnName + "' has the wrong type" +
                           (AT->isPointerTy() ? " (a pointer where a value is "
                                                "expected)"
                                              : ""));
      return std::nullopt;
    }
    R.Args.push_back(A);
  }
  if (!parseSplitOptions(CB, R, Next, Diags))
    return std::nullopt;
  if (R.Split.Part == SplitPart::Backward &&
      !parseBackwardExtras(CB, R, Next, Diags))
    return std::nullopt;
  if (R.Split.AllocatedBytes && !R.Split.TapeAddress) {
    Diags.error(&CB, Twine(Entry) + ": enzyme_allocated sizes the storage "
                     "that enzyme_tape points to; pass enzyme_tape and its "
                     "address too");
    return std::nullopt;
  }
  if (Next != End) {
    Diags.error(&CB, Twine(modeWord(Mode)) + "-mode request for '" + FnName +
                         "' has " + Twine(End - Next) +
                         " argument(s) more than its parameters and shadows "
                         "need");
    return std::nullopt;
  }
  return R;
}

} // namespace eddy
