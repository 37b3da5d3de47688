//===- NonVirtualCallee.cpp - Devirtualizing a named virtual member -------===//
//
// See NonVirtualCallee.h. The function is built through Sema like code the
// user could have written (a qualified member call, which Clang never
// dispatches), added to the translation unit and passed to the consumers
// (the code generator among them) as a top-level declaration.
//===----------------------------------------------------------------------===//
#include "NonVirtualCallee.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace eddy {

/// The object expression inside `eddy::constant(o)` / `eddy::dual(o, do)`.
static Expr *unwrapHolder(Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreParenImpCasts();
  if (auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
    E = B->getSubExpr()->IgnoreParenImpCasts();
  if (auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *F = Call->getDirectCallee())
      if (F->getIdentifier() &&
          (F->getName() == "constant" || F->getName() == "dual") &&
          Call->getNumArgs() >= 1)
        return Call->getArg(0)->IgnoreParenImpCasts();
  return E;
}

/// The class whose override a call on \p Object selects, if known here.
static const CXXRecordDecl *dynamicClass(const CXXMethodDecl &MD, Expr *Object) {
  Expr *O = unwrapHolder(Object);
  QualType T = O->getType().getNonReferenceType();
  const CXXRecordDecl *Static = T->getAsCXXRecordDecl();
  if (!Static || !Static->hasDefinition())
    return nullptr;
  // A variable of class type is a complete object of exactly that type.
  if (auto *Ref = dyn_cast<DeclRefExpr>(O))
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
        Var && !Var->getType()->isReferenceType())
      return Static;
  if (Static->hasAttr<FinalAttr>())
    return Static;
  if (const CXXMethodDecl *Over = MD.getCorrespondingMethodInClass(Static))
    if (Over->hasAttr<FinalAttr>())
      return Static;
  return nullptr;
}

FunctionDecl *makeNonVirtualCallee(Sema &S, const CXXMethodDecl &MD,
                                   Expr *Object) {
  ASTContext &Ctx = S.getASTContext();
  const CXXRecordDecl *Class = dynamicClass(MD, Object);
  if (!Class)
    return nullptr;
  CXXMethodDecl *Over = const_cast<CXXMethodDecl *>(
      MD.getCorrespondingMethodInClass(Class));
  if (!Over || Over->isPureVirtual() || Over->isVariadic() ||
      Over->getRefQualifier() != RQ_None || Over->isVolatile())
    return nullptr;
  QualType Ret = Over->getReturnType();
  if (!Ret->isVoidType() && !Ret->isArithmeticType())
    return nullptr;

  SourceLocation Loc = Object->getBeginLoc();
  QualType ObjTy = Ctx.getRecordType(Class);
  if (Over->isConst())
    ObjTy.addConst();
  SmallVector<QualType, 4> ParamTys{Ctx.getLValueReferenceType(ObjTy)};
  for (const ParmVarDecl *P : Over->parameters())
    ParamTys.push_back(P->getType());
  QualType FnTy = Ctx.getFunctionType(Ret, ParamTys, FunctionProtoType::ExtProtoInfo());

  static unsigned Counter = 0;
  std::string Name = "__eddy_nonvirtual_" + Class->getNameAsString() + "_" +
                     Over->getNameAsString() + "_" + std::to_string(Counter++);
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  FunctionDecl *FD = FunctionDecl::Create(
      Ctx, TU, Loc, Loc, DeclarationName(&Ctx.Idents.get(Name)), FnTy,
      Ctx.getTrivialTypeSourceInfo(FnTy, Loc), SC_Static);
  SmallVector<ParmVarDecl *, 4> Params;
  for (auto [K, Ty] : llvm::enumerate(ParamTys)) {
    auto *P = ParmVarDecl::Create(Ctx, FD, Loc, Loc,
                                  &Ctx.Idents.get("p" + std::to_string(K)), Ty,
                                  Ctx.getTrivialTypeSourceInfo(Ty, Loc), SC_None,
                                  nullptr);
    P->setScopeInfo(0, K);
    Params.push_back(P);
  }
  FD->setParams(Params);

  // o.C::m(p...): qualified, so never dispatched.
  Sema::ContextRAII InFunction(S, FD);
  Expr *Base = S.BuildDeclRefExpr(Params[0], ObjTy, VK_LValue, Loc);
  CXXScopeSpec SS;
  SS.MakeTrivial(Ctx,
                 NestedNameSpecifier::Create(Ctx, nullptr, false,
                                             Ctx.getRecordType(Class).getTypePtr()),
                 Loc);
  DeclarationNameInfo Member(Over->getDeclName(), Loc);
  MemberExpr *ME = S.BuildMemberExpr(
      Base, /*IsArrow=*/false, Loc, SS.getWithLocInContext(Ctx), SourceLocation(),
      Over, DeclAccessPair::make(Over, Over->getAccess()),
      /*HadMultipleCandidates=*/false, Member, Ctx.BoundMemberTy, VK_PRValue,
      OK_Ordinary);
  SmallVector<Expr *, 4> Args;
  for (ParmVarDecl *P : llvm::ArrayRef(Params).drop_front())
    Args.push_back(S.BuildDeclRefExpr(P, P->getType().getNonReferenceType(),
                                      VK_LValue, Loc));
  ExprResult Call = S.BuildCallToMemberFunction(nullptr, ME, Loc, Args, Loc);
  if (!Call.isUsable())
    return nullptr;
  Stmt *Body = Ret->isVoidType()
                   ? static_cast<Stmt *>(Call.get())
                   : ReturnStmt::Create(Ctx, Loc, Call.get(), nullptr);
  FD->setBody(CompoundStmt::Create(Ctx, {Body}, FPOptionsOverride(), Loc, Loc));
  FD->setReferenced();
  FD->setIsUsed();
  TU->addDecl(FD);
  S.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(FD));
  return FD;
}

} // namespace eddy
