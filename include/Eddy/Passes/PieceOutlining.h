//===- Eddy/Passes/PieceOutlining.h - Huge derivatives in pieces -*- C++ -*-===//
//
// At -O0 the back end's cost per instruction grows with the size of the
// function it selects and allocates: a forward derivative of a
// 100,000-statement kinetics right-hand side (1.6 million instructions)
// took llc 8.8 s, against 2.3 s for the 30,000-statement one (3.3 times
// smaller), and its machine function took about 700 MB of heap and 230 MB
// of per-register tables, beyond what this machine backs cheaply (touching
// 1.6 GB cost 3.3 s of system time, 0.8 GB 0.5 s). Machine functions are
// freed one at a time, so the same code in pieces of 100,000 instructions is
// selected faster and never holds more than one piece.
//
// So, after the long blocks of a generated function are cut
// (BlockSplitting.h), runs of blocks that are entered only at their first
// block, hold no cycle and leave to one block become functions of their
// own, called where the run was: at -O0 runs of straight-line blocks
// (each ends in an unconditional branch to the next), above it the same
// runs with the never-taken branches of BlockSplitting.h's cuts inside.
// Values cross the calls through one frame in the caller, the pieces' only
// argument: each value used in another function than its own (F or a
// piece) has a slot there, stored right after its definition and loaded in
// each block that uses it across, before the first such use (where the
// fast register allocator would have reloaded it from a spill slot anyway).
// A slot holds its definition's latest value, which is what a use it
// dominates sees; a value goes from one piece to the next without passing
// through the caller's registers.
//
// At -O0 a piece that more than 1,000 values would cross stays in place
// (-mllvm -eddy-outline-max-crossing): a gradient's backward sweep carries
// every species' adjoint through its code, a straight-line tangent every
// live variable's tangent, thousands per piece, and cut into pieces they
// compiled no faster there. A forward derivative's piece passes few (the 20
// pieces of the 100,000-statement kinetics tangent: 6 to 13).
//
// Above -O0 the greedy register allocator, the two-address pass and stack
// slot colouring are what grow faster than linearly: on one function of
// 10^5 instructions each value's live range crosses thousands of blocks;
// in the IR pipeline, the SLP vectorizer, InstCombine and GVN (a kinetics
// gradient of 30,000 statements: 32.9 s whole through the pipeline, 28.9 s
// in pieces from its start). Functions of at least 50,000 instructions are
// cut right after Eddy's early block cuts (-mllvm
// -eddy-outline-threshold-early), and those of at least 20,000 at the end,
// into pieces of about
// 10,000 (-mllvm -eddy-outline-threshold-opt, -eddy-outline-piece-opt),
// with no limit on crossing values: a straight-line tangent of 30,000
// statements (257,000 instructions) took 136 s whole and 81 s in pieces of
// 50,000 (the plain compile of the same file, 71 s); at 10,000 statements
// the reverse request went from 15.4 s to 12.2 s and the forward one from
// 14.1 s to 9.9 s (plain 6.4 s) in pieces of 10,000, with the same time for
// pieces of 5,000 to 20,000. The derivatives of bench/ (at most 3,600
// instructions a function) are far below the threshold.
// Nothing is reordered or recomputed: the derivative's values are the same
// bit for bit.
//
// Runs with anything that belongs to the caller's frame (allocas, stack
// save/restore, frame and return addresses, lifetime markers), exception
// handling, returns-twice, convergent or musttail calls, or values that
// cannot be stored (tokens, scalable vectors) stay where they are, and so do functions with a
// debug scope, which their locations name (Eddy's derivatives have none,
// with -g too).
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_PIECEOUTLINING_H
#define EDDY_PASSES_PIECEOUTLINING_H

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// When outlining runs: at -O0 (the -O0 limits), or above it before or after
/// the optimization pipeline (the -opt limits). Before it, the frame's
/// stores and loads are volatile: the pipeline would otherwise take each
/// piece's run of stores to consecutive slots for an SLP store chain (the
/// SLP vectorizer's time on a 3,000-statement straight-line tangent: 0.10 s
/// whole, 0.37 s in pieces), and merge the per-block loads back into live
/// ranges across the piece.
enum class OutlineStage { O0, BeforeOptimizer, AfterOptimizer };

/// Outlines \p F's single-entry, single-exit, acyclic runs of blocks into
/// pieces of about the piece size (-mllvm -eddy-outline-piece, instructions)
/// when \p F has at least the threshold's (-mllvm -eddy-outline-threshold)
/// instructions; above -O0 the same options suffixed -opt. Returns whether
/// it outlined.
bool outlinePieces(llvm::Function &F, OutlineStage Stage);

} // namespace eddy

#endif // EDDY_PASSES_PIECEOUTLINING_H
