//===- LibCalls.cpp - C library declarations with their attributes --------===//
#include "Eddy/Support/LibCalls.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/TargetParser/Triple.h"
#include "llvm/Transforms/Utils/BuildLibCalls.h"

using namespace llvm;

namespace eddy {

FunctionCallee getLibFunction(Module &M, StringRef Name, FunctionType *FT) {
  FunctionCallee Callee = M.getOrInsertFunction(Name, FT);
  // Idempotent on a declaration that already has them; a no-op for a
  // function that is not a library function for this target, or whose
  // signature differs from the library's.
  TargetLibraryInfoImpl TLII(Triple(M.getTargetTriple()));
  TargetLibraryInfo TLI(TLII);
  inferNonMandatoryLibFuncAttrs(&M, Name, TLI);
  return Callee;
}

FunctionCallee getLibFunction(Module &M, StringRef Name, Type *Ret,
                              ArrayRef<Type *> Params) {
  return getLibFunction(M, Name, FunctionType::get(Ret, Params, false));
}

} // namespace eddy
