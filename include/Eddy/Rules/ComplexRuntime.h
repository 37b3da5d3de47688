//===- Eddy/Rules/ComplexRuntime.h - Bodies for C complex helpers -*- C++ -*-===//
//
// std::complex and C _Complex arithmetic call runtime helpers whose bodies
// Eddy cannot see: __muldc3 / __divdc3 (multiplication and division, called
// on the NaN-recovery path of `z * w` and always for `z / w`), and libm's
// cabs, carg, cexp, clog, csqrt, csin, ccos (and their float forms). Before a
// function is differentiated, calls to them are redirected to internal
// definitions written here with the textbook formulas over real arithmetic
// and real libm calls, which Eddy differentiates like any code.
//
// The formulas agree with the runtime for finite values; they do not repeat
// C Annex G's recovery of infinities from NaN results (documented).
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_COMPLEXRUNTIME_H
#define EDDY_RULES_COMPLEXRUNTIME_H

namespace llvm {
class Function;
} // namespace llvm

namespace eddy {

/// Points every call in \p F to a complex runtime helper at Eddy's own
/// definition of it. Returns true if any call changed.
bool substituteComplexRuntime(llvm::Function &F);

} // namespace eddy

#endif // EDDY_RULES_COMPLEXRUNTIME_H
