//===- CallClassifier.cpp - What a call means to the generators -----------===//
#include "CallClassifier.h"
#include "ParallelRegions.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Rules/MpiRules.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace llvm::PatternMatch;

namespace eddy {

/// Library functions through which no derivative flows, even when they are
/// handed active values: output, termination, random numbers, timers, heap
/// bookkeeping.
static bool isKnownInactive(StringRef Name) {
  static const StringSet<> Names = {
      "printf", "fprintf", "puts", "putchar", "fputs", "fflush", "sprintf",
      "snprintf", "abort", "exit", "__assert_fail", "rand", "srand", "time",
      "clock", "fwrite", "perror", "malloc_usable_size",
      // Eddy's runtime (eddy/eddy.h): reporting and statistics.
      "__eddy_out_of_memory", "eddy_set_out_of_memory_handler",
      "eddy_checkpoint_last_stats",
      // Integer-valued libm functions: no derivative flows through them.
      "ilogb", "ilogbf", "ilogbl", "lrint", "lrintf", "lrintl", "llrint",
      "llrintf", "llrintl", "lround", "lroundf", "lroundl", "llround",
      "llroundf", "llroundl"};
  return Names.contains(Name);
}

static bool involvesActive(const CallBase &CB, const ActivityInfo &Act) {
  if (Act.isActive(&CB))
    return true;
  for (const Value *A : CB.args())
    if (Act.isActive(A))
      return true;
  return false;
}

/// Control transfers that skip the sweeps: they are refused in differentiated
/// code whatever their arguments.
static std::optional<std::string> nonLocalControlFlow(const Function &F) {
  StringRef N = F.getName();
  if (F.hasFnAttribute(Attribute::ReturnsTwice) || N == "longjmp" ||
      N == "_longjmp" || N == "siglongjmp" || N == "__longjmp_chk")
    return "setjmp/longjmp in a differentiated function: a non-local jump "
           "skips the sweeps that compute the derivative; return normally "
           "instead";
  if (N == "__cxa_throw" || N == "__cxa_rethrow" || N == "_Unwind_Resume")
    return "an exception is thrown inside a differentiated function; "
           "exceptions cannot cross a differentiated region — report the "
           "error by a return value, or check before differentiating";
  return std::nullopt;
}

std::string indirectCallRefusal(const CallBase &CB) {
  // Pointers in globals that provably keep their initializer were made
  // direct calls by Canonicalize.cpp; this one may change.
  const auto *LI =
      dyn_cast<LoadInst>(CB.getCalledOperand()->stripPointerCasts());
  const auto *G = LI ? dyn_cast<GlobalVariable>(
                           getUnderlyingObject(LI->getPointerOperand()))
                     : nullptr;
  if (G)
    return "an indirect call through the function pointer held in global '" +
           G->getName().str() +
           "', which may change (Eddy follows it only when the global is "
           "const, or static and never assigned), involves values that "
           "depend on the differentiated inputs; declare it so, or call the "
           "function directly";
  // A pointer loaded from a table whose address is loaded from an object:
  // a C++ virtual call (or a call through a member pointer to a virtual
  // function), or a C table of operations.
  if (LI) {
    const Value *Table = LI->getPointerOperand()->stripPointerCasts();
    if (const auto *GEP = dyn_cast<GEPOperator>(Table))
      Table = GEP->getPointerOperand()->stripPointerCasts();
    if (isa<LoadInst>(Table))
      return "a virtual call (through the object's vtable, or a table of "
             "function pointers stored in an object) involves values that "
             "depend on the differentiated inputs, and Eddy cannot see which "
             "function the object holds; call the override you mean directly "
             "(o.Derived::f(x) in C++, or mark the class or function 'final' "
             "and call it on that type), or pass the object where its type is "
             "known";
  }
  return "an indirect call (through a function pointer Eddy cannot resolve) "
         "involves values that depend on the differentiated inputs; call the "
         "function directly";
}

CallInfo classifyCall(const CallBase &CB, const ActivityInfo &Act,
                      InvokeHandling Invokes) {
  CallInfo Info;
  const Function *F = CB.getCalledFunction();
  if (F)
    if (auto Why = nonLocalControlFlow(*F)) {
      Info.Kind = CallKind::Refused;
      Info.Why = *Why;
      return Info;
    }
  // An invoke left after canonicalization has a landing pad that may resume
  // normal code (a catch that swallows). Forward mode follows the unwind edge
  // like any branch; reverse mode cannot reverse it, whatever the callee is
  // (an allocation too: its shadow would be allocated on a path the adjoint
  // never retraces).
  const Registrations *Regs = Act.registrations();
  const FunctionRules *Custom = F && Regs ? Regs->lookup(F) : nullptr;
  if (Invokes == InvokeHandling::Refuse && isa<InvokeInst>(CB) &&
      involvesActive(CB, Act) && !(Custom && Custom->Inactive)) {
    Info.Kind = CallKind::Refused;
    Info.Why = "a call that may throw an exception involves values that "
               "depend on the differentiated inputs; exceptions cannot cross "
               "a differentiated region — make the callee noexcept or compile "
               "with -fno-exceptions";
    return Info;
  }
  if (F && F->isIntrinsic()) {
    switch (F->getIntrinsicID()) {
    case Intrinsic::memset:
      Info.Kind = Act.isActive(CB.getArgOperand(0)) ? CallKind::MemSet
                                                     : CallKind::NoDerivative;
      return Info;
    case Intrinsic::memcpy:
    case Intrinsic::memmove:
      if (Act.isActive(CB.getArgOperand(0))) {
        Info.Kind = CallKind::MemTransfer;
      } else if (Act.isActive(CB.getArgOperand(1))) {
        Info.Kind = CallKind::Refused;
        Info.Why = "differentiated data is copied into memory that has no "
                   "shadow (a global, or memory behind a pointer marked "
                   "enzyme_const); copy it into a local or a dup argument";
      }
      return Info;
    default:
      break;
    }
  }
  // The OpenMP runtime (Rules/OpenMpCalls.h): forks, barriers and locks
  // whatever their arguments (they order the adjoints too), refusals
  // whether or not anything active is involved, so that the verdict on a
  // construct does not depend on what the optimizer left in its arguments.
  if (F && !Custom) {
    OpenMpCallInfo Omp = classifyOpenMpCall(CB);
    switch (Omp.Kind) {
    case OpenMpCallKind::NotOpenMp:
      break;
    case OpenMpCallKind::Inactive:
      return Info;
    case OpenMpCallKind::Refused:
      Info.Kind = CallKind::Refused;
      Info.Why = Omp.Why;
      return Info;
    default:
      Info.Kind = CallKind::OpenMp;
      Info.OpenMp = Omp.Kind;
      return Info;
    }
  }
  // MPI calls (Rules/MpiRules.h), unless the user registered rules of their
  // own. A supported call on MPI_DOUBLE data gets its rule even when nothing
  // active is sent: its other end may receive into differentiated memory,
  // and both ends must exchange the derivative's message.
  if (F && !Custom) {
    MpiCallInfo Mpi = classifyMpiCall(CB, involvesActive(CB, Act));
    switch (Mpi.Kind) {
    case MpiCallKind::NotMpi:
      break;
    case MpiCallKind::Inactive:
      return Info;
    case MpiCallKind::Refused:
      Info.Kind = CallKind::Refused;
      Info.Why = Mpi.Why;
      return Info;
    case MpiCallKind::Rule:
      Info.Custom =
          Regs ? Regs->mpiRules(*const_cast<Function *>(F), Mpi.Extremum)
               : nullptr;
      Info.Kind = Info.Custom ? CallKind::CustomRule : CallKind::Refused;
      if (!Info.Custom)
        Info.Why = "internal: no rules for '" + F->getName().str() + "'";
      return Info;
    }
  }
  if (Custom && Custom->Allocation) { // __enzyme_allocation_like
    Info.Kind = CallKind::Allocation;
    Info.Custom = Custom;
    return Info;
  }
  if (Custom && Custom->Deallocator) {
    if (Act.isActive(CB.getArgOperand(Custom->DeallocatorBlockArg))) {
      Info.Kind = CallKind::Deallocation;
      Info.Custom = Custom;
    }
    return Info;
  }
  switch (classifyHeapCall(CB)) {
  case HeapCall::Allocate:
  case HeapCall::Reallocate:
    Info.Kind = CallKind::Allocation;
    return Info;
  case HeapCall::Deallocate:
    Info.Kind = Act.isActive(CB.getArgOperand(0)) ? CallKind::Deallocation
                                                   : CallKind::NoDerivative;
    return Info;
  case HeapCall::None:
    break;
  }
  if ((Custom && Custom->Inactive) || !involvesActive(CB, Act))
    return Info;
  if (Custom && Custom->hasRule()) {
    Info.Kind = CallKind::CustomRule;
    Info.Custom = Custom;
    return Info;
  }
  if (Custom && !Custom->LikeName.empty()) {
    // __enzyme_function_like: the call is differentiated as libm's.
    if ((Info.Rule = lookupRuleLike(Custom->LikeName, CB))) {
      Info.Kind = CallKind::Elementary;
      return Info;
    }
    Info.Kind = CallKind::Refused;
    Info.Why = "'" + displayName(*F) + "' is registered as behaving like '" +
               Custom->LikeName + "' (__enzyme_function_like), but its "
               "arguments or result do not fit '" + Custom->LikeName +
               "'; register a function with the same parameters and "
               "floating-point result";
    return Info;
  }
  if (F && F->isIntrinsic()) {
    if (isa<DbgInfoIntrinsic>(CB) || CB.isLifetimeStartOrEnd() ||
        F->getIntrinsicID() == Intrinsic::assume ||
        F->getIntrinsicID() == Intrinsic::experimental_noalias_scope_decl ||
        F->getIntrinsicID() == Intrinsic::invariant_start ||
        F->getIntrinsicID() == Intrinsic::invariant_end ||
        // The size of the object behind a pointer (-fsanitize=object-size,
        // _FORTIFY_SOURCE): an integer, no derivative.
        F->getIntrinsicID() == Intrinsic::objectsize ||
        // isnan, isinf, isfinite, isnormal, fpclassify: a boolean.
        F->getIntrinsicID() == Intrinsic::is_fpclass)
      return Info;
  }
  if ((Info.Rule = lookupRule(CB))) {
    Info.Kind = CallKind::Elementary;
    return Info;
  }
  if (CB.isInlineAsm()) {
    Info.Kind = CallKind::Refused;
    Info.Why = "inline assembly uses a value that depends on the "
               "differentiated inputs; Eddy cannot see through assembly — "
               "write it in C, or mark it inactive if no derivative flows";
    return Info;
  }
  if (!F) {
    Info.Kind = CallKind::Refused;
    Info.Why = indirectCallRefusal(CB);
    return Info;
  }
  if (isKnownInactive(F->getName()))
    return Info;
  if (F->isIntrinsic()) {
    Info.Kind = CallKind::Refused;
    Info.Why = "no derivative rule for intrinsic '" + F->getName().str() + "'";
    return Info;
  }
  if (F->isDeclaration()) {
    Info.Kind = CallKind::Refused;
    Info.Why = "call to '" + displayName(*F) +
               "', whose body is not visible and for which Eddy has no "
               "derivative rule; define it in this translation unit, or mark "
               "it inactive if no derivative flows through it";
    return Info;
  }
  if (readsVariadicArguments(*F)) {
    Info.Kind = CallKind::Refused;
    Info.Why = "call to variadic function '" + displayName(*F) +
               "' with values that depend on the differentiated inputs; "
               "Eddy cannot follow values read with va_arg — pass them as an "
               "array (a pointer and a count) instead";
    return Info;
  }
  Info.Kind = CallKind::Defined;
  return Info;
}

Function *enzymeBodyFallback(const CallBase &CB, const CallInfo &Info,
                             bool Reverse) {
  const FunctionRules *R = Info.Custom;
  if (Info.Kind != CallKind::CustomRule || !R)
    return nullptr;
  bool OnlyOther = Reverse ? !R->hasReverseRule() && R->EnzymeTangent
                           : !R->Tangent && R->EnzymeReverse;
  Function *Body = originalOfStub(CB.getCalledFunction());
  if (!OnlyOther || !Body || Body == CB.getCalledFunction() ||
      Body->isDeclaration() || readsVariadicArguments(*Body))
    return nullptr;
  return Body;
}

/// Does integer \p V come from the address of differentiated memory?
static bool comesFromActivePointer(const Value *V, const ActivityInfo &Act,
                                   unsigned Depth = 0) {
  if (Depth > 8)
    return false;
  if (auto *P2I = dyn_cast<PtrToIntInst>(V))
    return Act.isActive(P2I->getPointerOperand());
  if (auto *I = dyn_cast<Instruction>(V))
    if (isa<BinaryOperator>(I) || isa<CastInst>(I) || isa<PHINode>(I) ||
        isa<SelectInst>(I))
      return any_of(I->operands(), [&](const Use &U) {
        return comesFromActivePointer(U.get(), Act, Depth + 1);
      });
  return false;
}

/// Do the bits of integer \p V come from differentiated memory (an integer
/// load through an active pointer, then shifts, truncations, masks)?
static bool comesFromActiveLoad(const Value *V, const ActivityInfo &Act,
                                unsigned Depth = 0) {
  if (Depth > 8)
    return false;
  if (auto *LI = dyn_cast<LoadInst>(V))
    return Act.isActive(LI->getPointerOperand());
  if (auto *I = dyn_cast<Instruction>(V))
    if (isa<CastInst>(I) || isa<BinaryOperator>(I) || isa<PHINode>(I) ||
        isa<SelectInst>(I))
      return any_of(I->operands(), [&](const Use &U) {
        return U.get()->getType()->isIntOrIntVectorTy() &&
               comesFromActiveLoad(U.get(), Act, Depth + 1);
      });
  return false;
}

/// Whether the integer bits \p BC of a floating-point value only decide: every
/// use ends, through integer arithmetic, in a comparison, or first keeps only
/// sign and exponent bits (a shift past the mantissa, a mask without mantissa
/// bits). Such a result is piecewise constant in the value, so no derivative
/// is lost -- signbit and the bit tests InstCombine makes of isnan/isinf.
/// The whole bits may also be stored as they are: a copy, whose store's
/// derivative decides (a reverse sweep's tape keeps the bits its sign test
/// reads again, and a forward request over that sweep meets both uses).
/// Anything else (a float rebuilt from the bits, a call) is not.
static bool bitsOnlyCopiedOrDecide(const BitCastInst &BC) {
  Type *FP = BC.getSrcTy();
  if (!FP->isFloatingPointTy() || !BC.getDestTy()->isIntegerTy())
    return false;
  unsigned Mantissa = APFloat::semanticsPrecision(FP->getFltSemantics()) - 1;
  APInt MantissaMask = APInt::getLowBitsSet(BC.getDestTy()->getIntegerBitWidth(), Mantissa);
  SmallVector<const Value *, 8> Work{&BC};
  SmallPtrSet<const Value *, 8> Seen{&BC};
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    for (const User *U : V->users()) {
      auto *I = dyn_cast<Instruction>(U);
      if (!I)
        return false;
      if (isa<ICmpInst>(I) || isa<SwitchInst>(I) || isa<BranchInst>(I) ||
          (isa<SelectInst>(I) && I->getOperand(0) == V))
        continue; // A decision.
      if (auto *SI = dyn_cast<StoreInst>(I);
          SI && V == &BC && SI->getValueOperand() == V)
        continue; // A copy.
      const APInt *C;
      if (match(I, m_LShr(m_Specific(V), m_APInt(C))) ||
          match(I, m_AShr(m_Specific(V), m_APInt(C)))) {
        if (C->uge(Mantissa) && V == &BC)
          continue; // Only sign and exponent bits remain.
      } else if (match(I, m_And(m_Specific(V), m_APInt(C))) && V == &BC &&
                 C->getBitWidth() == MantissaMask.getBitWidth() &&
                 !C->intersects(MantissaMask)) {
        continue;
      }
      bool Integer = I->getType()->isIntegerTy();
      bool Passes = isa<BinaryOperator>(I) || isa<TruncInst>(I) ||
                    isa<ZExtInst>(I) || isa<SExtInst>(I) || isa<PHINode>(I) ||
                    isa<FreezeInst>(I) || isa<SelectInst>(I);
      if (!Integer || !Passes)
        return false;
      if (Seen.insert(I).second)
        Work.push_back(I);
    }
  }
  return true;
}

