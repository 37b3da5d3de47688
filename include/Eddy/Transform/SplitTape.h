//===- Eddy/Transform/SplitTape.h - Split mode's tape object ----*- C++ -*-===//
//
// In split reverse mode (__enzyme_augmentfwd / __enzyme_reverse) the caller
// runs arbitrary code, possibly on another thread, between the two sweeps, so
// the tape cannot live in a wrapper's frame or use the thread's spare buffer
// (Tape.h). It is a heap object the forward call creates and the backward call
// releases (unless enzyme_nofree), 48 bytes:
//
//   0  ptr Data, 8 i64 Size, 16 i64 Capacity   the ordinary tape (Tape.h)
//   24 i64 End    Size when the forward sweep finished: each backward call
//                 starts there, so enzyme_nofree tapes can be reversed again
//   32 ptr Owned  the shadows the forward sweep allocated (a list threaded
//                 through a 16-byte header before each block): the adjoint
//                 does not free them, releasing the tape does
//   40 ptr Key    the pair that wrote the tape (an internal global per
//                 function and activity): a backward call of another pair, or
//                 of another translation unit, stops the program instead of
//                 reading a tape it does not understand
//   48 i64 Args   a fingerprint of the forward call's arguments and shadows
//                 (their bits: pointers, not what they point to): the adjoint
//                 takes them again and uses them (loop bounds, shadow
//                 addresses, scalar partials), so a backward call given other
//                 ones stops the program instead of computing a wrong result
//
// The handle the user holds is the object's address. All functions are
// generated into the module (hidden linkonce_odr): there is no runtime
// library.
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_SPLITTAPE_H
#define EDDY_TRANSFORM_SPLITTAPE_H

#include "llvm/IR/IRBuilder.h"

namespace eddy {

class SplitTape {
public:
  /// Bytes `enzyme_allocated` storage needs: the handle (one pointer).
  static constexpr uint64_t HandleBytes = 8;

  /// A new, empty tape written by the pair that \p Key identifies;
  /// \p Function (a constant string) names it if calloc fails.
  static llvm::Value *create(llvm::IRBuilderBase &B, llvm::Value *Key,
                             llvm::Value *Function);
  /// The fingerprint of a call's arguments (an i64 of their bits).
  static llvm::Value *fingerprint(llvm::IRBuilderBase &B,
                                  llvm::ArrayRef<llvm::Value *> Args);
  /// After the forward sweep: remembers where each backward call starts and
  /// the forward call's argument fingerprint.
  static void seal(llvm::IRBuilderBase &B, llvm::Value *Tape,
                   llvm::Value *Fingerprint);
  /// Before a backward call: stops the program if \p Tape was not written by
  /// the pair \p Key identifies or with other arguments; otherwise rewinds
  /// it to the end of the forward sweep.
  static void rewind(llvm::IRBuilderBase &B, llvm::Value *Tape,
                     llvm::Value *Key, llvm::Value *Fingerprint);
  /// Frees the tape's buffer, its shadows and the object (null: nothing).
  static void release(llvm::IRBuilderBase &B, llvm::Value *Tape);
  /// Zeroed memory of \p Size bytes owned by \p Tape (a shadow);
  /// \p Function (a constant string) names the function if calloc fails.
  static llvm::Value *allocateShadow(llvm::IRBuilderBase &B, llvm::Value *Tape,
                                     llvm::Value *Size, llvm::Value *Function);
};

} // namespace eddy

#endif // EDDY_TRANSFORM_SPLITTAPE_H
