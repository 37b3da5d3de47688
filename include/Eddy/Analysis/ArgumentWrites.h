//===- Eddy/Analysis/ArgumentWrites.h - May a call write through a pointer -*- C++ -*-===//
//
// Activity analysis gives a local that holds only pointers a shadow when an
// active value may be stored into it. Handing its address to a call that
// also receives active values is such a chance, unless the callee only reads
// through that argument or writes nothing active there: a C++ temporary
// bound to a `const T *&` parameter, an iterator passed to `operator*`, a
// lambda object handed down eddy.hpp's entry points into the closure of a
// nested request (at -O0 none of them is inlined). The search follows the
// pointer into callees, back out of them when returned, and through the
// locals it is stored in (a capture, a tuple element, an sret closure).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_ARGUMENTWRITES_H
#define EDDY_ANALYSIS_ARGUMENTWRITES_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

namespace llvm {
class AllocaInst;
class CallBase;
class Value;
} // namespace llvm

namespace eddy {

/// May \p CB write a value that carries a derivative through its pointer
/// argument \p ArgNo (or hand the pointer to code that may)? False only when
/// the callee's body shows it only loads through it, or writes only values
/// that are inactive: constants, integers, or the caller's values for which
/// \p IsActive is false (reached through parameters). Pointers it stores
/// into locals or into memory the caller passed in are followed to where
/// they are loaded back; memory holding it that also receives active values
/// counts as a write. Locals of \p CB's function that the callee stores the
/// pointer into (an sret closure) are added to \p Holders.
bool mayWriteActiveThroughArgument(
    const llvm::CallBase &CB, unsigned ArgNo,
    llvm::function_ref<bool(const llvm::Value *)> IsActive,
    llvm::SmallVectorImpl<const llvm::AllocaInst *> &Holders);

} // namespace eddy

#endif // EDDY_ANALYSIS_ARGUMENTWRITES_H
