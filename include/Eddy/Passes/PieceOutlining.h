//===- Eddy/Passes/PieceOutlining.h - Huge -O0 derivatives in pieces -*- C++ -*-===//
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
// So at -O0, after the long blocks of a generated function are cut
// (BlockSplitting.h), runs of straight-line blocks (each ends in an
// unconditional branch to the next, which has no other predecessor) become
// functions of their own, called where the run was. Values cross the call
// through one buffer in the caller's frame, its only argument: the caller
// stores what the piece uses from before it, the piece loads each such
// value in each block that uses it (where the fast register allocator
// would have reloaded it from a spill slot anyway), stores at its end what
// later code uses, and the caller loads those after the call. A forward
// derivative's piece passes few values (the 20 pieces of that derivative:
// 6 to 13); a piece that more than 1,000 would cross stays in place
// (-mllvm -eddy-outline-max-crossing): a gradient's backward sweep carries
// every species' adjoint through its code, a straight-line tangent every
// live variable's tangent, thousands per piece, and cut into pieces they
// compiled no faster. Nothing is reordered or recomputed: the derivative's
// values are the same bit for bit.
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

/// Outlines \p F's single-entry, single-exit, acyclic runs of blocks into
/// pieces of about the piece size (-mllvm -eddy-outline-piece, instructions)
/// when \p F has at least the threshold's (-mllvm -eddy-outline-threshold)
/// instructions; \p Optimized selects the limits above -O0 (the same
/// options, suffixed -opt). Returns whether it outlined.
bool outlinePieces(llvm::Function &F, bool Optimized);

} // namespace eddy

#endif // EDDY_PASSES_PIECEOUTLINING_H
