//===- Eddy/Rules/MathBuilder.h - Emit libm calls and intrinsics -*- C++ -*-===//
//
// Derivative rules are written against this small vocabulary so that each one
// reads like the formula it implements. Calls go to an LLVM intrinsic where
// one exists (llvm.cos.f64) and to the libm function with the right suffix
// otherwise (sinh / sinhf / sinhl).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_MATHBUILDER_H
#define EDDY_RULES_MATHBUILDER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/IRBuilder.h"

namespace eddy {

class MathBuilder {
public:
  /// \p FPType is the floating-point type of the formulas (constants).
  MathBuilder(llvm::IRBuilderBase &B, llvm::Type *FPType) : B(B), FPType(FPType) {}

  /// Calls the libm function \p Base ("cos") at the type of Args[0].
  llvm::Value *call(llvm::StringRef Base, llvm::ArrayRef<llvm::Value *> Args);
  /// A floating-point constant of the formulas' type. (Taking the type from
  /// a value would make reverse mode tape that value for nothing.)
  llvm::Value *c(double V);

  llvm::Value *add(llvm::Value *A, llvm::Value *B2) { return B.CreateFAdd(A, B2); }
  llvm::Value *sub(llvm::Value *A, llvm::Value *B2) { return B.CreateFSub(A, B2); }
  llvm::Value *mul(llvm::Value *A, llvm::Value *B2) { return B.CreateFMul(A, B2); }
  llvm::Value *div(llvm::Value *A, llvm::Value *B2) { return B.CreateFDiv(A, B2); }
  llvm::Value *neg(llvm::Value *A) { return B.CreateFNeg(A); }
  llvm::Value *sq(llvm::Value *A) { return B.CreateFMul(A, A); }
  llvm::Value *sqrt(llvm::Value *A) { return call("sqrt", {A}); }
  llvm::Value *select(llvm::Value *C, llvm::Value *T, llvm::Value *F) {
    return B.CreateSelect(C, T, F);
  }

  llvm::IRBuilderBase &B;
  llvm::Type *FPType;
};

/// Product (= Zeroable * Factor) with a "strong zero": exactly 0 when
/// Zeroable is 0 even if Factor is infinite or NaN (an adjoint of 0 reaching
/// the partial of log at 0, a tangent of 0 the partial of sqrt at 0: 0 * Inf
/// must not turn a derivative into NaN). First-order code replaces the
/// product by 0 whenever Zeroable is 0 (one compare and a select). That
/// guard's own derivative is 0 there, so code that will be differentiated
/// again (\p Differentiable: a Hessian, forward over reverse) replaces it
/// only where Factor is not finite, and keeps d(Zeroable) * Factor.
llvm::Value *strongZero(llvm::IRBuilderBase &B, llvm::Value *Product,
                        llvm::Value *Zeroable, llvm::Value *Factor,
                        bool Differentiable);
/// Whether \p V is infinite or NaN (an i1, or a vector of them).
llvm::Value *isNonFinite(llvm::IRBuilderBase &B, llvm::Value *V);

} // namespace eddy

#endif // EDDY_RULES_MATHBUILDER_H
