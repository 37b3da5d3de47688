//===- Eddy/Support/OutOfMemory.h - Never a bare abort -------*- C++ -*-===//
//
// What the generated code does when the tape, a shadow or a split-mode tape
// cannot be allocated: call the runtime's __eddy_out_of_memory(function,
// bytes, what) (lib/Runtime/OutOfMemory.c), which prints one line naming the
// differentiated function, the bytes and the remedy, calls the user's
// handler and aborts. EddyPass links the runtime in afterwards.
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_OUTOFMEMORY_H
#define EDDY_SUPPORT_OUTOFMEMORY_H

#include "llvm/IR/IRBuilder.h"

namespace eddy {

/// `void __eddy_out_of_memory(ptr function, i64 bytes, ptr what)`, declared
/// noreturn and cold.
llvm::FunctionCallee getOutOfMemoryReporter(llvm::Module &M);

/// A private constant string with \p F's name as the user wrote it (no
/// `.eddy` suffix, demangled), one per name and module.
llvm::Constant *functionNameString(llvm::Module &M, const llvm::Function &F);

/// A private constant string \p Text, one per text and module.
llvm::Constant *privateString(llvm::Module &M, llvm::StringRef Text);

/// At \p B: if \p Failed (i1), report \p Bytes of \p What for \p Function.
/// Emits a call of a small helper (no new blocks); \p B stays after it.
void checkAllocation(llvm::IRBuilderBase &B, llvm::Value *Failed,
                     llvm::Value *Function, llvm::Value *Bytes,
                     llvm::StringRef What);

/// Inlines the checks checkAllocation emitted into \p F, once F's blocks are
/// final: the cleanup then drops a check whose allocation it removed.
void inlineAllocationChecks(llvm::Function &F);

} // namespace eddy

#endif // EDDY_SUPPORT_OUTOFMEMORY_H
