//===- Eddy/Passes/ValueSlots.h - Values passed through memory -*- C++ -*-===//
//
// Two of Eddy's passes move SSA values into memory: PieceOutlining passes
// the values that cross between a function and its outlined pieces through
// a frame, and LongRanges gives each value read across a huge CFG a stack
// slot. Both follow one rule: a value is stored once, right after its
// definition, and loaded once in each block that reads it, before the first
// read there (a phi reads at the end of its incoming block). A slot then
// always holds the latest value of its definition, which is what every use
// the definition dominates saw in SSA form, so no dominance question is
// asked. Where a slot is, and how it is addressed from a block, is each
// caller's business.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_VALUESLOTS_H
#define EDDY_PASSES_VALUESLOTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/IR/BasicBlock.h"

namespace llvm {
class IRBuilderBase;
class Use;
class Value;
} // namespace llvm

namespace eddy {

/// The block where \p U reads its value: a phi reads at the end of the
/// incoming block.
llvm::BasicBlock *readingBlock(const llvm::Use &U);

/// Where \p V is stored to its slot: right after its definition (after the
/// phis and the EH pad of its block), or for an argument, before the
/// terminator of its function's entry block.
llvm::BasicBlock::iterator afterDefinition(llvm::Value &V);

/// Builds, at \p B's insertion point, the load of \p V from its slot.
using SlotLoader =
    llvm::function_ref<llvm::Value *(llvm::IRBuilderBase &B, llvm::Value &V)>;

/// Makes each of \p Uses (in program order) read its value's slot instead:
/// one load per block and value, before the first read in that block, and
/// one at the block's end for the reads of phis.
void reloadAtUses(llvm::ArrayRef<llvm::Use *> Uses, SlotLoader Load);

} // namespace eddy

#endif // EDDY_PASSES_VALUESLOTS_H
