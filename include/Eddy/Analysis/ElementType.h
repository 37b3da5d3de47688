//===- Eddy/Analysis/ElementType.h - What memory holds, from its uses -*- C++ -*-===//
//
// LLVM memory is untyped, but adjoints need to know whether bytes hold
// doubles, floats or pointers: for memcpy's adjoint, and to turn the integer
// copies InstCombine makes of floating-point data back into floating-point
// loads and stores before differentiating.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_ELEMENTTYPE_H
#define EDDY_ANALYSIS_ELEMENTTYPE_H

#include "llvm/ADT/STLFunctionalExtras.h"

namespace llvm {
class Argument;
class CallBase;
class Function;
class LoadInst;
class StoreInst;
class Type;
class Value;
} // namespace llvm

namespace eddy {

/// The element type of the memory \p Ptr points to, as seen from the
/// allocation and from how the program accesses it: a floating-point type, a
/// pointer type, or nullptr if unknown or mixed.
llvm::Type *elementTypeOf(llvm::Value *Ptr);

/// The element type a memcpy/memmove \p Copy copies: what its destination
/// or its source holds (elementTypeOf), or else, in a member of
/// std::vector<E>, E. nullptr if unknown.
llvm::Type *copiedElementType(llvm::CallBase &Copy);

/// Calls \p Fn with the value each direct call of \p A's function passes
/// for \p A. Eddy differentiates a copy, F.eddy.primal; its callers call F.
void forEachCallerArgument(llvm::Argument &A,
                           llvm::function_ref<void(llvm::Value *)> Fn);

/// Rewrites integer loads of floating-point data (by elementTypeOf) into
/// floating-point loads, and stores of such values accordingly, so that the
/// copies InstCombine makes (an 8-byte memcpy becomes `load i64`/`store i64`)
/// carry derivatives. Returns true if anything changed.
bool retypeIntegerCopies(llvm::Function &F);

/// Is the integer copy \p LI -> \p SI (SI stores LI) a copy of an integer
/// field, not floating-point data copied through an integer type? The
/// program must say so: the source or the destination is accessed as that
/// integer type (its type-based alias metadata names an integer type, or it
/// is the address of an integer field or array element), or computes on the
/// loaded value, or on another load of the same address, as an integer
/// (arithmetic, a comparison, an index), and
/// nothing in the
/// function accesses the same bytes of either object as floating point.
bool copiesIntegerField(llvm::LoadInst &LI, llvm::StoreInst &SI);

/// Rewrites webs of integer phis and selects that only move the bits of
/// floating-point values (GVN and LICM carry an integer copy around a loop at
/// -O3) to the floating-point type (FloatBitWebs.cpp). Returns true if
/// anything changed.
bool retypeFloatBitPhis(llvm::Function &F);

} // namespace eddy

#endif // EDDY_ANALYSIS_ELEMENTTYPE_H
