//===- Eddy/Transform/Generators.h - Bodies of generated derivatives -*- C++ -*-===//
//
// The two generators. Each fills in a function the DerivativeCache declared,
// from the canonical primal copy of the differentiated function. They return
// false after reporting (through the cache's DiagnosticSink) what they could
// not differentiate.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_GENERATORS_H
#define EDDY_TRANSFORM_GENERATORS_H

#include "Eddy/Transform/DerivativeCache.h"

namespace eddy {

/// Forward mode (ForwardMode.cpp): tangents alongside the primal.
bool buildForward(DerivativeCache &Cache, llvm::Function &Primal,
                  const ActivitySignature &S, llvm::Function &Out);

/// Reverse mode: the augmented forward sweep (ReverseForwardSweep.cpp) and the
/// adjoint sweep (ReverseSweep.cpp, ReverseMemory.cpp), built together because
/// the adjoint sweep decides what the forward sweep must push on the tape.
/// \p Kind: see PairKind (DerivativeCache.h).
bool buildReverse(DerivativeCache &Cache, llvm::Function &Primal,
                  const ActivitySignature &S, ReversePair Out, PairKind Kind);

} // namespace eddy

#endif // EDDY_TRANSFORM_GENERATORS_H
