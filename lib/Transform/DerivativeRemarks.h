//===- DerivativeRemarks.h - Remarks on calls and generated code -*- C++ -*-===//
//
// With -Rpass=eddy: how each call in differentiated code got its derivative
// (Eddy's rule for a libm function, a user's or Enzyme's registered rule, or
// a derivative Eddy generated from the callee's body), and how large each
// generated derivative is. The tape's remarks are in ReverseRemarks.cpp.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_DERIVATIVEREMARKS_H
#define EDDY_LIB_TRANSFORM_DERIVATIVEREMARKS_H

#include "CallClassifier.h"

namespace llvm {
class CallBase;
class Function;
class Instruction;
} // namespace llvm

namespace eddy {

/// At \p CB (a call in \p Primal, differentiated in reverse mode if
/// \p Reverse): what differentiates it. \p BodyFallback: a registered rule
/// serves only the other mode, so the body is differentiated.
void remarkCallDerivative(const llvm::CallBase &CB, const CallInfo &Info,
                          const llvm::Function &Primal, bool Reverse,
                          bool BodyFallback);

/// At \p Request (the request, or the call that needed it): the size of the
/// generated function \p Generated, a derivative of \p Primal.
void remarkGeneratedSize(const llvm::Instruction &Request,
                         const llvm::Function &Generated,
                         const llvm::Function &Primal, llvm::StringRef Kind);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_DERIVATIVEREMARKS_H