std::optional<std::string> refusesConstruct(const Instruction &I,
                                            const ActivityInfo &Act) {
  // Floating-point values rebuilt from integer bits of differentiated memory
  // (InstCombine's lowering of a small memcpy, then shifts and truncations)
  // would silently carry no derivative.
  if (auto *BC = dyn_cast<BitCastInst>(&I))
    if (BC->getDestTy()->isFPOrFPVectorTy() &&
        BC->getSrcTy()->isIntOrIntVectorTy() &&
        comesFromActiveLoad(BC->getOperand(0), Act) &&
        !isPartOfCompareAndSwapLoop(BC->getOperand(0)))
      return std::string(
          "floating-point values are rebuilt from the integer bits of "
          "differentiated memory (type punning, or a small memcpy the "
          "optimizer turned into integer operations); copy the values as "
          "floating-point elements instead");
  if (auto *I2P = dyn_cast<IntToPtrInst>(&I)) {
    if (comesFromActivePointer(I2P->getOperand(0), Act))
      return std::string(
          "a pointer to differentiated memory is rebuilt from an integer "
          "(integer-to-pointer cast); its shadow is lost — index the "
          "pointer instead (p + k) of computing on its address");
    return std::nullopt;
  }
  auto *BC = dyn_cast<BitCastInst>(&I);
  if (!BC || !Act.isActive(BC->getOperand(0)) ||
      !BC->getSrcTy()->isFPOrFPVectorTy() || BC->getDestTy()->isFPOrFPVectorTy())
    return std::nullopt;
  // Stored as is, the bits are a copy: the store's adjoint decides.
  if (all_of(BC->users(), [&](const User *U) {
        auto *SI = dyn_cast<StoreInst>(U);
        return SI && SI->getValueOperand() == BC;
      }))
    return std::nullopt;
  // signbit, and the bit tests of isnan/isinf/fpclassify: a decision (beside
  // copies).
  if (bitsOnlyCopiedOrDecide(*BC))
    return std::nullopt;
  // The expected value of a compare-and-swap, which is refused itself
  // (ParallelRegions.h, refusesAtomic).
  if (all_of(BC->users(), [](const User *U) { return isa<AtomicCmpXchgInst>(U); }))
    return std::nullopt;
  // A parallel region's firstprivate copy: Clang passes the value's bits
  // through the fork, whose derivative passes the tangent's (or collects
  // the adjoint) beside them (ParallelRegions.h).
  if (all_of(BC->users(), [&](const User *U) {
        auto *CB = dyn_cast<CallBase>(U);
        return CB && classifyOpenMpCall(*CB).Kind == OpenMpCallKind::Fork &&
               none_of(make_range(CB->arg_begin(),
                                  CB->arg_begin() + ForkFirstCaptured),
                       [&](const Use &A) { return A.get() == BC; });
      }))
    return std::nullopt;
  // -fsanitize=float-cast-overflow hands the bits of the value it found out
  // of range to its handler, which prints them: no arithmetic on them.
  if (all_of(BC->users(), [](const User *U) {
        auto *CB = dyn_cast<CallBase>(U);
        const Function *Callee = CB ? CB->getCalledFunction() : nullptr;
        return Callee && Callee->getName().starts_with("__ubsan_handle_");
      }))
    return std::nullopt;
  return std::string("the bits of a floating-point value that depends on the "
                     "differentiated inputs are reinterpreted as an integer; "
                     "the derivative cannot follow integer arithmetic — "
                     "use floating-point operations (fabs, copysign, "
                     "nextafter, ...) instead");
}

