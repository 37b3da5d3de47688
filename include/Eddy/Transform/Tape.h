//===- Eddy/Transform/Tape.h - The reverse sweep's LIFO storage -*- C++ -*-===//
//
// The forward sweep pushes, for each block, the values the adjoint of that
// block needs (and which predecessor it came from); the backward sweep pops
// them at the start of the block's adjoint. Calls nest, so a callee's
// augmented forward and adjoint share their caller's tape. (Where within the
// block each value is stored and loaded: lib/Transform/TapePlacement.h.)
//
// A tape is { ptr Data, i64 Size, i64 Capacity } in 8-byte slots, living in the
// gradient's frame; Data grows by doubling (eddy.tape.grow, emitted into the
// module; when realloc fails it calls the runtime's out-of-memory reporter,
// Eddy/Support/OutOfMemory.h) and is reserved up front before loops whose
// trip count is known, whose pushes then need no capacity check. When the gradient
// returns, the buffer becomes the thread's spare (up to 256 MiB; larger ones
// are freed), which the next gradient on that thread starts from: repeated
// gradients do not fault in fresh pages.
//
// Tape memory is private to Eddy: its accesses carry alias scopes (header,
// data) and the generated code's other memory accesses are marked as not
// aliasing them, so LLVM keeps the tape's size and data pointer in registers.
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_TAPE_H
#define EDDY_TRANSFORM_TAPE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IRBuilder.h"

namespace eddy {

/// The alias scopes of tape memory, one set per module; all null when
/// nothing will read them (see create).
struct TapeScopes {
  llvm::MDNode *HeaderList = nullptr; ///< !{header scope}
  llvm::MDNode *DataList = nullptr;   ///< !{data scope}
  llvm::MDNode *BothList = nullptr;   ///< !{header scope, data scope}
  /// The scopes, or none when \p Optimized is false: at -O0 no pass asks
  /// alias analysis, and two attachments on a fifth of the generated
  /// instructions were a tenth of the memory Eddy added to a compile.
  static TapeScopes create(llvm::LLVMContext &Ctx, bool Optimized);
  explicit operator bool() const { return HeaderList; }
  /// Marks \p I (a non-tape memory access) as not aliasing tape memory.
  void markNoAlias(llvm::Instruction &I) const;
  /// Inlining clones the scopes of each inlined body: after the sweeps are
  /// inlined into one function, this maps the copies back onto these scopes
  /// so that the forward sweep's tape stores and the adjoint's tape loads
  /// are seen to touch the same tape (and nothing else).
  void unifyInlined(llvm::Function &F) const;
};

/// Makes \p F work on a local copy of each tape header it receives as an
/// argument (written back around the calls that receive the header and at
/// returns), which SROA turns into SSA values: LLVM's own passes are
/// super-linear in the per-block header loads and stores of a large sweep
/// (TapeHeaderLocal.cpp). Returns whether \p F changed.
bool localizeTapeHeader(llvm::Function &F, const TapeScopes &Scopes);

class Tape {
public:
  /// \p Owner: a constant string naming the function whose sweep pushes,
  /// for the out-of-memory message when the tape cannot grow (null: "?").
  Tape(llvm::Value *Ptr, const TapeScopes &Scopes,
       llvm::Constant *Owner = nullptr)
      : Ptr(Ptr), Scopes(Scopes), Owner(Owner) {}

  static llvm::StructType *getType(llvm::LLVMContext &Ctx);
  /// Bytes one value of \p T occupies on the tape.
  static uint64_t slotBytes(const llvm::DataLayout &DL, llvm::Type *T);
  /// Allocates an empty tape in the entry block of the builder's function,
  /// starting from the thread's spare buffer.
  static llvm::Value *create(llvm::IRBuilderBase &B);

  /// Hands the buffer back as the thread's spare, or frees it.
  void destroy(llvm::IRBuilderBase &B) const;
  /// The functions create/destroy call, with their tangent rules (for forward
  /// mode over a gradient), to register with the derivative cache.
  static llvm::SmallVector<std::pair<llvm::Function *, llvm::Function *>, 2>
  tangentRules(llvm::Module &M);
  /// Inlines those calls once no derivative of a gradient is to be made.
  static void inlineBufferCalls(llvm::Module &M);
  /// Pushes \p Vals in order; may split the insertion block (grow path)
  /// unless \p CheckRoom is false (room was reserved). The builder is left
  /// after the pushes.
  void push(llvm::IRBuilderBase &B, llvm::ArrayRef<llvm::Value *> Vals,
            bool CheckRoom = true) const;
  /// push(), except that each value is stored before \p StoreBefore[i]
  /// (null: at \p B's place) while room is made and the size advanced at
  /// \p B's place. The caller guarantees that nothing between \p B's place
  /// and those stores moves the tape (TapePlacement.h).
  void pushAt(llvm::IRBuilderBase &B, llvm::ArrayRef<llvm::Value *> Vals,
              llvm::ArrayRef<llvm::Instruction *> StoreBefore,
              bool CheckRoom) const;
  /// Pops values of \p Types, last pushed first: the result is in push order.
  llvm::SmallVector<llvm::Value *, 8> pop(llvm::IRBuilderBase &B,
                                          llvm::ArrayRef<llvm::Type *> Types) const;
  /// Ensures room for \p Bytes more without growing.
  void reserve(llvm::IRBuilderBase &B, llvm::Value *Bytes) const;

  /// A call's record: \p Bytes of slots at a fixed place on the tape for
  /// values computed once per call, readable at any time of the adjoint
  /// sweep. Returns its offset (i64).
  llvm::Value *allocRecord(llvm::IRBuilderBase &B, uint64_t Bytes) const;
  /// Stores each (offset, value) of \p Slots at \p Base + offset, all at
  /// \p B's place (nothing between them can move the tape: the data pointer
  /// is read once).
  void storeAt(llvm::IRBuilderBase &B, llvm::Value *Base,
               llvm::ArrayRef<std::pair<uint64_t, llvm::Value *>> Slots) const;
  llvm::Value *loadAt(llvm::IRBuilderBase &B, llvm::Value *Base,
                      uint64_t Offset, llvm::Type *T) const;
  /// The address of offset \p Base in the tape's data, for loadSlot: valid
  /// until the tape next grows.
  llvm::Value *address(llvm::IRBuilderBase &B, llvm::Value *Base) const;
  /// Loads the slot \p Offset bytes past \p At (from address()).
  llvm::Value *loadSlot(llvm::IRBuilderBase &B, llvm::Value *At, uint64_t Offset,
                        llvm::Type *T, const llvm::Twine &Name = "") const;
  /// The tape's current size: the offset of its next free byte.
  llvm::Value *top(llvm::IRBuilderBase &B) const;
  /// Drops everything from offset \p Base up (the record, at the very end).
  void truncate(llvm::IRBuilderBase &B, llvm::Value *Base) const;
  /// The tape header this object pushes to and pops from.
  llvm::Value *header() const { return Ptr; }

private:
  llvm::Value *field(llvm::IRBuilderBase &B, unsigned Field) const;
  llvm::LoadInst *loadHeader(llvm::IRBuilderBase &B, llvm::Type *T,
                             unsigned Field, const llvm::Twine &Name = "") const;
  void storeHeader(llvm::IRBuilderBase &B, llvm::Value *V, unsigned Field) const;
  void ensureRoom(llvm::IRBuilderBase &B, llvm::Value *NewSize) const;

  llvm::Value *Ptr;
  const TapeScopes &Scopes;
  llvm::Constant *Owner;
};

} // namespace eddy

#endif // EDDY_TRANSFORM_TAPE_H
