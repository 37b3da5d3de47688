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
// Enzyme's spellings are read too (all checked for shape in the front end,
// lib/Frontend/EnzymeRegistrations.cpp, and for signature at the call that
// needs them, lib/Transform/EnzymeRules.cpp):
//   __enzyme_register_derivative_* = {f, df}   a tangent rule; Enzyme's
//            layout may also give integers a (copied) shadow and return
//            {result, tangent}.
//   __enzyme_register_gradient_*   = {f, aug, rev}   Enzyme's reverse rule:
//            aug(a1, [s1], ...) runs instead of f in the forward sweep, with
//            [si] the shadow of every non-floating-point ai; it returns f's
//            result (no tape), a tape pointer (void f), or a struct
//            {tape, result[, shadow of result]} / {result, shadow}. The tape
//            crosses on Eddy's tape to rev(a1, [s1], ..., [R dret], [tape]),
//            run once per call in the adjoint sweep, which returns the
//            adjoints of the floating-point ai (a scalar, a struct, or void).
//   __enzyme_register_splitderivative_*   refused (forward split mode).
//   __enzyme_function_like = {f, "name"}   f's calls get the elementary
//            rule of libm's `name` (lib/Rules/ElementaryRules.cpp).
//   __enzyme_allocation_like = {f, size index, "free args", free}   f
//            allocates like malloc: its shadow is a second, zeroed block from
//            f, released by free(<args of f's call by the index list; -1 is
//            the block>) after the adjoint.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_REGISTRATIONS_H
#define EDDY_ANALYSIS_REGISTRATIONS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace llvm {
class Function;
class Module;
class Value;
} // namespace llvm

namespace eddy {
class GlobalShadows;

/// __enzyme_allocation_like: how to allocate and release f's shadow block.
struct AllocationLike {
  unsigned SizeArg = 0;             ///< The argument holding the byte count.
  llvm::SmallVector<int, 2> FreeArgs; ///< Per free() argument: f's argument, or -1.
  llvm::Function *Free = nullptr;
};

struct FunctionRules {
  bool Inactive = false;
  /// [[eddy::checkpoint]] / EDDY_CHECKPOINT: reverse mode runs f's calls
  /// again for their adjoints instead of taping them.
  bool Checkpoint = false;
  llvm::Function *Tangent = nullptr;
  llvm::Function *Adjoint = nullptr;
  /// Tangent came from __enzyme_register_derivative: for a void function, or
  /// one whose rule returns {result, tangent}, it replaces the call.
  bool EnzymeTangent = false;
  /// __enzyme_register_gradient: the augmented forward and the reverse.
  llvm::Function *EnzymeAugmented = nullptr;
  llvm::Function *EnzymeReverse = nullptr;
  /// __enzyme_function_like: the libm function f behaves like.
  std::string LikeName;
  std::optional<AllocationLike> Allocation;
  /// f is a registered allocator's deallocator: calls of it release primal
  /// blocks only (the shadow's is released by the adjoint).
  bool Deallocator = false;
  unsigned DeallocatorBlockArg = 0; ///< Which of its arguments is the block.

  bool hasReverseRule() const { return Adjoint || EnzymeReverse; }
  bool hasRule() const { return Tangent || hasReverseRule(); }
};

/// A derivative the user declared by name, for Eddy to define.
struct NamedDerivative {
  llvm::Function *Decl;
  llvm::Function *Primal;
  std::string Activity; ///< One of 'a', 'd', 'c' per parameter of Primal.
  bool Gradient;        ///< Reverse mode; otherwise a forward tangent.
  /// Reverse mode whose last parameter seeds a floating-point result
  /// (eddy_adjoint_of) instead of 1.
  bool Seeded = false;
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
  /// Eddy's built-in rules for the MPI function \p F (Rules/MpiRules.h),
  /// made in its module on first use: classifying a call may need them.
  const FunctionRules *mpiRules(llvm::Function &F, bool Extremum) const;
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
  /// Is a global so named one of Enzyme's registrations (which C code writes
  /// as plain arrays, possibly static and otherwise unused)?
  static bool namesEnzymeRegistration(llvm::StringRef GlobalName);
  /// Is a global so named any registration?
  static bool namesRegistration(llvm::StringRef GlobalName);

private:
  llvm::DenseMap<const llvm::Function *, FunctionRules> Rules;
  mutable llvm::DenseMap<std::pair<const llvm::Function *, unsigned>,
                         FunctionRules>
      Mpi;
  llvm::SmallPtrSet<const llvm::Value *, 4> InactiveGlobals;
  llvm::SmallVector<NamedDerivative, 2> Named;
  const GlobalShadows *Globals = nullptr;
};

} // namespace eddy

#endif // EDDY_ANALYSIS_REGISTRATIONS_H