FunctionType *expectedTangentRuleType(const Function &F) {
  SmallVector<Type *, 8> Params;
  for (const Argument &A : F.args()) {
    Params.push_back(A.getType());
    if (A.getType()->isFloatingPointTy() || A.getType()->isPointerTy())
      Params.push_back(A.getType());
  }
  return FunctionType::get(F.getReturnType(), Params, false);
}

FunctionType *expectedAdjointRuleType(const Function &F) {
  SmallVector<Type *, 8> Params;
  PointerType *Ptr = PointerType::getUnqual(F.getContext());
  for (const Argument &A : F.args()) {
    Params.push_back(A.getType());
    if (A.getType()->isFloatingPointTy() || A.getType()->isPointerTy())
      Params.push_back(Ptr); // Where to add the adjoint; the shadow.
  }
  if (F.getReturnType()->isFloatingPointTy())
    Params.push_back(F.getReturnType());
  return FunctionType::get(Type::getVoidTy(F.getContext()), Params, false);
}

static std::string describe(Type *T) {
  std::string S;
  raw_string_ostream OS(S);
  T->print(OS);
  return S;
}

std::optional<std::string> checkRuleSignature(const Function &Rule,
                                              FunctionType *Expected,
                                              const Function &F) {
  FunctionType *Got = Rule.getFunctionType();
  if (Got == Expected)
    return std::nullopt;
  return "the rule '" + displayName(Rule) + "' registered for '" +
         displayName(F) + "' has the IR signature " + describe(Got) +
         " but must have " + describe(Expected) +
         " (each floating-point parameter followed by its tangent/adjoint "
         "pointer, each pointer by its shadow; see docs/user-guide.md)";
}

bool readsVariadicArguments(const Function &F) {
  if (!F.isVarArg())
    return false;
  if (F.isDeclaration())
    return true;
  // Without va_start the arguments after `...` are never read: the function
  // is differentiated as one of its named parameters only (the inliner does
  // the same at -O1 and above).
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *II = dyn_cast<IntrinsicInst>(&I);
          II && II->getIntrinsicID() == Intrinsic::vastart)
        return true;
  return false;
}

ActivitySignature callSignature(const CallBase &CB, const ActivityInfo &Act) {
  ActivitySignature S;
  // Only the named parameters: a variadic callee that gets here never reads
  // the others (readsVariadicArguments).
  unsigned Named = CB.getFunctionType()->getNumParams();
  for (const Value *A : make_range(CB.arg_begin(), CB.arg_begin() + Named)) {
    Type *T = A->getType();
    S.Args.push_back(Act.isActive(A) &&
                     (hasShadowPointers(T) || isDifferentiableType(T)));
  }
  // A returned struct of pointers is active too: its shadow comes back with it.
  Type *RT = CB.getType();
  S.Return = Act.isActive(&CB) &&
             (isDifferentiableType(RT) || hasShadowPointers(RT));
  return S;
}

} // namespace eddy
