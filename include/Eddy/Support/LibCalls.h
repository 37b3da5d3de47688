//===- Eddy/Support/LibCalls.h - C library declarations Eddy adds -*- C++ -*-===//
//
// Eddy calls calloc, malloc, realloc and free in the code it generates
// (shadows of heap blocks and locals, the tape). When the module did not
// declare them before, a bare declaration would lack what LLVM's
// InferFunctionAttrs (run long before Eddy) gives library functions — above
// all `noalias` on calloc's result, without which alias analysis cannot tell
// a heap shadow from the arguments and keeps dead stores and runtime alias
// checks in the adjoint loops.
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_LIBCALLS_H
#define EDDY_SUPPORT_LIBCALLS_H

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"

namespace eddy {

/// The C library function \p Name of type \p FT in \p M, declared if need be,
/// with the attributes LLVM infers for that library function.
llvm::FunctionCallee getLibFunction(llvm::Module &M, llvm::StringRef Name,
                                    llvm::FunctionType *FT);

/// The same, with the type given by its parts.
llvm::FunctionCallee getLibFunction(llvm::Module &M, llvm::StringRef Name,
                                    llvm::Type *Ret,
                                    llvm::ArrayRef<llvm::Type *> Params);

} // namespace eddy

#endif // EDDY_SUPPORT_LIBCALLS_H
