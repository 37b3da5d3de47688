//===- Eddy/Transform/RequestLowering.h - Requests to derivative calls -*- C++ -*-===//
//
// Turns each request call (__enzyme_autodiff*, __enzyme_fwddiff*) into a call
// of a generated derivative, reporting misuse at the request's source line.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_REQUESTLOWERING_H
#define EDDY_TRANSFORM_REQUESTLOWERING_H

#include "Eddy/Passes/EddyPass.h"
#include "llvm/IR/PassManager.h"

namespace eddy {

/// Serves every request in \p M. Returns true if the module changed.
bool lowerAllRequests(llvm::Module &M, llvm::ModuleAnalysisManager &MAM,
                      const EddyOptions &Opts);

} // namespace eddy

#endif // EDDY_TRANSFORM_REQUESTLOWERING_H
