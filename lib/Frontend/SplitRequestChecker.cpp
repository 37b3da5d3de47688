//===- SplitRequestChecker.cpp - AST checks of split-mode options ---------===//
#include "SplitRequestChecker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/Diagnostic.h"

using namespace clang;

namespace eddy {
namespace {

/// The global an argument names if it is spelled like a marker (`enzyme_*`).
const VarDecl *markerGlobal(const Expr *Arg) {
  const Expr *E = Arg->IgnoreParenCasts();
  if (const auto *Unary = dyn_cast<UnaryOperator>(E);
      Unary && Unary->getOpcode() == UO_AddrOf)
    E = Unary->getSubExpr()->IgnoreParenCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->hasGlobalStorage() || !Var->getIdentifier() ||
      !Var->getName().starts_with("enzyme_"))
    return nullptr;
  return Var;
}

bool isAugmentSizeCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() && !Callee->isDefined() &&
         Callee->getName().contains("__enzyme_augmentsize");
}

/// A size the pass can check: a constant, or __enzyme_augmentsize's value
/// (directly, or through a local initialized with it: at -O0 the pass sees
/// only a load, and the handle's size is fixed anyway).
bool isAcceptedSize(ASTContext &Ctx, const Expr *E) {
  if (E->isIntegerConstantExpr(Ctx) || isAugmentSizeCall(E))
    return true;
  const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenCasts());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Var && Var->isLocalVarDecl() && Var->getInit() &&
         isAugmentSizeCall(Var->getInit());
}

} // namespace

bool isSplitEntry(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getIdentifier() || Callee->isDefined())
    return false;
  StringRef Name = Callee->getName();
#define EDDY_SPLIT_ENTRY(Sub, Part)                                            \
  if (Name.contains(#Sub))                                                     \
    return true;
#include "eddy/abi.def"
  return false;
}

void checkSplitRequest(ASTContext &Ctx, DiagnosticsEngine &Diags,
                       const CallExpr *Call) {
  unsigned MissingOperand = Diags.getCustomDiagID(
      DiagnosticsEngine::Error, "'%0' must be followed by %select{the address "
                                "of the tape|a constant size in bytes}1");
  unsigned NotPointer = Diags.getCustomDiagID(
      DiagnosticsEngine::Error,
      "'enzyme_tape' must be followed by the address of the tape (a pointer: "
      "where __enzyme_augmentfwd stores the tape handle and __enzyme_reverse "
      "reads it)");
  unsigned BadSize = Diags.getCustomDiagID(
      DiagnosticsEngine::Error,
      "'enzyme_allocated' must be followed by a constant size in bytes, or the "
      "value of __enzyme_augmentsize");
  unsigned NoTape = Diags.getCustomDiagID(
      DiagnosticsEngine::Error,
      "'enzyme_allocated' sizes the storage that 'enzyme_tape' points to; "
      "pass enzyme_tape and its address too");
  unsigned Width = Diags.getCustomDiagID(
      DiagnosticsEngine::Error,
      "'enzyme_width' is not supported in split mode; use one augmented "
      "forward and backward call per cotangent, or __enzyme_autodiff with "
      "enzyme_width");
  const VarDecl *Allocated = nullptr;
  const Expr *AllocatedArg = nullptr;
  bool HasTape = false;
  for (unsigned I = 1, N = Call->getNumArgs(); I < N; ++I) {
    const Expr *Arg = Call->getArg(I);
    const VarDecl *M = markerGlobal(Arg);
    if (!M)
      continue;
    StringRef Name = M->getName();
    if (Name == "enzyme_width") {
      Diags.Report(Arg->getBeginLoc(), Width) << Arg->getSourceRange();
      return;
    }
    bool IsTape = Name == "enzyme_tape";
    if (!IsTape && Name != "enzyme_allocated")
      continue;
    const Expr *Operand = I + 1 < N ? Call->getArg(I + 1) : nullptr;
    if (!Operand || markerGlobal(Operand)) {
      Diags.Report(Arg->getBeginLoc(), MissingOperand)
          << Name << (IsTape ? 0 : 1) << Arg->getSourceRange();
      return;
    }
    ++I;
    if (IsTape) {
      HasTape = true;
      QualType T = Operand->IgnoreParenImpCasts()->getType();
      if (!T->isPointerType() && !T->isArrayType() && !T->isNullPtrType()) {
        Diags.Report(Operand->getBeginLoc(), NotPointer)
            << Operand->getSourceRange();
        return;
      }
      continue;
    }
    if (!isAcceptedSize(Ctx, Operand)) {
      Diags.Report(Operand->getBeginLoc(), BadSize) << Operand->getSourceRange();
      return;
    }
    Allocated = M;
    AllocatedArg = Arg;
  }
  if (Allocated && !HasTape)
    Diags.Report(AllocatedArg->getBeginLoc(), NoTape)
        << AllocatedArg->getSourceRange();
}

} // namespace eddy
