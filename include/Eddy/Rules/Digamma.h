//===- Eddy/Rules/Digamma.h - The digamma function, emitted as IR -*- C++ -*-===//
//
// lgamma' = digamma and tgamma' = tgamma * digamma, but libm has no digamma.
// Eddy emits its own, once per module and floating-point type, as an internal
// function of plain IR (intrinsics only, no libm calls, so it touches no
// memory). Its body is ordinary differentiable code: a derivative that calls
// it can itself be differentiated (forward over reverse gives trigamma).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_DIGAMMA_H
#define EDDY_RULES_DIGAMMA_H

namespace llvm {
class Function;
class Module;
class Type;
} // namespace llvm

namespace eddy {

/// The digamma function psi(x) at floating-point type \p T, defined in \p M
/// (made on first use). NaN at the poles 0, -1, -2, ...
llvm::Function *getDigamma(llvm::Module &M, llvm::Type *T);

} // namespace eddy

#endif // EDDY_RULES_DIGAMMA_H
