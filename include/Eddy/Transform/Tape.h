//===- Eddy/Transform/Tape.h - The reverse sweep's LIFO storage -*- C++ -*-===//
//
// The forward sweep pushes, at the end of each block, the values the adjoint
// of that block needs (and which predecessor it came from); the backward sweep
// pops them at the start of the block's adjoint. Calls nest, so a callee's
// augmented forward and adjoint share their caller's tape.
//
// A tape is { ptr Data, i64 Size, i64 Capacity } in 8-byte slots, living in the
// gradient's frame; Data grows by doubling (eddy.tape.grow, emitted into the
// module, no runtime library) and is reserved up front before loops whose trip
// count is known. The gradient frees it before it returns.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_TAPE_H
#define EDDY_TRANSFORM_TAPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"

namespace eddy {

class Tape {
public:
  static llvm::StructType *getType(llvm::LLVMContext &Ctx);
  /// Bytes one value of \p T occupies on the tape.
  static uint64_t slotBytes(const llvm::DataLayout &DL, llvm::Type *T);

  /// Allocates an empty tape in the entry block of the builder's function.
  static llvm::Value *create(llvm::IRBuilderBase &B);
  static void destroy(llvm::IRBuilderBase &B, llvm::Value *T);
  /// Pushes \p Vals in order; may split the insertion block (grow path).
  /// The builder is left after the pushes.
  static void push(llvm::IRBuilderBase &B, llvm::Value *T,
                   llvm::ArrayRef<llvm::Value *> Vals);
  /// Pops values of \p Types, last pushed first: the result is in push order.
  static llvm::SmallVector<llvm::Value *, 8>
  pop(llvm::IRBuilderBase &B, llvm::Value *T, llvm::ArrayRef<llvm::Type *> Types);
  /// Ensures room for \p Bytes more without growing.
  static void reserve(llvm::IRBuilderBase &B, llvm::Value *T, llvm::Value *Bytes);
};

} // namespace eddy

#endif // EDDY_TRANSFORM_TAPE_H
