//===- Eddy/Transform/Checkpointing.h - Checkpointed loops -----*- C++ -*-===//
//
// `#pragma eddy checkpoint(binomial, snapshots(S))` (or `periodic, every(K)`,
// or `online, snapshots(S)`) before a loop makes reverse mode store the loop's
// state at a few snapshots instead of taping every iteration, and recompute
// the iterations in between during the backward sweep.
//
// The front end leaves a marker call `__eddy_checkpoint(i32 kind, i64 param)`
// at the top of the loop's body. In the primal copy that reverse mode
// differentiates, the marked loop is turned into a call
//     L(i64 n, i64 lo_1, i64 hi_1, ..., i64 lo_R, i64 hi_R, x_1, ..., x_k)
// of a loop function L whose body runs `while (S(x_1, ..., x_k));`, where S
// (the step) is one iteration of the loop. Before that, everything that flows
// from one iteration to the next or out of the loop is put in stack slots, so
// that the loop's whole state is memory: the regions [lo_r, hi_r) that the
// body writes, bounded by scalar evolution and computed before the loop.
// n is the trip count (binomial), or -1 when it is not known in advance.
//
// L is never differentiated like other functions: its reverse pair calls
// Eddy's run-time driver (lib/Runtime/Checkpoint.c) with thunks that run S,
// S's augmented forward sweep, or S's adjoint, and the driver follows the
// schedule (CheckpointPair.cpp). Forward mode over that pair (a
// Hessian-vector product) runs the pair of L's tangent loop instead
// (CheckpointTangent.cpp).
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_CHECKPOINTING_H
#define EDDY_TRANSFORM_CHECKPOINTING_H

#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>

namespace llvm {
class CallBase;
class CallInst;
class Function;
class Module;
class Value;
} // namespace llvm

namespace eddy {

/// The marker the front end puts at the top of a checkpointed loop's body.
inline constexpr llvm::StringLiteral CheckpointMarkerName = "__eddy_checkpoint";
/// The function attribute of a loop function L: "<kind>,<param>".
inline constexpr llvm::StringLiteral CheckpointLoopAttr = "eddy-checkpoint-loop";

/// The schedules, numbered as the marker and the run-time driver number them.
/// Budget: not a pragma's; the loops -fplugin-arg-eddy-tape-budget puts
/// under the driver (their tape is stored while it fits the budget).
enum class CheckpointKind { Binomial = 0, Periodic = 1, Online = 2, Budget = 3 };

/// Is \p CI a marker call?
bool isCheckpointMarker(const llvm::Instruction &I);
bool hasCheckpointMarkers(const llvm::Function &F);
/// Deletes the markers in \p F: forward mode has no tape to bound.
void stripCheckpointMarkers(llvm::Function &F);
/// Deletes every marker left in \p M (primal code Eddy did not copy).
void stripCheckpointMarkers(llvm::Module &M);

/// Calls of functions marked [[eddy::checkpoint]] (EDDY_CHECKPOINT) call
/// their bodies again; in reverse mode's copy each becomes a one-trip loop
/// marked `checkpoint(periodic, every(1))`, so that the call's state is
/// stored before it and the call runs again, taped, for its adjoint.
void prepareCheckpointedCalls(llvm::Function &F, const Registrations &Regs,
                              bool ForReverse);

/// Marks the outermost counted loops of \p F that carry no pragma with a
/// Budget marker (-fplugin-arg-eddy-tape-budget). Returns whether it did.
bool markBudgetedLoops(llvm::Function &F, DerivativeCache &Cache);

/// Outlines each marked loop of the primal copy \p F (see above). Returns
/// false after reporting, at the pragma, a loop it cannot checkpoint.
bool outlineCheckpointedLoops(llvm::Function &F, DerivativeCache &Cache);

/// Records on the loop function \p LoopFn which pointer group each region
/// (\p RegionArgs: base, lo, hi per region) and each argument of the step
/// (\p StepArgs) belongs to, for the driver's copy of the loop's memory
/// (CheckpointGroups.cpp).
void recordCheckpointGroups(llvm::Function &LoopFn,
                            llvm::ArrayRef<llvm::Value *> RegionArgs,
                            llvm::ArrayRef<llvm::Value *> StepArgs);

/// Is \p F a loop function made by outlineCheckpointedLoops?
bool isCheckpointedLoop(const llvm::Function &F);

/// What outlineCheckpointedLoops recorded on a loop function L.
struct CheckpointLoopShape {
  CheckpointKind Kind = CheckpointKind::Binomial;
  int64_t Param = 0;
  unsigned NumState = 0;  ///< Regions the body writes.
  unsigned NumInputs = 0; ///< Regions it only reads.
  unsigned NumScratch = 0; ///< Regions each step writes before reading.
  llvm::Function *Step = nullptr;

  static std::optional<CheckpointLoopShape> of(const llvm::Function &L);
  /// L's arguments before S's: the trip count and the regions (state, then
  /// inputs, then scratch), each (base pointer, first byte, end byte).
  unsigned numLeadingArgs() const {
    return 1 + 3 * (NumState + NumInputs + NumScratch);
  }
};

/// The function attribute of the sweeps of a loop function's pair.
inline constexpr llvm::StringLiteral CheckpointPairAttr = "eddy-checkpoint-pair";
/// The function attribute of a step's tangent (CheckpointTangent.cpp): its
/// loops run inside a checkpointed loop, so a tape budget leaves them alone.
inline constexpr llvm::StringLiteral CheckpointStepTangentAttr =
    "eddy-checkpoint-step-tangent";

/// Fills in the reverse pair of the loop function \p L (CheckpointPair.cpp),
/// whose derivative was needed at \p At.
bool buildCheckpointPair(DerivativeCache &Cache, llvm::Function &L,
                         const ActivitySignature &S, ReversePair Out,
                         PairKind Kind, llvm::Instruction *At);

/// Does the call \p CB run a sweep of a checkpointed loop's pair (itself, or
/// in a function it calls) without the other sweep? Forward mode then
/// differentiates it even without tangents (CheckpointTangent.cpp).
bool runsUnpairedSweep(const llvm::CallBase &CB, const DerivativeCache &Cache);

/// Fills in \p Out, the forward derivative (activity \p FS) of \p Sweep, the
/// augmented or adjoint sweep of a loop function's pair: forward over reverse
/// through a checkpointed loop (CheckpointTangent.cpp).
bool buildCheckpointSweepTangent(DerivativeCache &Cache, llvm::Function &Sweep,
                                 const ActivitySignature &FS, llvm::Function &Out,
                                 llvm::Instruction *At);

} // namespace eddy

#endif // EDDY_TRANSFORM_CHECKPOINTING_H
