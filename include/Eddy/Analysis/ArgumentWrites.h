//===- Eddy/Analysis/ArgumentWrites.h - May a call write through a pointer -*- C++ -*-===//
//
// Activity analysis gives a local that holds only pointers a shadow when an
// active pointer may be stored into it. Handing its address to a call that
// also receives active values is such a chance, unless the callee only reads
// through that argument: a C++ temporary bound to a `const T *&` parameter,
// an iterator passed to `operator*` (at -O0 none of them is inlined).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_ARGUMENTWRITES_H
#define EDDY_ANALYSIS_ARGUMENTWRITES_H

namespace llvm {
class CallBase;
} // namespace llvm

namespace eddy {

/// May \p CB write memory through its pointer argument \p ArgNo (or hand the
/// pointer to code that may)? False only when the callee's body shows it
/// only loads through it, or its attributes say it only reads.
bool mayWriteThroughArgument(const llvm::CallBase &CB, unsigned ArgNo);

} // namespace eddy

#endif // EDDY_ANALYSIS_ARGUMENTWRITES_H
