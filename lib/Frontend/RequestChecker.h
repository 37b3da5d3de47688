//===- RequestChecker.h - AST checks of derivative requests -----*- C++ -*-===//
//
// Checks every __enzyme_autodiff* / __enzyme_fwddiff* call in a translation
// unit before code generation, so that misuse is reported at the exact source
// range of the offending argument instead of at an IR instruction.
//
// Shared by the Clang plugin (EddyClang.so) and eddy-transform.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_REQUESTCHECKER_H
#define EDDY_FRONTEND_REQUESTCHECKER_H

#include <memory>

namespace clang {
class ASTConsumer;
class DiagnosticsEngine;
} // namespace clang

namespace eddy {

/// Returns a consumer that checks all derivative requests of the translation
/// unit in HandleTranslationUnit and reports misuse as errors through \p Diags.
/// Placed before CodeGen's consumer, its errors stop IR generation.
std::unique_ptr<clang::ASTConsumer>
createRequestChecker(clang::DiagnosticsEngine &Diags);

} // namespace eddy

#endif // EDDY_FRONTEND_REQUESTCHECKER_H
