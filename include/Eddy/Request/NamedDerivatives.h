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

/// Defines the module's named derivatives. Returns true if any was defined.
bool defineNamedDerivatives(llvm::Module &M);

} // namespace eddy

#endif // EDDY_REQUEST_NAMEDDERIVATIVES_H
