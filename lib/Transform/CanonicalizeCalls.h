//===- CanonicalizeCalls.h - Calls rewritten before differentiation -*- C++ -*-===//
//
// Steps of canonicalizeForDifferentiation (Canonicalize.cpp) that rewrite
// calls of the primal copy into calls Eddy already differentiates.
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_CANONICALIZECALLS_H
#define EDDY_TRANSFORM_CANONICALIZECALLS_H

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// posix_memalign(&p, a, n) becomes memalign(a, n) stored into p, with
/// posix_memalign's result codes and its checks of the alignment.
void expandPosixMemalign(llvm::Function &F);

/// A call through a function pointer loaded from a global that cannot change
/// (constant, or internal and never written but by its initializer) becomes
/// a direct call of the function the initializer names, at every -O level.
void resolveConstantCallees(llvm::Function &F);

} // namespace eddy

#endif // EDDY_TRANSFORM_CANONICALIZECALLS_H
