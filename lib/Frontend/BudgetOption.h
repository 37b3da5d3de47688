//===- BudgetOption.h - AST checks of a request's tape budget ---*- C++ -*-===//
//
// `eddy_tape_budget, B` right after the function of a reverse request
// (include/eddy/abi.def; eddy.hpp's eddy::tape_budget passes it) gives that
// request a tape budget of B bytes. Checked before code generation, with
// errors at the column that is wrong: the option in forward mode, a missing
// or non-integer B, a constant B below 1, the marker where a parameter's
// value is expected. The IR pass (Request/Request.cpp) checks them again for
// `opt`; a B known only at run time is checked when the request runs.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_BUDGETOPTION_H
#define EDDY_FRONTEND_BUDGETOPTION_H

namespace clang {
class ASTContext;
class CallExpr;
class DiagnosticsEngine;
class Expr;
} // namespace clang

namespace eddy {

/// Is \p Arg the budget marker (`eddy_tape_budget` or `&eddy_tape_budget`)?
bool isBudgetMarker(const clang::Expr *Arg);

/// Checks `eddy_tape_budget, B` at argument \p At of \p Call. Returns false
/// after reporting what is wrong.
bool checkBudgetOption(clang::ASTContext &Ctx, clang::DiagnosticsEngine &Diags,
                       const clang::CallExpr *Call, bool Reverse, unsigned At);

/// Reports a second budget marker \p Arg among the request's options.
void reportBudgetTwice(clang::DiagnosticsEngine &Diags, const clang::Expr *Arg);

/// Reports the marker \p Arg where a parameter's value is expected.
void reportMisplacedBudget(clang::DiagnosticsEngine &Diags,
                           const clang::Expr *Arg);

} // namespace eddy

#endif // EDDY_FRONTEND_BUDGETOPTION_H
