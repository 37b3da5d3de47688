//===- EnzymeRules.h - The calling conventions of Enzyme's rules -*- C++ -*-===//
//
// Enzyme's registrations (__enzyme_register_derivative / _gradient, see
// Eddy/Analysis/Registrations.h) name rules whose signatures follow Enzyme's
// conventions, not Eddy's. This file decides, from the IR signatures alone,
// how a rule is called -- or why it cannot be -- so the verdict never depends
// on the optimization level. The generators use the shapes it returns
// (ForwardMode.cpp, ReverseEnzymeRules.cpp).
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_ENZYMERULES_H
#define EDDY_LIB_TRANSFORM_ENZYMERULES_H

#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>
#include <variant>

namespace llvm {
class Function;
class StructType;
class Type;
} // namespace llvm

namespace eddy {

/// How a tangent rule's parameters and result are laid out.
struct TangentRuleLayout {
  /// Every integer parameter is followed by a copy (Enzyme's layout for
  /// constant arguments); Eddy's own layout gives integers no shadow.
  bool IntShadows = false;
  /// The rule returns {result, tangent} and so replaces the call.
  bool PairReturn = false;
};

/// The layout in which \p Rule can serve as \p F's tangent rule, or none.
std::optional<TangentRuleLayout> matchTangentRule(const llvm::Function &Rule,
                                                  const llvm::Function &F);

/// How an Enzyme augmented forward / reverse pair is called.
struct EnzymeGradientShape {
  /// The augmented forward's result, as a struct (if it returns one,
  /// directly or through an sret parameter); its fields by role, -1 absent.
  llvm::StructType *AugStruct = nullptr;
  bool AugSRet = false;
  int TapeField = -1, ResultField = -1, ShadowField = -1;
  /// Without a struct: the whole result is the tape, or f's result.
  bool AugReturnsTape = false, AugReturnsResult = false;
  /// The reverse takes the tape as its last parameter.
  bool RevTakesTape = false;
  /// The reverse returns the adjoints through an sret parameter.
  bool RevSRet = false;
  llvm::Type *RevResult = nullptr; ///< What the adjoints come back in.
};

/// The shape of f's registered pair \p Aug / \p Rev, or the reason (a
/// sentence for the user) why Eddy cannot call them.
std::variant<EnzymeGradientShape, std::string>
matchEnzymeGradient(const llvm::Function &F, const llvm::Function &Aug,
                    const llvm::Function &Rev);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_ENZYMERULES_H
