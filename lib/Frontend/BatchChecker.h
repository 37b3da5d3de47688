//===- BatchChecker.h - AST checks of batch requests ------------*- C++ -*-===//
//
// Checks each __enzyme_batch call (include/eddy/abi.def) before code
// generation, with errors at the column of the argument that is wrong: a
// missing or non-constant `enzyme_width, N`, a marker that is not a batch
// marker, a vector argument with the wrong number of lane values, too few or
// too many arguments, an argument of the wrong kind. The IR pass
// (Request/Batch.cpp) checks the same rules again for `opt`.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_BATCHCHECKER_H
#define EDDY_FRONTEND_BATCHCHECKER_H

#include "llvm/ADT/DenseSet.h"

namespace clang {
class ASTContext;
class CallExpr;
class DiagnosticsEngine;
class FunctionDecl;
} // namespace clang

namespace eddy {

/// Is \p Callee a batch entry point (declared only, named like one)?
bool isBatchEntry(const clang::FunctionDecl *Callee);

class BatchChecker {
public:
  BatchChecker(clang::ASTContext &Ctx, clang::DiagnosticsEngine &Diags)
      : Ctx(Ctx), Diags(Diags) {}
  /// Checks \p Call (a call of a batch entry point); reports misuse.
  void check(const clang::CallExpr *Call);

private:
  clang::ASTContext &Ctx;
  clang::DiagnosticsEngine &Diags;
  /// Calls already checked (template instantiations revisit a call).
  llvm::DenseSet<unsigned> Seen;
};

} // namespace eddy

#endif // EDDY_FRONTEND_BATCHCHECKER_H
