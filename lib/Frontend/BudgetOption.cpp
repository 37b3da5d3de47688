//===- BudgetOption.cpp - AST checks of a request's tape budget -----------===//
#include "BudgetOption.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

using namespace clang;

namespace eddy {

static bool isBudgetMarkerName(llvm::StringRef Name) {
#define EDDY_BUDGET_MARKER(N)                                                  \
  if (Name == #N)                                                              \
    return true;
#include "eddy/abi.def"
  return false;
}

bool isBudgetMarker(const Expr *Arg) {
  // The marker is passed by value in C and by address (`&eddy_tape_budget`)
  // from eddy.hpp.
  const Expr *E = Arg->IgnoreParenImpCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenImpCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->hasGlobalStorage() && Var->getIdentifier() &&
         Var->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
         isBudgetMarkerName(Var->getName());
}

bool checkBudgetOption(ASTContext &Ctx, DiagnosticsEngine &Diags,
                       const CallExpr *Call, bool Reverse, unsigned At) {
  const Expr *Marker = Call->getArg(At);
  if (!Reverse) {
    Diags.Report(Marker->getBeginLoc(),
                 Diags.getCustomDiagID(
                     DiagnosticsEngine::Error,
                     "eddy_tape_budget is an option of reverse mode "
                     "(__enzyme_autodiff); forward mode keeps no tape"))
        << Marker->getSourceRange();
    return false;
  }
  const Expr *Bytes = At + 1 < Call->getNumArgs()
                          ? Call->getArg(At + 1)->IgnoreParenImpCasts()
                          : nullptr;
  if (!Bytes || !Bytes->getType()->isIntegerType() || isBudgetMarker(Bytes)) {
    Diags.Report(Marker->getBeginLoc(),
                 Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                       "eddy_tape_budget must be followed by "
                                       "the budget in bytes, an integer"))
        << Marker->getSourceRange();
    return false;
  }
  // A constant is checked here, at its column; a value known only at run
  // time when the request runs (lib/Runtime/RequestBudget.c).
  Expr::EvalResult Value;
  if (!Bytes->isValueDependent() && Bytes->EvaluateAsInt(Value, Ctx) &&
      Value.Val.getInt().isNonPositive()) {
    Diags.Report(Bytes->getBeginLoc(),
                 Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                       "the tape budget is %0 bytes; a budget "
                                       "must be at least 1 byte"))
        << llvm::toString(Value.Val.getInt(), 10) << Bytes->getSourceRange();
    return false;
  }
  return true;
}

void reportBudgetTwice(DiagnosticsEngine &Diags, const Expr *Arg) {
  Diags.Report(Arg->getBeginLoc(),
               Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                     "eddy_tape_budget is given twice; a "
                                     "request takes one budget"))
      << Arg->getSourceRange();
}

void reportMisplacedBudget(DiagnosticsEngine &Diags, const Expr *Arg) {
  Diags.Report(Arg->getBeginLoc(),
               Diags.getCustomDiagID(
                   DiagnosticsEngine::Error,
                   "eddy_tape_budget must come right after the function "
                   "(before or after enzyme_width, N)"))
      << Arg->getSourceRange();
}

} // namespace eddy
