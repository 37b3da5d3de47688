//===- Eddy/Analysis/FieldLayout.h - Fields of copied records ---*- C++ -*-===//
//
// A memcpy of a record that mixes pointers, integers and floating-point
// fields (`*b = *a` for `struct { double *p; long n; double v; }`) has no
// single element type. Reverse mode then needs the record's fields: pointer
// fields carry their shadows along in the forward sweep, floating-point fields
// move their adjoints back in the reverse sweep, integers carry nothing.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_FIELDLAYOUT_H
#define EDDY_ANALYSIS_FIELDLAYOUT_H

#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace llvm {
class DataLayout;
class Type;
class Value;
} // namespace llvm

namespace eddy {

/// The scalar fields of the records a buffer holds: each field's byte offset
/// within one record of RecordSize bytes, and its type.
struct FieldLayout {
  struct Field {
    uint64_t Offset;
    llvm::Type *Ty;
  };
  uint64_t RecordSize = 0;
  llvm::SmallVector<Field, 8> Fields;
};

/// The layout of the records in the memory behind \p Ptr that a copy of
/// \p CopySize bytes moves: from a struct type the program indexes that
/// memory with, or else from the loads and stores at constant offsets, which
/// must then cover the record but for alignment padding. std::nullopt when
/// neither says it consistently. Memory that comes in as an argument and
/// says nothing locally asks the callers, up to \p Depth levels.
std::optional<FieldLayout> fieldLayoutOf(llvm::Value *Ptr, uint64_t CopySize,
                                         const llvm::DataLayout &DL,
                                         unsigned Depth = 4);

} // namespace eddy

#endif // EDDY_ANALYSIS_FIELDLAYOUT_H
