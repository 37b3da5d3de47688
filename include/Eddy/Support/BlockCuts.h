//===- Eddy/Support/BlockCuts.h - Where a long block may be cut -*- C++ -*-===//
//
// Several stages cut the long blocks of generated code into bounded ones:
// for SROA's mem2reg (Canonicalize.cpp), for the back end's selector and
// register allocators (BlockSplitting.h). They agree on where a cut may go:
// after the entry block's allocas (moved out of it they would become
// dynamic allocations), never before a terminator, an EH pad or a debug
// intrinsic, nor between a musttail call and its return.
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_BLOCKCUTS_H
#define EDDY_SUPPORT_BLOCKCUTS_H

#include "llvm/ADT/SmallVector.h"

namespace llvm {
class BasicBlock;
class Instruction;
} // namespace llvm

namespace eddy {

/// The instructions of \p BB before which it may be cut so that each part
/// holds about \p Chunk instructions, in block order. Cut the last first:
/// a split moves the rest of the block into the new one.
llvm::SmallVector<llvm::Instruction *, 16> cutPoints(llvm::BasicBlock &BB,
                                                     unsigned Chunk);

} // namespace eddy

#endif // EDDY_SUPPORT_BLOCKCUTS_H
