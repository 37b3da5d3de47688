//===- Attributes.h - Eddy's C++ attributes ([[eddy::...]]) -----*- C++ -*-===//
//
//   [[eddy::inactive]]      on a function or variable: no derivative flows
//                           through it (logging, RNG, counters)
//   __attribute__((eddy_tangent(df)))  on a function: forward mode uses df
//   __attribute__((eddy_adjoint(bf)))  on a function: reverse mode uses bf
// (every attribute has both spellings, [[eddy::x]] and __attribute__((eddy_x));
// Clang 19 drops the arguments of plugin attributes written [[...]], so the
// rules take the GNU spelling). The attributes lower to
// the same registration globals as eddy.h's EDDY_* macros, so the passes see
// one mechanism (Eddy/Analysis/Registrations.h); rule signatures are checked
// there, at the call that needs the rule.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_ATTRIBUTES_H
#define EDDY_FRONTEND_ATTRIBUTES_H

#include <memory>

namespace clang {
class ASTConsumer;
class CompilerInstance;
} // namespace clang

namespace eddy {

/// A consumer that, at the end of the translation unit, emits a registration
/// global for every declaration carrying an Eddy attribute. It must run
/// before code generation's consumer.
std::unique_ptr<clang::ASTConsumer>
createRegistrationEmitter(clang::CompilerInstance &CI);

} // namespace eddy

#endif // EDDY_FRONTEND_ATTRIBUTES_H
