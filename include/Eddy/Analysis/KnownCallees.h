//===- Eddy/Analysis/KnownCallees.h - Callees Eddy can name -----*- C++ -*-===//
//
// A call through a function pointer is opaque to Eddy unless the pointer is
// known at compile time. Enzyme's code keeps allocators in global tables
// (`struct { void *(*alloc)(size_t); } tup = {malloc};`); such a pointer is
// known when the global cannot change. Deciding that from the module, not
// from what the optimizer happened to fold, keeps the verdict the same at
// every -O level.
//===----------------------------------------------------------------------===//
#ifndef EDDY_ANALYSIS_KNOWNCALLEES_H
#define EDDY_ANALYSIS_KNOWNCALLEES_H

namespace llvm {
class CallBase;
class Constant;
class Function;
class LoadInst;
} // namespace llvm

namespace eddy {

/// The value \p LI always loads: from a global that keeps its initializer
/// (constant, or internal and never written nor its address taken), the
/// initializer's bytes at the load's offset. Null otherwise.
llvm::Constant *knownLoadedValue(const llvm::LoadInst &LI);

/// The function \p CB calls: its direct callee, or the function named by the
/// initializer of the global it loads its callee from, when that global
/// keeps its initializer (constant, or internal and never written nor its
/// address taken) and the function has the call's type. Null otherwise.
llvm::Function *knownCallee(const llvm::CallBase &CB);

/// Whether \p F may return a heap block it allocated (directly, through
/// functions with known callees that do, up to a few calls deep, or through
/// a call Eddy cannot name): a wrapper of malloc, whose result gets a
/// shadow like malloc's.
bool returnsFreshHeap(const llvm::Function &F);

} // namespace eddy

#endif // EDDY_ANALYSIS_KNOWNCALLEES_H
