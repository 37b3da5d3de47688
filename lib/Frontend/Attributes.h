//===- Attributes.h - Eddy's C++ attributes ([[eddy::...]]) -----*- C++ -*-===//
//
//   [[eddy::inactive]]      on a function or variable: no derivative flows
//                           through it (logging, RNG, counters)
//   __attribute__((eddy_tangent(df)))  on a function: forward mode uses df
//   __attribute__((eddy_adjoint(bf)))  on a function: reverse mode uses bf
//   [[eddy::checkpoint]]    on a function: reverse mode does not tape its
//                           calls but runs them again for their adjoints
//   __attribute__((enzyme_inactive)), enzyme_inactive_noblock, [[enzyme::inactive]]
//                           Enzyme's spellings of eddy::inactive
// (every attribute has both spellings, [[eddy::x]] and __attribute__((eddy_x));
// see fillSpellings for what Clang 19 needs to parse [[eddy::x(args)]]).
// The attributes lower to
// the same registration globals as eddy.h's EDDY_* macros, so the passes see
// one mechanism (Eddy/Analysis/Registrations.h); rule signatures are checked
// there, at the call that needs the rule.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_ATTRIBUTES_H
#define EDDY_FRONTEND_ATTRIBUTES_H

#include "clang/Basic/ParsedAttrInfo.h"
#include "llvm/ADT/StringRef.h"
#include <memory>

namespace clang {
class ASTConsumer;
class CompilerInstance;
class DeclRefExpr;
class ParsedAttr;
class Sema;
} // namespace clang

namespace eddy {

/// Annotation strings the attributes leave on declarations, read back when the
/// translation unit is complete.
constexpr llvm::StringLiteral InactiveTag = "eddy.inactive";
constexpr llvm::StringLiteral TangentTag = "eddy.tangent";
constexpr llvm::StringLiteral AdjointTag = "eddy.adjoint";
/// [[eddy::checkpoint]]: reverse mode recomputes the function's forward
/// sweep when its adjoint is needed instead of taping it.
constexpr llvm::StringLiteral CheckpointTag = "eddy.checkpoint";
/// Enzyme's enzyme_function_like("name"): calls use the rule of libm's name.
constexpr llvm::StringLiteral FunctionLikeTag = "eddy.function_like";
/// Named derivatives (NamedDerivatives.cpp): the annotation's arguments are
/// the primal function and the activity string (see NamedDerivatives.h).
constexpr llvm::StringLiteral GradientOfTag = "eddy.gradient_of";
constexpr llvm::StringLiteral TangentOfTag = "eddy.tangent_of";
constexpr llvm::StringLiteral AdjointOfTag = "eddy.adjoint_of";

/// Clang 19 parses the arguments of a [[scope::name(...)]] plugin attribute
/// only if the plugin also registers the bare C++11 spelling `name`; this
/// gives the spellings of an attribute written [[eddy::Name]],
/// __attribute__((GNUName)) and [[eddy::Name]] in C23, plus that bare one,
/// which unscopedSpellingMisused() then refuses.
void fillSpellings(clang::ParsedAttrInfo::Spelling (&Out)[4], const char *CXXName,
                   const char *GNUName);
/// True (after an error) if \p A was written [[Name]] without `eddy::`.
bool unscopedSpellingMisused(clang::Sema &S, const clang::ParsedAttr &A);

/// The function that argument \p Index of attribute \p A names, as an
/// expression: GNU syntax hands over an identifier, C++11 syntax an
/// expression. Null if it names no function declared before.
clang::DeclRefExpr *functionArgument(clang::Sema &S, const clang::ParsedAttr &A,
                                     unsigned Index);

/// A consumer that, at the end of the translation unit, emits a registration
/// global for every declaration carrying an Eddy attribute. It must run
/// before code generation's consumer.
std::unique_ptr<clang::ASTConsumer>
createRegistrationEmitter(clang::CompilerInstance &CI);

} // namespace eddy

#endif // EDDY_FRONTEND_ATTRIBUTES_H
