//===- Eddy/Passes/BlockSplitting.h - Bounded blocks for the back end -*- C++ -*-===//
//
// The backward sweep of a long straight-line computation is one basic block
// of tens of thousands of instructions, most of them multiplications by
// values read back from the tape. X86's instruction selector, before folding
// such a load into its user (`mulsd (mem), %xmm`), searches the block's DAG
// for a path that would make the fold a cycle (SelectionDAGISel::
// IsLegalToFold); the search is linear in the block, so selecting the block
// is quadratic. Measured with callgrind on llc: at 1,000 statements the fold
// searches were 12% of the back end, at 3,000 about half of it.
//
// Splitting the block bounds each DAG, but an unconditional branch does not
// survive: CodeGenPrepare merges a block into its only predecessor when that
// ends in `br label`. So each cut is a conditional branch on a volatile load
// of a flag that is never set, around a block that would store zero to it;
// the branch is never taken, costs a load and a predicted jump every
// SplitChunk instructions, and keeps the pieces apart for the selector. The
// paths meet again, so the block after a cut post-dominates the one before:
// with a branch to a trap instead (the first version), MachineSink judged
// every value used past a cut profitable to sink and the function took
// rounds of sinking (llc on a 2,500-statement forward derivative: sinking
// 3.0 s, against 0.18 s with the join).
//
// Runs right after EddyPass (so that the vectorizers see bounded blocks: SLP
// renumbers a block each time it inserts into it) and at the end of the
// optimization pipeline, on the functions Eddy generated only. After the
// early cuts each return of a cut function gets a block of its own, its
// value also stored (volatile) before the cut: InstCombine sinks what only a
// returning block uses into it, then what only that uses, and had moved a
// forward derivative's tangent arithmetic into the last piece, away from the
// primal values it reads. At -O0 it
// runs at the end only and cuts with plain branches: there is no
// CodeGenPrepare to merge them, and the fast register allocator and
// selector also grow faster than linearly on blocks of 10^5 instructions.
// A block is cut from its end: each split moves the rest of the block.
// A generated function that is still huge is then cut into outlined
// pieces (PieceOutlining.h): at -O0 at the end (SplitMode::Quick); above it
// right after the early cuts, so that the optimization pipeline's passes
// (SLP, InstCombine, GVN, ...) see pieces too, and again at the end
// (SplitMode::Final, before the cuts become loops, in the pieces too) for
// what the pipeline made huge.
//
// At the end of the optimization pipeline (SplitMode::Final) each cut then
// becomes a loop that is never repeated: the code before the cut ends in
// `br test`, `test` holds the flag's load and branch, and the side block
// branches back to `test`. Both blocks of code now have one successor, and
// MachineSink leaves such blocks alone: with the diamond, it asked, for
// each value used past a cut, whether sinking it was worth while through
// the chain of post-dominating blocks that follow, and in a loop body
// recomputed each block's register pressure for the answer (llc on the
// loop shape's 3,000-statement forward derivative: 3.4 s -> 2.4 s).
// `test` has two predecessors, so CodeGenPrepare keeps it apart. Earlier,
// the IR pipeline would rotate such loops, so the first cut is a diamond.
//
// Final mode also cuts before every large switch (IsolatedSwitchCases) that
// shares its block with other code. A switch lowered to a jump table ends
// in an indirect branch, and the back end's early tail duplication copies a
// block that ends so, up to 20 instructions, into each of its predecessors
// to make the branch predictable. A loop over a switch has its header (the
// loop's phis, the case index) end in the switch; copied into the latch,
// every case block gains a predecessor and a phi for every value live into
// the cases. On a forward derivative of a 2,000-case loop (primal and
// tangent live across the switch) PHIs went from 1,167 to 14,675, and
// register coalescing and allocation took 17 s of a 20 s llc. Behind the
// cut, the switch's block has one predecessor, the cut's test, and nothing
// to duplicate into.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_BLOCKSPLITTING_H
#define EDDY_PASSES_BLOCKSPLITTING_H

#include "llvm/IR/PassManager.h"

namespace eddy {

/// Blocks of generated functions longer than SplitThreshold instructions are
/// cut every SplitChunk instructions.
constexpr unsigned SplitThreshold = 1000;
constexpr unsigned SplitChunk = 400;
/// In SplitMode::Final, switches of at least this many cases get a block
/// of their own.
constexpr unsigned IsolatedSwitchCases = 64;

enum class SplitMode {
  /// Right after EddyPass (-O1 and above): cuts around a never-entered block.
  Early,
  /// At the end of the pipeline (-O1 and above): the same cuts, then every
  /// cut made a never-repeated loop.
  Final,
  /// -O0, whose pipeline has no CodeGenPrepare to merge blocks back: plain
  /// unconditional branches.
  Quick,
};

class SplitLargeBlocksPass : public llvm::PassInfoMixin<SplitLargeBlocksPass> {
public:
  explicit SplitLargeBlocksPass(SplitMode Mode = SplitMode::Early)
      : Mode(Mode) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);

private:
  SplitMode Mode;
};

} // namespace eddy

#endif // EDDY_PASSES_BLOCKSPLITTING_H
