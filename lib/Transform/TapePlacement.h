//===- TapePlacement.h - Where tape stores and loads go ---------*- C++ -*-===//
//
// A block's pushes belong, in LIFO order, at its end, and its adjoint's pops
// at the adjoint's start. Emitted there as a whole, every pushed value stays
// live from where it is computed to the end of its block, and every popped
// one from the adjoint's start to its use: in the reverse sweep of a loop
// body of 10,000 statements, thousands of values live at once. The register
// allocator spills them, and stack slot colouring (quadratic in the spill
// slots) took more time than the whole plain back end (issue 12).
//
// So a block's room on the tape is made, and its size advanced, where the
// block's last stretch free of tape traffic starts; each value computed in
// that stretch is stored right after it, and each popped value is loaded just
// before its first use when nothing between the pop and that use can move
// the tape. The order on the tape, and so what the adjoint reads, is the same.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_TAPEPLACEMENT_H
#define EDDY_LIB_TRANSFORM_TAPEPLACEMENT_H

#include "llvm/ADT/ArrayRef.h"

namespace llvm {
class Instruction;
class Value;
} // namespace llvm

namespace eddy {
class Tape;

/// Whether \p I may push to, pop from or grow the tape whose header is
/// \p Header: a call that could reach it, or a write or size read of the
/// header. (Reading the data pointer is not: it only follows the tape.)
bool mayMoveTape(const llvm::Instruction &I, const llvm::Value *Header);

/// Pushes \p Vals (push order) for the code that ends before \p End: room is
/// made where the last stretch of \p End's block free of tape traffic starts,
/// each value computed in that stretch is stored right after it, the others
/// at the stretch's start.
void pushWhereComputed(const Tape &T, llvm::Instruction *End,
                       llvm::ArrayRef<llvm::Value *> Vals, bool CheckRoom);

/// Moves each load of \p Popped (Tape::pop's results, whose pop ends before
/// \p AfterPop) down to just before its first user, when all its users are
/// in its block and nothing from \p AfterPop to that user moves the tape.
void sinkPoppedLoads(llvm::ArrayRef<llvm::Value *> Popped,
                     llvm::Instruction *AfterPop, const llvm::Value *Header);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_TAPEPLACEMENT_H
