//===- Eddy/Rules/ElementaryRules.h - One table of derivative rules -*- C++ -*-===//
//
// Every elementary function Eddy differentiates (libm calls and LLVM math
// intrinsics) has one record: its name and, per argument, the partial
// derivative as a formula over the primal arguments and result. Both modes use
// the same table: forward mode forms  dy = sum_i d_i * dx_i, reverse mode
// accumulates  adj(x_i) += d_i * adj(y).  Rules live in ElementaryRules.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_ELEMENTARYRULES_H
#define EDDY_RULES_ELEMENTARYRULES_H

#include "Eddy/Rules/MathBuilder.h"

namespace llvm {
class CallBase;
}

namespace eddy {

/// What a partial-derivative formula can see. Forward mode hands out the
/// primal values directly; reverse mode reloads them from the tape.
class RuleContext : public MathBuilder {
public:
  RuleContext(llvm::IRBuilderBase &B, llvm::Type *FPType) : MathBuilder(B, FPType) {}
  virtual ~RuleContext() = default;
  /// Primal argument \p I of the call.
  virtual llvm::Value *x(unsigned I) = 0;
  /// Primal result of the call.
  virtual llvm::Value *y() = 0;
};

using PartialFn = llvm::Value *(*)(RuleContext &);

struct ElementaryRule {
  const char *Name;      ///< libm base name ("atan2"); intrinsics map to it.
  unsigned NumArgs;
  PartialFn Partial[3];  ///< nullptr: the argument is not differentiable
                         ///< (an integer exponent, a sign source).
};

/// The rule for the function \p CB calls, or nullptr.
const ElementaryRule *lookupRule(const llvm::CallBase &CB);
/// The rule of libm's \p Name ("log1p", "log1pf") for the call \p CB of a
/// function registered as behaving like it (__enzyme_function_like), or
/// nullptr if \p CB's arguments and result do not fit it.
const ElementaryRule *lookupRuleLike(llvm::StringRef Name,
                                     const llvm::CallBase &CB);
/// Is there a rule for libm's \p Name (in any precision)?
bool hasElementaryRule(llvm::StringRef Name);

} // namespace eddy

#endif // EDDY_RULES_ELEMENTARYRULES_H
