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

/// The activity of the outlined function of fork \p Fork: gtid and btid
/// inactive, each captured variable active when its argument is. None when
/// the fork cannot be differentiated (forkRefusal says why).
std::optional<ActivitySignature> forkSignature(const llvm::CallBase &Fork,
                                               const ActivityInfo &Act);
std::string forkRefusal(const llvm::CallBase &Fork, const ActivityInfo &Act);

/// A fork like \p Original (its location and declaration) of \p Microtask
/// with \p Captured.
llvm::CallInst *forkCall(llvm::IRBuilderBase &B, const llvm::CallBase &Original,
                         llvm::Function *Microtask,
                         llvm::ArrayRef<llvm::Value *> Captured);

/// The microtask that runs \p Sweep (the augmented or adjoint sweep of an
/// outlined function's pair, whose last parameter is the tape) on the
/// calling thread's tape of a team record passed in the tape's place.
llvm::Function *teamSweepWrapper(llvm::Function &Sweep, bool Adjoint);

/// Why an atomic instruction on differentiated memory is refused, if it is:
/// Eddy differentiates `atomicrmw fadd/fsub` whose old value is unused
/// (`#pragma omp atomic` s += v).
std::optional<std::string> refusesAtomic(const llvm::Instruction &I,
                                         const ActivityInfo &Act);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_PARALLELREGIONS_H
