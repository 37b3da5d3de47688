//===- ParallelRegions.h - Differentiating OpenMP parallel regions -*- C++ -*-===//
//
// A parallel region is `__kmpc_fork_call(loc, n, outlined, captured...)`:
// every thread of the team calls outlined(&gtid, &btid, captured...). Its
// derivatives fork teams of their own (docs/parallel.md, "OpenMP"):
//
//  - forward mode forks the outlined function's forward derivative, each
//    captured variable followed by its tangents (ForwardMode.cpp);
//  - reverse mode forks, in the augmented sweep, a wrapper that gives each
//    thread its own tape (one per thread number, in a team record the
//    runtime allocates, lib/Runtime/Parallel.c) and runs the outlined
//    function's augmented sweep on it; the record crosses to the adjoint
//    sweep on the caller's tape, which forks, with the same number of
//    threads, a wrapper that runs the adjoint sweep of thread k on tape k
//    (ReverseParallel.cpp). A thread's adjoint replays exactly the chunks it
//    ran, whatever the schedule: their bounds are on its tape.
//
// The outlined function's pair is a PairKind::Parallel pair: its adjoint
// adds into shadows of shared memory atomically, except where every
// iteration of the worksharing loop provably touches its own elements.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_PARALLELREGIONS_H
#define EDDY_LIB_TRANSFORM_PARALLELREGIONS_H

#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/IRBuilder.h"
#include <optional>
#include <string>

namespace eddy {

/// How the captured variables of a fork carry derivatives.
struct ForkShape {
  /// Of the function the derivative forks (forkedFunction): gtid and btid
  /// inactive, each captured variable active when its argument is.
  ActivitySignature Sig;
  /// Per captured variable: the floating-point type whose bits Clang passes
  /// by value (a firstprivate copy of an active value), else null.
  llvm::SmallVector<llvm::Type *, 8> ByValue;
  bool hasByValue() const {
    return llvm::any_of(ByValue, [](llvm::Type *T) { return T; });
  }
};

/// None when the fork cannot be differentiated (forkRefusal says why).
std::optional<ForkShape> forkShape(const llvm::CallBase &Fork,
                                   const ActivityInfo &Act);
std::string forkRefusal(const llvm::CallBase &Fork, const ActivityInfo &Act);

/// The function whose derivatives a fork of \p Shape runs: the outlined
/// function, or a copy of it that takes the by-value captures as the
/// floating-point values they are (adopted by \p Cache).
llvm::Function *forkedFunction(DerivativeCache &Cache,
                               const llvm::CallBase &Fork,
                               const ForkShape &Shape);

/// The floating-point value whose bits by-value capture \p Captured holds.
llvm::Value *byValueSource(llvm::Value *Captured);

/// A fork like \p Original (its location and declaration) of \p Microtask
/// with \p Captured.
llvm::CallInst *forkCall(llvm::IRBuilderBase &B, const llvm::CallBase &Original,
                         llvm::Function *Microtask,
                         llvm::ArrayRef<llvm::Value *> Captured);

enum class TaskKind {
  Forward,   ///< Calls a forward derivative.
  Augmented, ///< Runs an augmented sweep on the thread's tape of a team.
  Adjoint,   ///< Runs an adjoint sweep on it, then releases the tape.
};

/// The microtask a derivative's fork calls to run \p Callee: the fork
/// passes floating-point values as their bits (converted back here); for
/// the sweeps, the team record of tapes takes the tape's place, and an
/// adjoint sweep's results (the adjoints of by-value captures) are added
/// atomically into a record of its result type passed before the team.
/// \p Callee itself when nothing needs converting.
llvm::Function *forkMicrotask(llvm::Function &Callee, TaskKind Kind);

/// Why an atomic instruction on differentiated memory is refused, if it is:
/// Eddy differentiates `atomicrmw fadd/fsub` whose old value is unused
/// (`#pragma omp atomic` s += v).
std::optional<std::string> refusesAtomic(const llvm::Instruction &I,
                                         const ActivityInfo &Act);

/// Is \p V part of a compare-and-swap loop (the atomic load that seeds it,
/// the old values it carries around), whose cmpxchg refusesAtomic reports:
/// no second error for the same update.
bool isPartOfCompareAndSwapLoop(const llvm::Value *V);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_PARALLELREGIONS_H
