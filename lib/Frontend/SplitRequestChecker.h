//===- SplitRequestChecker.h - AST checks of split-mode options -*- C++ -*-===//
//
// Split reverse mode's options (`enzyme_tape, p`, `enzyme_allocated, N`,
// `enzyme_nofree`) checked on the source, at the column of the wrong
// argument. Counting the arguments is left to the IR pass (Request.cpp),
// which reports at the call.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_SPLITREQUESTCHECKER_H
#define EDDY_FRONTEND_SPLITREQUESTCHECKER_H

namespace clang {
class ASTContext;
class CallExpr;
class DiagnosticsEngine;
class FunctionDecl;
} // namespace clang

namespace eddy {

/// Whether \p Callee is a split-mode entry point (__enzyme_augmentfwd,
/// __enzyme_reverse, __enzyme_augmentsize).
bool isSplitEntry(const clang::FunctionDecl *Callee);

/// Checks the options of split-mode request \p Call; reports misuse.
void checkSplitRequest(clang::ASTContext &Ctx, clang::DiagnosticsEngine &Diags,
                       const clang::CallExpr *Call);

} // namespace eddy

#endif // EDDY_FRONTEND_SPLITREQUESTCHECKER_H
