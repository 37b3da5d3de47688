//===- ShadowMemory.h - Shadows in a forward sweep (private) ---*- C++ -*-===//
//
// Shared by forward mode and the augmented forward sweep of reverse mode: the
// map from primal values to their shadows in the new function, and the
// construction of shadow pointers (allocas, GEPs, casts, phis, selects, loads
// of pointers) that mirror the primal's pointer arithmetic.
//
// A struct or array holding pointers (`{ptr, ptr}`, `{ptr, i64}`,
// `{ptr, double}`) has a *shadow aggregate* of the same type: each pointer
// replaced by its shadow, each floating-point member by its tangent (forward
// mode; zero in the augmented sweep, whose adjoints live elsewhere), integers
// zero. insertvalue/extractvalue, phis, selects, loads and stores of such
// aggregates are mirrored like pointer arithmetic.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_SHADOWMEMORY_H
#define EDDY_LIB_TRANSFORM_SHADOWMEMORY_H

#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Analysis/Registrations.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <functional>

namespace eddy {

/// How shadows of local arrays are allocated: on the stack (forward mode, whose
/// frame outlives every use) or zeroed on the heap (the augmented sweep, whose
/// frame is gone when the adjoint sweep accumulates into them).
enum class LocalShadows { Stack, Heap };

class ShadowMemory {
public:
  ShadowMemory(llvm::Function &Primal, llvm::Function &New,
               const ActivityInfo &Act, llvm::ValueToValueMapTy &VMap,
               DiagnosticSink &Diags, LocalShadows Locals, unsigned Lane = 0,
               unsigned Width = 1)
      : Primal(Primal), New(New), Act(Act), VMap(VMap), Diags(Diags),
        Locals(Locals), Lane(Lane), Width(Width) {}

  /// Allocates \p Size zeroed bytes for a heap shadow (default: calloc).
  using HeapAllocator =
      std::function<llvm::Value *(llvm::IRBuilderBase &, llvm::Value *Size)>;
  void setHeapAllocator(HeapAllocator A) { Allocate = std::move(A); }

  void set(llvm::Value *PrimalV, llvm::Value *Shadow) { Shadows[PrimalV] = Shadow; }
  /// The shadow of \p PrimalV, or nullptr if it has none.
  llvm::Value *lookup(llvm::Value *PrimalV) const { return Shadows.lookup(PrimalV); }
  /// The shadow of active pointer \p P used by \p User; reports an error and
  /// returns a null pointer if \p P has no shadow (a global, an integer cast).
  llvm::Value *pointer(llvm::Value *P, llvm::Instruction *User);
  /// The shadow of \p V, a pointer or an aggregate holding pointers (see
  /// hasShadowPointers), used by \p User; reports an error and returns a null
  /// shadow if it has none.
  llvm::Value *shadow(llvm::Value *V, llvm::Instruction *User);

  /// Builds the shadow of \p I, a pointer or an aggregate holding pointers,
  /// if it is active. The builder is positioned right after I's copy. Returns
  /// true if I was handled here.
  bool visitPointer(llvm::Instruction &I, llvm::IRBuilder<> &B);
  /// The shadow of a heap allocation: zeroed memory of the same size (or, in
  /// forward mode, the shadow reallocated alongside a realloc).
  /// A zeroed shadow block for the allocation \p CB: from calloc, or for a
  /// function registered allocation-like (\p Like), from a second call of it.
  void allocate(llvm::CallBase &CB, llvm::IRBuilder<> &B,
                const AllocationLike *Like = nullptr);
  /// Forward stores of pointers (and of aggregates holding them): the shadow
  /// pointer goes to shadow memory.
  void storePointer(llvm::StoreInst &SI, llvm::IRBuilder<> &B);
  /// \p Copy (a memcpy/memmove) copies pointers from memory that is not
  /// differentiated into memory that is: their shadows would be null, so
  /// this is refused unless no pointer is ever read back from the
  /// destination.
  void checkInactivePointerCopy(llvm::CallBase &Copy);
  /// Fills the incoming values of shadow phis once every block is done.
  void finishPhis();

  llvm::Value *mapped(llvm::Value *V) const;

private:
  /// The shadow of a pointer into a constant global, or nullptr.
  llvm::Value *constantShadow(llvm::Value *P);
  /// The shadow of constant aggregate \p C, element by element.
  llvm::Constant *constantAggregateShadow(llvm::Constant *C,
                                         llvm::Instruction *User);
  /// The shadow of \p V inserted into an active aggregate by \p User: a
  /// shadow for pointers and aggregates of them, the tangent (or zero) for
  /// floating-point values, zero for integers.
  llvm::Value *memberShadow(llvm::Value *V, llvm::Instruction *User);
  /// The augmented sweep stores only the pointer members of an aggregate's
  /// shadow: the floating-point ones hold adjoints there.
  void storePointerMembers(llvm::Value *Shadow, llvm::Value *Address,
                           llvm::Type *T, llvm::Align A, llvm::IRBuilder<> &B,
                           llvm::SmallVectorImpl<unsigned> &Path);

private:
  llvm::Function &Primal;
  llvm::Function &New;
  const ActivityInfo &Act;
  llvm::ValueToValueMapTy &VMap;
  DiagnosticSink &Diags;
  LocalShadows Locals;
  HeapAllocator Allocate;
  /// Zeroed heap memory for a shadow of \p PrimalBlock, through Allocate if
  /// set; a failed allocation is reported (checkShadow).
  llvm::Value *heapShadow(llvm::IRBuilder<> &B, llvm::Value *Size,
                          llvm::Value *PrimalBlock, const llvm::Twine &Name);
  /// The same, aligned to \p Alignment bytes (more than calloc's 16).
  llvm::Value *alignedHeapShadow(llvm::IRBuilder<> &B, llvm::Value *Size,
                                 llvm::Value *Alignment,
                                 llvm::Value *PrimalBlock,
                                 const llvm::Twine &Name);
  void checkShadow(llvm::IRBuilderBase &B, llvm::Value *Shadow,
                   llvm::Value *PrimalBlock, llvm::Value *Size);
  /// Which lane of a width-Width derivative this is (a global's shadow is
  /// per width and lane).
  unsigned Lane, Width;
  llvm::DenseMap<llvm::Value *, llvm::Value *> Shadows;
  llvm::SmallVector<std::pair<llvm::PHINode *, llvm::PHINode *>, 8> PendingPhis;
};

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_SHADOWMEMORY_H
