//===- Eddy/Rules/OpenMpCalls.h - OpenMP runtime calls ----------*- C++ -*-===//
//
// Clang lowers OpenMP directives to calls of the LLVM OpenMP runtime
// (libomp's __kmpc_* entry points): a parallel region is
// __kmpc_fork_call(loc, n, outlined, captured...), whose outlined function
// every thread of the team runs; worksharing loops ask the runtime for their
// bounds (__kmpc_for_static_init_*, __kmpc_dispatch_*); synchronisation is
// __kmpc_barrier and __kmpc_critical/__kmpc_end_critical. Differentiated code
// meets those calls in the caller and in the outlined functions.
//
// What each means to the generators:
//  - Fork: the derivative forks a team of its own that runs the outlined
//    function's derivative (Transform/ParallelRegions.cpp);
//  - Barrier: forward mode keeps it; its adjoint is a barrier too, so that
//    the adjoints of what followed it are complete before those of what came
//    before it start (the implicit barrier that ends a worksharing loop);
//  - Lock / Unlock (critical sections): forward mode keeps them; in the
//    adjoint sweep, which runs the section backwards, the adjoint of the
//    unlock takes the lock and that of the lock releases it, and the
//    threads take turns in the reverse of the order they entered it in the
//    forward sweep (the updates need not commute: max, a product);
//  - Inactive: scheduling, queries, single/master: no derivative flows
//    (their integer results cross to the adjoint sweep on the tape);
//  - Refused: tasks, ordered, target offload, teams, cancellation,
//    threadprivate, copyprivate: named at the directive's line.
//
// Reductions (__kmpc_reduce*) are rewritten into critical sections before
// differentiation (lowerOpenMpReductions, Transform/OpenMpReductions.cpp), so
// that the combination is visible code instead of a runtime callback.
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_OPENMPCALLS_H
#define EDDY_RULES_OPENMPCALLS_H

#include <string>

namespace llvm {
class CallBase;
class Function;
} // namespace llvm

namespace eddy {

enum class OpenMpCallKind {
  NotOpenMp, ///< Not a call of the OpenMP runtime.
  Inactive,  ///< Scheduling, queries, single/master: no derivative.
  Fork,      ///< __kmpc_fork_call: a parallel region.
  Barrier,   ///< __kmpc_barrier: the adjoint is a barrier.
  Lock,      ///< Enters a critical section (__kmpc_critical).
  Unlock,    ///< Leaves it (__kmpc_end_critical).
  Refused,   ///< A construct Eddy does not differentiate.
};

struct OpenMpCallInfo {
  OpenMpCallKind Kind = OpenMpCallKind::NotOpenMp;
  std::string Why; ///< For Refused: the construct and the remedy.
};

/// What the call \p CB means in differentiated code.
OpenMpCallInfo classifyOpenMpCall(const llvm::CallBase &CB);

/// For a Lock call, the runtime function that releases the same lock, with
/// the arguments (loc, gtid, lock) (and the other way round).
llvm::Function *openMpLockPartner(const llvm::CallBase &CB);

/// Index of the outlined function in a __kmpc_fork_call, and of its first
/// captured argument.
constexpr unsigned ForkOutlinedArg = 2;
constexpr unsigned ForkFirstCaptured = 3;

/// Makes each reduction in \p F (a parallel region's outlined function) a
/// critical section: `__kmpc_reduce*` returns 1 to every thread, which then
/// combines its private copy into the shared variable under the reduction's
/// lock (Clang's case 1), and the runtime's tree and atomic paths (the
/// combiner callback, case 0; atomic updates, case 2) become dead code.
/// What the sum's rounding depends on is then the order threads take the
/// lock, as with the runtime's own critical method. Returns whether \p F
/// changed.
bool lowerOpenMpReductions(llvm::Function &F);

} // namespace eddy

#endif // EDDY_RULES_OPENMPCALLS_H
