//===- FieldLayout.cpp - Fields of copied records -------------------------===//
#include "Eddy/Analysis/FieldLayout.h"
#include "Eddy/Analysis/ElementType.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Instructions.h"
#include <map>

using namespace llvm;

namespace eddy {

namespace {
/// Appends the scalar fields of \p T at \p Offset (structs and arrays
/// flattened).
void flatten(Type *T, uint64_t Offset, const DataLayout &DL, FieldLayout &L) {
  if (auto *ST = dyn_cast<StructType>(T)) {
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned K = 0; K < ST->getNumElements(); ++K)
      flatten(ST->getElementType(K), Offset + SL->getElementOffset(K), DL, L);
    return;
  }
  if (auto *AT = dyn_cast<ArrayType>(T)) {
    uint64_t Stride = DL.getTypeAllocSize(AT->getElementType());
    for (uint64_t K = 0; K < AT->getNumElements(); ++K)
      flatten(AT->getElementType(), Offset + K * Stride, DL, L);
    return;
  }
  L.Fields.push_back({Offset, T});
}

/// The record type of \p T: T itself for a struct, its element for an
/// array of structs.
StructType *recordOf(Type *T) {
  while (auto *AT = dyn_cast<ArrayType>(T))
    T = AT->getElementType();
  auto *ST = dyn_cast<StructType>(T);
  return ST && !ST->isOpaque() ? ST : nullptr;
}

/// A struct type the memory is allocated as, or that the program indexes it
/// with, whose size divides the copy.
StructType *indexedStruct(Value *Base, uint64_t CopySize, const DataLayout &DL) {
  auto Fits = [&](StructType *ST) {
    return ST && DL.getTypeAllocSize(ST) != 0 &&
           CopySize % DL.getTypeAllocSize(ST) == 0;
  };
  if (auto *AI = dyn_cast<AllocaInst>(Base))
    if (StructType *ST = recordOf(AI->getAllocatedType()); Fits(ST))
      return ST;
  for (User *U : Base->users())
    if (auto *GEP = dyn_cast<GetElementPtrInst>(U))
      if (StructType *ST = recordOf(GEP->getSourceElementType()); Fits(ST))
        return ST;
  return nullptr;
}

/// The accesses at constant offsets from \p Base within [0, Size): offset to
/// type. False if two disagree.
bool collectAccesses(Value *Base, uint64_t Size, const DataLayout &DL,
                     std::map<uint64_t, Type *> &At) {
  SmallVector<std::pair<Value *, uint64_t>, 8> Work{{Base, 0}};
  SmallPtrSet<Value *, 16> Seen;
  auto Note = [&](uint64_t Off, Type *T) {
    if (Off >= Size)
      return true;
    auto [It, New] = At.try_emplace(Off, T);
    return New || It->second == T;
  };
  while (!Work.empty()) {
    auto [V, Off] = Work.pop_back_val();
    if (!Seen.insert(V).second || Seen.size() > 64)
      continue;
    for (User *U : V->users()) {
      if (auto *LI = dyn_cast<LoadInst>(U)) {
        if (!Note(Off, LI->getType()))
          return false;
      } else if (auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getPointerOperand() == V &&
            !Note(Off, SI->getValueOperand()->getType()))
          return false;
      } else if (auto *GEP = dyn_cast<GetElementPtrInst>(U)) {
        APInt C(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
        if (GEP->accumulateConstantOffset(DL, C) && !C.isNegative())
          Work.push_back({GEP, Off + C.getZExtValue()});
      }
    }
  }
  return true;
}

/// The accessed fields, if they tile [0, Size) but for alignment padding.
std::optional<FieldLayout> fromAccesses(const std::map<uint64_t, Type *> &At,
                                        uint64_t Size, const DataLayout &DL) {
  FieldLayout L;
  L.RecordSize = Size;
  uint64_t End = 0;
  for (auto [Off, T] : At) {
    if (!T->isSingleValueType() || T->isVectorTy())
      return std::nullopt;
    uint64_t Align = DL.getABITypeAlign(T).value();
    // A gap must be the padding before an aligned field; an overlap is a
    // reinterpretation, which a layout cannot describe.
    if (Off < End || Off - End >= Align || Off % Align != 0)
      return std::nullopt;
    L.Fields.push_back({Off, T});
    End = Off + DL.getTypeStoreSize(T);
  }
  if (End > Size || Size - End >= 16) // at most tail padding is left
    return std::nullopt;
  return L;
}
} // namespace

std::optional<FieldLayout> fieldLayoutOf(Value *Ptr, uint64_t CopySize,
                                         const DataLayout &DL, unsigned Depth) {
  if (CopySize == 0)
    return std::nullopt;
  Value *Base = getUnderlyingObject(Ptr);
  if (Base != Ptr->stripPointerCasts())
    return std::nullopt; // a copy into the middle of a buffer: no record start
  if (StructType *ST = indexedStruct(Base, CopySize, DL)) {
    FieldLayout L;
    L.RecordSize = DL.getTypeAllocSize(ST);
    flatten(ST, 0, DL, L);
    return L;
  }
  std::map<uint64_t, Type *> At;
  if (collectAccesses(Base, CopySize, DL, At) && !At.empty())
    return fromAccesses(At, CopySize, DL);
  // A record passed in and only copied (a C++ move constructor at -O0,
  // `memcpy(this, &other, sizeof *this)`): what the callers pass says. The
  // first caller that tells decides; they pass the same type.
  std::optional<FieldLayout> FromCaller;
  if (auto *A = dyn_cast<Argument>(Base); A && Depth > 0)
    forEachCallerArgument(*A, [&](Value *V) {
      if (!FromCaller)
        FromCaller = fieldLayoutOf(V, CopySize, DL, Depth - 1);
    });
  return FromCaller;
}

} // namespace eddy
