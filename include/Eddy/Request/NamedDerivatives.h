//===- Eddy/Request/NamedDerivatives.h - Declared derivatives -*- C++ -*-===//
//
// A named derivative (eddy_gradient_of / eddy_tangent_of on a declaration) is
// a request written as a function declaration. Before requests are served,
// each declaration whose primal is defined in this module gets a body that
// forwards its parameters to an ordinary request call; the request machinery
// then generates the derivative as for any other call.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_REQUEST_NAMEDDERIVATIVES_H
#define EDDY_REQUEST_NAMEDDERIVATIVES_H

namespace llvm {
class Module;
} // namespace llvm

namespace eddy {

/// A seeded adjoint (eddy_adjoint_of) serves as an adjoint rule, which is
/// passed a null shadow for a pointer argument the caller does not
/// differentiate: its pointers point to const data (activity 'r'; the
/// plugin refuses writable ones) and it holds one derivative per combination
/// of null shadows, so it takes at most this many of them.
constexpr unsigned MaxNullableShadows = 4;

/// Defines the module's named derivatives. Returns true if any was defined.
bool defineNamedDerivatives(llvm::Module &M);

} // namespace eddy

#endif // EDDY_REQUEST_NAMEDDERIVATIVES_H
