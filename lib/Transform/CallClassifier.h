//===- CallClassifier.h - What a call means to the generators --*- C++ -*-===//
#ifndef EDDY_LIB_TRANSFORM_CALLCLASSIFIER_H
#define EDDY_LIB_TRANSFORM_CALLCLASSIFIER_H

#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "llvm/IR/InstrTypes.h"
#include <optional>
#include <string>

namespace eddy {
struct ElementaryRule;
struct FunctionRules;

enum class CallKind {
  NoDerivative, ///< Debug info, lifetime markers, or nothing active involved.
  Elementary,   ///< A libm function or math intrinsic with a rule.
  MemSet,       ///< llvm.memset into active memory.
  MemTransfer,  ///< llvm.memcpy / llvm.memmove of active memory.
  Defined,      ///< A function with a body in this module: differentiate it.
  CustomRule,   ///< The user registered a tangent and/or adjoint rule for it.
  Allocation,   ///< malloc/calloc/new (and realloc): the shadow is allocated too.
  Deallocation, ///< free/delete of memory that has a shadow.
  OpenMp,       ///< A fork, barrier or lock of the OpenMP runtime.
  Refused,      ///< Active, but nothing Eddy can differentiate.
};

struct CallInfo {
  CallKind Kind = CallKind::NoDerivative;
  const ElementaryRule *Rule = nullptr;
  const FunctionRules *Custom = nullptr; ///< For CustomRule.
  OpenMpCallKind OpenMp = OpenMpCallKind::NotOpenMp; ///< For OpenMp.
  std::string Why; ///< For Refused: the construct and the remedy.
};

/// What an invoke that involves active values means: forward mode follows
/// its unwind edge like a branch; reverse mode refuses it.
enum class InvokeHandling { Refuse, Follow };

/// For a call of a function with only one of Enzyme's rules
/// (__enzyme_register_derivative or _gradient), in the mode the other serves:
/// the function's body, which Enzyme differentiates there (the call goes to
/// Eddy's protection stub, Passes/AnnotationGuard.h). Otherwise null.
llvm::Function *enzymeBodyFallback(const llvm::CallBase &CB,
                                   const CallInfo &Info, bool Reverse);

/// Classifies \p CB given the activity of the enclosing function.
/// Why an indirect call Eddy cannot resolve is refused (naming the global
/// its pointer is loaded from, when it is).
std::string indirectCallRefusal(const llvm::CallBase &CB);

CallInfo classifyCall(const llvm::CallBase &CB, const ActivityInfo &Act,
                      InvokeHandling Invokes = InvokeHandling::Refuse);

/// If \p I is a non-call construct through which a derivative would silently
/// stop (the bits of an active floating-point value reinterpreted as an
/// integer; a pointer to differentiated memory rebuilt from an integer),
/// returns why Eddy refuses it.
std::optional<std::string> refusesConstruct(const llvm::Instruction &I,
                                            const ActivityInfo &Act);

/// The signatures user rules for \p F must have (see Registrations.h).
llvm::FunctionType *expectedTangentRuleType(const llvm::Function &F);
llvm::FunctionType *expectedAdjointRuleType(const llvm::Function &F);
/// Checks \p Rule against \p Expected; returns the mismatch, described.
std::optional<std::string> checkRuleSignature(const llvm::Function &Rule,
                                              llvm::FunctionType *Expected,
                                              const llvm::Function &F);

/// Does variadic \p F read the arguments after its named parameters
/// (va_start)? A declaration may.
bool readsVariadicArguments(const llvm::Function &F);

/// The activity signature Eddy uses for a call to a defined function: each
/// argument active when its value is, the return when the call's result is.
struct ActivitySignature;
ActivitySignature callSignature(const llvm::CallBase &CB, const ActivityInfo &Act);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_CALLCLASSIFIER_H
