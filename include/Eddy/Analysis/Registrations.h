//===- Eddy/Analysis/Registrations.h - What the user told Eddy -*- C++ -*-===//
//
// Users register facts about their functions and variables with globals named
// by include/eddy/abi.def (written by eddy.h's EDDY_* macros):
//   __enzyme_inactivefn_*      = f          no derivative flows through calls of f
//   __enzyme_inactive_global_* = &g         g holds no derivative (logging, RNG state)
//   __eddy_tangent_rule_*      = {f, df}    forward mode calls df for f's tangent
//   __eddy_adjoint_rule_*      = {f, bf}    reverse mode calls bf for f's adjoints
// Rule signatures, for  R f(T1 a1, ..., Tn an):
//   tangent: R df(a1, [d1], ..., an, [dn])  with [di] the tangent of a
//            floating-point ai or the shadow of a pointer ai (none for
//            integers); returns the tangent of the result (void if R is void).
//   adjoint: void bf(a1, [d1], ..., an, [dn], [R dret])  with [di] a pointer to
//            add the adjoint of a floating-point ai into, or the shadow of a
//            pointer ai; dret is the result's adjoint when R is floating-point.
//   __eddy_gradient_of_* / __eddy_tangent_of_* = {g, f, "activity"}
//            g is a named derivative of f for Eddy to define (written by the
//            plugin from the eddy_gradient_of / eddy_tangent_of attributes);
//            one letter per parameter of f: 'a' active scalar, 'd' pointer
//            with a shadow, 'c' constant. Signature as for rules above.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_REGISTRATIONS_H
#define EDDY_ANALYSIS_REGISTRATIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace llvm {
class Function;
class Module;
class Value;
} // namespace llvm

namespace eddy {
class GlobalShadows;

struct FunctionRules {
  bool Inactive = false;
  llvm::Function *Tangent = nullptr;
  llvm::Function *Adjoint = nullptr;
};

/// A derivative the user declared by name, for Eddy to define.
struct NamedDerivative {
  llvm::Function *Decl;
  llvm::Function *Primal;
  std::string Activity; ///< One of 'a', 'd', 'c' per parameter of Primal.
  bool Gradient;        ///< Reverse mode; otherwise a forward tangent.
};

/// Metadata on a protection stub (see Passes/AnnotationGuard.h) naming the
/// annotated function it stands for between PipelineStart and EddyPass.
inline constexpr const char *ProtectedMDName = "eddy.protects";

/// The annotated function \p F stands for if \p F is a protection stub,
/// else \p F itself.
llvm::Function *originalOfStub(llvm::Function *F);

class Registrations {
public:
  /// Reads the module's registration globals; malformed ones are reported
  /// unless \p Report is false (a second reader of the same module).
  explicit Registrations(llvm::Module &M, bool Report = true);
  Registrations() = default;

  /// The rules registered for \p F, or nullptr.
  const FunctionRules *lookup(const llvm::Function *F) const {
    auto It = Rules.find(F);
    return It == Rules.end() ? nullptr : &It->second;
  }
  /// Eddy's own rules for functions it generates (the tape's buffer).
  void addTangentRule(llvm::Function *F, llvm::Function *Rule) {
    Rules[F].Tangent = Rule;
  }
  bool isInactiveGlobal(const llvm::Value *V) const {
    return InactiveGlobals.contains(V);
  }
  /// The module's shadowed globals (GlobalShadows.h), once known.
  const GlobalShadows *globalShadows() const { return Globals; }
  void setGlobalShadows(const GlobalShadows *G) { Globals = G; }
  llvm::ArrayRef<NamedDerivative> namedDerivatives() const { return Named; }
  /// Every function declared inactive or given a tangent or adjoint rule.
  llvm::SmallVector<llvm::Function *, 4> annotatedFunctions() const;
  /// Is a global so named a named-derivative registration?
  static bool namesNamedDerivative(llvm::StringRef GlobalName);
  /// Is a global so named any registration?
  static bool namesRegistration(llvm::StringRef GlobalName);

private:
  llvm::DenseMap<const llvm::Function *, FunctionRules> Rules;
  llvm::SmallPtrSet<const llvm::Value *, 4> InactiveGlobals;
  llvm::SmallVector<NamedDerivative, 2> Named;
  const GlobalShadows *Globals = nullptr;
};

} // namespace eddy

#endif // EDDY_ANALYSIS_REGISTRATIONS_H
