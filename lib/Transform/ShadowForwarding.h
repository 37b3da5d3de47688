//===- ShadowForwarding.h - Carry a zeroed shadow to the next step -*- C++ -*-===//
//
// A cleanup of Eddy's generated functions (ShadowForwarding.cpp): in a
// single-block loop that zeroes a shadow element and adds into it one
// iteration later, the zero goes straight to the next iteration instead of
// through memory, so LLVM can vectorize the adjoint of an in-place stencil.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_SHADOWFORWARDING_H
#define EDDY_LIB_TRANSFORM_SHADOWFORWARDING_H

#include "llvm/IR/PassManager.h"

namespace eddy {

struct ShadowForwardingPass : llvm::PassInfoMixin<ShadowForwardingPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &FAM);
};

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_SHADOWFORWARDING_H
