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

/// Likewise, a pointer loaded from such a global becomes the global variable
/// its initializer names (`static union { long n; double *p; } u = {.p = &g}`
/// then `*u.p = x`): the store then reaches g, and g's shadow, at -O0 as at
/// -O1 and above, where GlobalOpt folds the load.
void resolveConstantPointers(llvm::Function &F);

/// A call that passes a function (a constant) to a function defined in the
/// module whose parameter is called there (directly, through a local at -O0,
/// or passed on to another defined function) calls a copy of the callee in
/// which the parameter is that function. At -O1 and above IPSCCP's function
/// specialization does the same to the program, and the call through the
/// parameter becomes a direct call Eddy differentiates; doing it in the copy
/// Eddy differentiates (never in the program) gives -O0 the same verdict.
/// The copies carry SpecializedAttr; DerivativeCache::finalize deletes those
/// no derivative calls.
void specializeFunctionArguments(llvm::Function &F);
constexpr const char *SpecializedAttr = "eddy-specialized";

/// A local struct that bundles two or more pointer arguments of \p F and is
/// passed to a function defined in the module (`Ctx c = {w, x};
/// apply(&c)`) mixes activities when one argument is differentiated and the
/// other is not: in memory, a field cannot be told apart from the others, and
/// the undifferentiated pointer would need a shadow it does not have. The
/// optimizer dissolves such a bundle by inlining at -O1 and above; doing the
/// same in the copy Eddy differentiates (never in the program) makes the
/// verdict and the derivative the same at -O0. Returns whether it inlined.
bool inlineArgumentBundles(llvm::Function &F);

/// A call that may throw inside a `try` block is an `invoke`, which reverse
/// mode refuses when it receives a differentiated value (the callee could
/// unwind half-way through, leaving its adjoint to no one). At -O1 and above
/// the inliner brings a small callee's body in, and its `throw` becomes an
/// invoke of __cxa_throw with nothing differentiated in it; inlining the
/// invoked callees defined in the module (not recursive, at most
/// MaxInlinedInvokeSize instructions, not marked noinline by the user) in
/// the copy Eddy differentiates makes
/// -O0 give the same verdict. Returns whether it inlined.
bool inlineInvokedCallees(llvm::Function &F);
constexpr unsigned MaxInlinedInvokeSize = 1000;

} // namespace eddy

#endif // EDDY_TRANSFORM_CANONICALIZECALLS_H
