//===- EnzymeRegistrations.h - Shape checks of Enzyme's registrations -*- C++ -*-===//
//
// Checks each of Enzyme's registration globals (__enzyme_register_gradient_*,
// __enzyme_register_derivative_*, __enzyme_register_splitderivative_*,
// __enzyme_function_like*, __enzyme_allocation_like*) for the number and kind
// of its entries, and reports errors at the entry that is wrong.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_ENZYMEREGISTRATIONS_H
#define EDDY_FRONTEND_ENZYMEREGISTRATIONS_H

#include <memory>

namespace clang {
class ASTConsumer;
class DiagnosticsEngine;
} // namespace clang

namespace eddy {

/// A consumer that checks the registrations at the end of the translation
/// unit; placed before CodeGen's consumer, its errors stop IR generation.
std::unique_ptr<clang::ASTConsumer>
createEnzymeRegistrationChecker(clang::DiagnosticsEngine &Diags);

} // namespace eddy

#endif // EDDY_FRONTEND_ENZYMEREGISTRATIONS_H
