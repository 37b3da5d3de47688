//===- Eddy/Rules/OutParameters.h - libm results written through pointers -*- C++ -*-===//
//
// A few libm functions return part of their result through a pointer. Where
// that part is an integer (frexp's exponent, lgamma_r's sign) it has no
// derivative and needs nothing. modf(x, &ip) writes the integral part, a
// floating-point value whose derivative is 0: before differentiation each
// such call is followed by an explicit  store trunc(x), ip  -- the same value
// modf wrote -- so the shadow of *ip is set (forward mode: tangent 0) or its
// adjoint consumed (reverse mode) by the ordinary store rules.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_OUTPARAMETERS_H
#define EDDY_RULES_OUTPARAMETERS_H

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// Makes the floating-point outputs that libm calls in \p F write through
/// pointers visible as stores. Returns true if anything changed.
bool exposeLibmOutParameters(llvm::Function &F);

} // namespace eddy

#endif // EDDY_RULES_OUTPARAMETERS_H
