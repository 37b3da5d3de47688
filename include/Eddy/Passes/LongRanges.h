//===- Eddy/Passes/LongRanges.h - Values used across a huge CFG -*- C++ -*-===//
//
// A derivative of a loop around a `switch` of thousands of cases (an
// interpreter, a generated state machine) has a few values that every case
// reads -- the loop's state and its tangents or adjoints -- and a few phis
// that every case feeds. In machine code each of them is one live range
// spanning the whole switch, through a libm call in every case, with no
// callee-saved floating-point register to keep it in: the greedy register
// allocator splits and spills such a range region by region, work that
// grows with the product of the range's blocks and its splits. For the
// 2,000-case forward derivative of bench/compile's switch shape (2,005
// blocks, 71,000 instructions) the allocator took 3.5 s of the back end's
// 6.8 s, 2.5 s of it in the spiller, and the two-address pass 1.2 s.
//
// So, at the end of the optimization pipeline, in a generated function of at
// least 500 blocks (-mllvm -eddy-demote-min-blocks), a value used in at
// least 64 other blocks than its own (-mllvm -eddy-demote-min-use-blocks)
// lives in a stack slot of its own: stored once where it is defined, loaded
// in each block that uses it, before the first use; a phi of at least as
// many incoming blocks becomes a store at the end of each of them and a load
// where the phi was. This is the spill the allocator would have placed (the
// values cross calls), placed once, so every live range is local to a block
// or two. Values are what they were, bit for bit: nothing is recomputed.
//
// The price is paid at run time, where each case now reloads the state and
// stores the join's values, and the loop-carried values go through memory:
// the switch shape's derivatives at 2,000 cases (16 trips of three
// statements each per call) ran 0.34 -> 0.38 us (tangent) and 0.46 -> 0.54
// us (gradient) per call, against a compile of 7.9 -> 4.0 s (tangent) and
// 8.1 -> 5.6 s (gradient) of Eddy's own compile time. At 750 cases (755
// blocks) the allocator's work still grew 5.4x for 3x the cases (the
// spiller 9.5x); demoted there, Eddy's own time is 1.71 -> 1.43 s
// (tangent) and 2.03 -> 1.88 s (gradient), the run time 0.40 -> 0.42 us
// and 0.54 -> 0.63 us per call. The limit is where the compile's growth
// stays linear (250 cases, 255 blocks, are not demoted: the allocator is
// still linear there); bench/'s derivatives have at most 200 blocks.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_LONGRANGES_H
#define EDDY_PASSES_LONGRANGES_H

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// Moves the values of \p F that are used across its blocks (see above) to
/// stack slots when \p F has enough blocks to need it. Returns whether it
/// changed \p F.
bool demoteLongRanges(llvm::Function &F);

} // namespace eddy

#endif // EDDY_PASSES_LONGRANGES_H
