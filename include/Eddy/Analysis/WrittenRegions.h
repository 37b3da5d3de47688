//===- Eddy/Analysis/WrittenRegions.h - Bounds of a loop's writes -*- C++ -*-===//
//
// The memory a loop writes, as byte ranges [Lo, Hi) whose bounds are scalar
// evolution expressions invariant in the loop: computable before it starts.
// A checkpoint of the loop's state copies exactly these ranges.
//
// Each write's address is bounded over every iteration of every loop inside
// (and including) the loop: an affine recurrence {start, +, step} over a loop
// with a computable trip count t spans [start, start + step * t] (or the
// mirror image for a negative step), recursively for nested loops, whose trip
// counts are bounded the same way. Writes through the same base pointer are
// merged into one range.
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_WRITTENREGIONS_H
#define EDDY_ANALYSIS_WRITTENREGIONS_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace llvm {
class BasicBlock;
class CallBase;
class DominatorTree;
class LoopInfo;
class Instruction;
class Loop;
class SCEV;
class ScalarEvolution;
} // namespace llvm

namespace eddy {

struct WrittenRegion {
  const llvm::SCEV *Base; ///< The pointer the range is relative to.
  const llvm::SCEV *Lo;   ///< First byte, from Base (i64).
  const llvm::SCEV *Hi;   ///< One past the last byte, from Base (i64).
};

/// Why the writes of a loop cannot be bounded.
struct UnboundedWrite {
  const llvm::Instruction *At = nullptr;
  std::string Why;
};

/// What a call in the loop does to memory, as far as checkpointing goes.
enum class CallWrites {
  None,   ///< Reads at most (math functions), or writes only what Eddy ignores.
  Repeat, ///< Side effects outside the loop's state; they run again when
          ///< the step is recomputed (I/O, an inactive function).
  Unknown ///< Writes memory that cannot be bounded.
};

/// Does \p BB only lead to `unreachable` (a sanitizer's or an assertion's
/// report, a call that does not return)? Such exits end the program; they
/// do not count as ways out of a loop.
bool isDeadEnd(const llvm::BasicBlock *BB);

/// The one block \p L continues to when it ends normally (exits to dead
/// ends aside), or null.
llvm::BasicBlock *normalExit(const llvm::Loop &L);

/// The one block of \p L that can leave it other than into a dead end, or
/// null if there are several.
llvm::BasicBlock *normalExiting(const llvm::Loop &L);

/// \p L's backedge-taken count when it ends normally: its latch's exit count
/// if every other exit is a dead end (-fsanitize checks), else the count
/// scalar evolution finds for all exits. May be SCEVCouldNotCompute.
const llvm::SCEV *normalTakenCount(const llvm::Loop &L, llvm::ScalarEvolution &SE);

/// Computes the regions \p L writes into \p Regions and those it reads into
/// \p Reads. Calls other than
/// memset/memcpy/memmove are classified by \p Classify; those found to
/// repeat are appended to \p Repeats. Returns false with \p Problem set when
/// a write cannot be bounded.
bool findWrittenRegions(const llvm::Loop &L, llvm::ScalarEvolution &SE,
                        const llvm::DominatorTree &DT, const llvm::LoopInfo &LI,
                        llvm::function_ref<CallWrites(const llvm::CallBase &)> Classify,
                        llvm::SmallVectorImpl<WrittenRegion> &Regions,
                        llvm::SmallVectorImpl<WrittenRegion> &Reads,
                        llvm::SmallVectorImpl<const llvm::CallBase *> &Repeats,
                        UnboundedWrite &Problem);

/// Is the region \p R (one of \p L's written regions) dead when an
/// iteration of \p L starts: overwritten, every byte, before anything in the
/// iteration reads it? Proved for the scratch pattern
///     for (j = 0; j < n; ++j) tmp[j] = ...;   // every iteration of L
///     ... = tmp[...];                         // only after that loop
/// One store covers R contiguously over every iteration of an inner loop
/// that runs in every iteration of L; every read through R's base comes
/// after that inner loop, and no call takes a pointer into it.
bool isDeadOnEntry(const llvm::Loop &L, const WrittenRegion &R,
                   llvm::ScalarEvolution &SE, const llvm::DominatorTree &DT,
                   const llvm::LoopInfo &LI);

} // namespace eddy

#endif // EDDY_ANALYSIS_WRITTENREGIONS_H
