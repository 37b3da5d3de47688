//===- Eddy/Analysis/ActivityAnalysis.h - Which values carry derivatives -*- C++ -*-===//
//
// A value is *active* when a derivative must flow through it: a floating-point
// value (or aggregate of them) that depends on an active input, or a pointer
// whose memory may hold such values and so needs a shadow, or a struct or
// array holding such pointers (a function returning `struct { double *a, *b; }`
// by value; Eddy's own augmented sweeps return a pointer and its shadow as
// one `{ptr, ptr}`), which gets a shadow aggregate. Integers (indices,
// counters, flags) are never active. Every local allocation that can hold a
// floating-point value or a pointer gets a shadow.
//
//   opt -load-pass-plugin=libEddyPasses.so -passes=print-eddy-activity
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_ACTIVITYANALYSIS_H
#define EDDY_ANALYSIS_ACTIVITYANALYSIS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace llvm {
class AllocaInst;
class CallBase;
class Instruction;
class Function;
class Type;
class Value;
class raw_ostream;
} // namespace llvm

namespace eddy {
class Registrations;

/// True for types that carry derivatives: FP scalars and vectors, and
/// structs/arrays containing them.
bool isDifferentiableType(llvm::Type *T);
/// True for pointers and for structs/arrays containing a pointer: values that,
/// when active, have a *shadow value* of the same type (shadow pointers in
/// place of pointers; see ShadowMemory.h).
bool hasShadowPointers(llvm::Type *T);
/// True for memory contents that need a shadow (FP data or pointers).
bool mayHoldActiveData(llvm::Type *T);

/// Heap allocation and deallocation functions whose memory gets a shadow:
/// malloc, calloc, realloc, operator new / new[]; free, operator delete.
enum class HeapCall { None, Allocate, Reallocate, Deallocate };
HeapCall classifyHeapCall(const llvm::CallBase &CB);

class ActivityInfo {
public:
  /// \p ActiveArgs has one entry per parameter of \p F. \p Regs, if given,
  /// says which functions the user declared inactive.
  ActivityInfo(llvm::Function &F, llvm::ArrayRef<bool> ActiveArgs,
               const Registrations *Regs = nullptr);

  bool isActive(const llvm::Value *V) const { return Active.contains(V); }
  /// The user's registrations (inactive functions, custom rules), or nullptr.
  const Registrations *registrations() const { return Regs; }
  void print(llvm::raw_ostream &OS) const;

private:
  void markActive(llvm::Value *V);
  bool callsInactive(const llvm::Instruction *I) const;
  void propagate();
  void findPointerSlots();
  void linkSlots(llvm::AllocaInst *A, llvm::AllocaInst *H);
  static bool staysLocal(const llvm::AllocaInst &AI,
                         llvm::SmallVectorImpl<llvm::AllocaInst *> &Into);
  llvm::AllocaInst *inactiveSlot(llvm::Value *Ptr) const;
  void activateSlots(llvm::Instruction &I, llvm::Value *V);

  llvm::Function &F;
  const Registrations *Regs;
  llvm::SmallPtrSet<const llvm::Value *, 32> Active;
  /// Locals that hold pointers or raw bytes but no floating-point members.
  /// They get a shadow only once an active value may be stored into them
  /// (directly, or by a call that receives an active value and may write
  /// through their address): a local iterator over an enzyme_const vector,
  /// or a temporary holding a constant pointer, never carries derivatives,
  /// and a shadow would make storing its pointer an error.
  llvm::SmallPtrSet<const llvm::AllocaInst *, 8> PointerSlots;
  /// Slots whose addresses are stored into each other: active together.
  llvm::DenseMap<const llvm::AllocaInst *,
                 llvm::SmallVector<llvm::AllocaInst *, 2>>
      SlotPeers;
  llvm::SmallVector<llvm::Value *, 64> Worklist;
};

} // namespace eddy

#endif // EDDY_ANALYSIS_ACTIVITYANALYSIS_H
