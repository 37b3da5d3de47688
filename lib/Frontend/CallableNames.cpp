//===- CallableNames.cpp - Function names as eddy.hpp callables -----------===//
//
// eddy.hpp's entry points take the callable as `const F &`. For a function
// name, F is a function type: the templates hold a pointer whose value they
// learn at run time, so they cannot name the function in a request (and at
// -O0 nothing would fold it). The name is known here, though: before code
// generation, each call of an entry point whose callable is a function name
// (`f`, `&f`, `ns::f`, `&Model::energy`, a cast choosing an overload, a
// constexpr function pointer) is rebuilt with `eddy::fn<name>` in its place,
// through Sema, as if the user had written it; the header makes the original
// call compile (its checks and result type) without generating anything.
// A virtual member function is called through a qualified name when the
// object's dynamic type is known (NonVirtualCallee.h), and refused otherwise.
// A callable that is a function pointer with a value known only at run time
// is refused at the argument. An overloaded name, which C++ cannot bind to
// a template parameter, gets an error that says how to choose one.
//===----------------------------------------------------------------------===//
#include "CallableNames.h"
#include "NonVirtualCallee.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Sema/EnterExpressionEvaluationContext.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaConsumer.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace eddy {
namespace {

/// The public namespace of eddy.hpp (not eddy::detail).
bool isEddyNamespace(const DeclContext *DC) {
  const auto *NS = dyn_cast_or_null<NamespaceDecl>(DC);
  return NS && NS->getIdentifier() && NS->getName() == "eddy" &&
         NS->getParent()->getRedeclContext()->isTranslationUnit();
}

bool isInsideEddy(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (isEddyNamespace(DC))
      return true;
  return false;
}

/// Entry points whose callable may be named (the ones whose result type does
/// not depend on the callable's type, so the call can be rebuilt in place).
bool isEntryPointName(StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases("gradient", "value_and_gradient", "vjp", "jvp", "derivative", true)
      .Cases("jacobian", "hessian", "hvp", "hessian_diagonal", "check_gradient", true)
      .Default(false);
}

bool isEntryPoint(const FunctionDecl *FD) {
  return FD && FD->getPrimaryTemplate() && FD->getIdentifier() &&
         isEddyNamespace(FD->getDeclContext()) && isEntryPointName(FD->getName());
}

/// A function, a pointer to one or a pointer to a member function: what the
/// header cannot call as a compile-time constant.
bool isFunctionLike(QualType T) {
  T = T.getNonReferenceType();
  if (T->isFunctionType() || T->isFunctionPointerType())
    return true;
  const auto *MP = T->getAs<MemberPointerType>();
  return MP && MP->isMemberFunctionPointer();
}

/// The argument as written: without the conversions that binding it to the
/// entry point's parameter added (they are redone for the new call).
Expr *asWritten(Expr *E) {
  while (true) {
    if (auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (auto *C = dyn_cast<ImplicitCastExpr>(E))
      E = C->getSubExpr();
    else
      return E;
  }
}

/// Whether \p E names a function at compile time: a function name (possibly
/// behind `&` and parentheses), a cast of one, or a constant expression.
bool namesFunction(Expr *E, ASTContext &Ctx) {
  Expr *Bare = E->IgnoreParenImpCasts();
  if (auto *U = dyn_cast<UnaryOperator>(Bare); U && U->getOpcode() == UO_AddrOf)
    Bare = U->getSubExpr()->IgnoreParenImpCasts();
  if (auto *Cast = dyn_cast<ExplicitCastExpr>(Bare))
    return namesFunction(Cast->getSubExpr(), Ctx);
  if (auto *Ref = dyn_cast<DeclRefExpr>(Bare)) {
    if (isa<FunctionDecl>(Ref->getDecl()))
      return true;
    // A constexpr function pointer.
    if (const auto *Var = dyn_cast<VarDecl>(Ref->getDecl()))
      return Var->isUsableInConstantExpressions(Ctx);
  }
  return !E->isValueDependent() && E->isPRValue() && E->isCXX11ConstantExpr(Ctx);
}

class Rewriter : public RecursiveASTVisitor<Rewriter> {
public:
  explicit Rewriter(Sema &S) : S(S), Ctx(S.getASTContext()) {}

  // Instantiations are handed to the consumer one by one, after their
  // patterns; calls in a dependent context are not resolved yet.
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D || isInsideEddy(D) || isEddyNamespace(dyn_cast<DeclContext>(D)))
      return true;
    if (const auto *DC = dyn_cast<DeclContext>(D); DC && DC->isDependentContext())
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (Call->isTypeDependent() || Call->containsErrors() ||
        !isEntryPoint(Call->getDirectCallee()))
      return true;
    // The callable comes first, after eddy::forward / eddy::reverse and eddy::wrt.
    for (unsigned I = 0, N = Call->getNumArgs(); I < N && I < 3; ++I) {
      Expr *Arg = asWritten(Call->getArg(I));
      if (const CXXMethodDecl *MD = namedMethod(Arg); MD && MD->isVirtual()) {
        // The object comes right after the callable.
        FunctionDecl *Direct =
            I + 1 < N && !S.getDiagnostics().hasErrorOccurred()
                ? makeNonVirtualCallee(S, *MD, asWritten(Call->getArg(I + 1)))
                : nullptr;
        if (!Direct) {
          reportVirtual(Arg, *MD);
          return true;
        }
        rebuild(Call, I, S.BuildDeclRefExpr(Direct, Direct->getType(), VK_LValue,
                                            Arg->getBeginLoc()));
        return true;
      }
      if (!isFunctionLike(Arg->getType()))
        continue;
      if (!namesFunction(Arg, Ctx))
        report(Arg->getBeginLoc(), Arg->getSourceRange(),
               "eddy: a function pointer known only at run time cannot be "
               "differentiated: pass eddy::fn<f> or a lambda");
      // After an error the header's checks may have failed for the same
      // reason; rebuilding would only repeat them.
      else if (!S.getDiagnostics().hasErrorOccurred())
        rebuild(Call, I, Arg);
      return true;
    }
    return true;
  }

  /// `eddy::gradient(ov, x)` with an overloaded `ov`: Clang has already
  /// said that F cannot be deduced; say what to do about it.
  bool VisitRecoveryExpr(RecoveryExpr *E) {
    auto Subs = E->subExpressions();
    if (Subs.size() < 2)
      return true;
    const auto *Callee = dyn_cast<UnresolvedLookupExpr>(Subs.front());
    if (!Callee || !Callee->getName().isIdentifier() ||
        !isEntryPointName(Callee->getName().getAsString()) ||
        llvm::none_of(Callee->decls(), [](const NamedDecl *D) {
          return isEddyNamespace(D->getDeclContext());
        }))
      return true;
    for (Expr *Arg : Subs.drop_front().take_front(3)) {
      auto *Set = dyn_cast<OverloadExpr>(Arg->IgnoreParens());
      if (auto *U = dyn_cast<UnaryOperator>(Arg->IgnoreParens());
          U && U->getOpcode() == UO_AddrOf)
        Set = dyn_cast<OverloadExpr>(U->getSubExpr()->IgnoreParens());
      if (Set)
        reportOverloadSet(Callee->getName().getAsString(), *Set);
    }
    return true;
  }

private:
  /// The member function a callable names: `&C::m` or `eddy::fn<&C::m>`.
  static const CXXMethodDecl *namedMethod(Expr *Arg) {
    QualType T = Arg->getType().getNonReferenceType();
    if (const auto *Spec =
            dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl())) {
      if (!Spec->getIdentifier() || Spec->getName() != "fn_t" ||
          !isEddyNamespace(Spec->getDeclContext()) || Spec->getTemplateArgs().size() < 1)
        return nullptr;
      const TemplateArgument &A = Spec->getTemplateArgs()[0];
      return A.getKind() == TemplateArgument::Declaration
                 ? dyn_cast<CXXMethodDecl>(A.getAsDecl())
                 : nullptr;
    }
    Expr *Bare = Arg->IgnoreParenImpCasts();
    if (auto *U = dyn_cast<UnaryOperator>(Bare); U && U->getOpcode() == UO_AddrOf)
      Bare = U->getSubExpr()->IgnoreParenImpCasts();
    auto *Ref = dyn_cast<DeclRefExpr>(Bare);
    return Ref ? dyn_cast<CXXMethodDecl>(Ref->getDecl()) : nullptr;
  }

  /// A call through a pointer to a virtual member function dispatches at run
  /// time, through the object's vtable, which Eddy cannot follow at every -O
  /// level; a call qualified with the class cannot dispatch. Where the
  /// object's dynamic type is known, VisitCallExpr made such a call
  /// (NonVirtualCallee.h); this says what to do where it is not.
  void reportVirtual(Expr *Arg, const CXXMethodDecl &MD) {
    std::string Class = MD.getParent()->getNameAsString();
    std::string Name = MD.getNameAsString();
    std::string Cv = MD.isConst() ? "const " : "";
    report(Arg->getBeginLoc(), Arg->getSourceRange(),
           "eddy: '" + MD.getQualifiedNameAsString() +
               "' is a virtual member function, and the object's dynamic type is not "
               "known here: a call through a pointer to it is dispatched at run time, "
               "which Eddy cannot differentiate; pass the object itself (a variable of "
               "its class), make the class or the function 'final', or call the "
               "override you mean directly, e.g. [](" + Cv + Class +
               " &o, auto... a) { return o." + Class + "::" + Name + "(a...); }");
  }

  void report(SourceLocation Loc, SourceRange Range, StringRef Msg) {
    DiagnosticsEngine &D = S.getDiagnostics();
    D.Report(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg << Range;
  }

  void reportOverloadSet(const std::string &Entry, OverloadExpr &Set) {
    std::string Name = Set.getName().getAsString();
    // The first declared overload, for the example.
    const NamedDecl *First = *Set.decls_begin();
    for (const NamedDecl *D : Set.decls())
      if (Ctx.getSourceManager().isBeforeInTranslationUnit(D->getLocation(),
                                                          First->getLocation()))
        First = D;
    std::string Msg;
    if (const auto *FD = dyn_cast<FunctionDecl>(First->getUnderlyingDecl())) {
      std::string Ptr = Ctx.getPointerType(FD->getType()).getAsString(Ctx.getPrintingPolicy());
      Msg = "eddy: '" + Name + "' names several overloaded functions, so eddy::" + Entry +
            " cannot tell which one to differentiate: choose one with a cast, e.g. static_cast<" +
            Ptr + ">(" + Name + "), or eddy::fn<static_cast<" + Ptr + ">(" + Name + ")>";
    } else {
      Msg = "eddy: '" + Name + "' is a function template, so eddy::" + Entry +
            " cannot tell which specialization to differentiate: name one, e.g. " + Name +
            "<double>";
    }
    report(Set.getBeginLoc(), Set.getSourceRange(), Msg);
  }

  /// Rebuilds \p Call with `eddy::fn<Arg>` as argument \p Index, through the
  /// overload resolution and template instantiation of a call written so,
  /// and puts the new callee and arguments into \p Call (whose type and
  /// place in the AST stay).
  void rebuild(CallExpr *Call, unsigned Index, Expr *Arg) {
    auto *Entry = Call->getDirectCallee();
    auto *NS = cast<NamespaceDecl>(Entry->getDeclContext());
    SourceLocation Loc = Arg->getBeginLoc();
    CXXScopeSpec SS;
    SS.MakeTrivial(Ctx, NestedNameSpecifier::Create(Ctx, nullptr, NS), Loc);

    // Sema's per-expression state, as the parser would have it around a
    // fresh full-expression.
    EnterExpressionEvaluationContext Evaluated(
        S, Sema::ExpressionEvaluationContext::PotentiallyEvaluated);
    CleanupInfo SavedCleanup = S.Cleanup;

    Expr *Fn = makeFnArgument(NS, SS, Arg);
    Expr *Callee = Fn ? makeCallee(Call, Entry, NS, SS) : nullptr;
    SmallVector<Expr *, 8> Args;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      Args.push_back(I == Index ? Fn : asWritten(Call->getArg(I)));
    ExprResult New;
    if (Callee)
      New = S.BuildCallExpr(nullptr, Callee, Call->getBeginLoc(), Args, Call->getRParenLoc());
    S.Cleanup = SavedCleanup;

    CallExpr *NewCall = nullptr;
    if (New.isUsable()) {
      Expr *E = New.get();
      if (auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
        E = Bind->getSubExpr();
      NewCall = dyn_cast<CallExpr>(E);
    }
    if (!NewCall || NewCall->getNumArgs() != Call->getNumArgs() ||
        !Ctx.hasSameType(NewCall->getType(), Call->getType())) {
      if (!S.getDiagnostics().hasErrorOccurred())
        report(Loc, Arg->getSourceRange(),
               "eddy: this function name cannot be used as the callable here: pass eddy::fn<f> "
               "or a lambda");
      return;
    }
    Call->setCallee(NewCall->getCallee());
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      Call->setArg(I, NewCall->getArg(I));
  }

  /// `eddy::fn<Arg>`.
  Expr *makeFnArgument(NamespaceDecl *NS, const CXXScopeSpec &SS, Expr *Arg) {
    SourceLocation Loc = Arg->getBeginLoc();
    LookupResult R(S, &Ctx.Idents.get("fn"), Loc, Sema::LookupOrdinaryName);
    S.LookupQualifiedName(R, NS);
    auto *Template = R.getAsSingle<VarTemplateDecl>();
    if (!Template)
      return nullptr;
    TemplateArgumentListInfo Args(Loc, Loc);
    Args.addArgument(TemplateArgumentLoc(TemplateArgument(Arg), Arg));
    ExprResult E = S.CheckVarTemplateId(SS, DeclarationNameInfo(Template->getDeclName(), Loc),
                                        Template, Template, Loc, &Args);
    return E.isUsable() ? E.get() : nullptr;
  }

  /// The entry point's name, with the template arguments the user gave.
  Expr *makeCallee(CallExpr *Call, FunctionDecl *Entry, NamespaceDecl *NS,
                   const CXXScopeSpec &SS) {
    SourceLocation Loc = Call->getBeginLoc();
    LookupResult R(S, Entry->getDeclName(), Loc, Sema::LookupOrdinaryName);
    S.LookupQualifiedName(R, NS);
    if (R.empty())
      return nullptr;
    const auto *Ref = dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts());
    ExprResult E;
    if (Ref && Ref->hasExplicitTemplateArgs()) {
      TemplateArgumentListInfo Explicit;
      Ref->copyTemplateArgumentsInto(Explicit);
      E = S.BuildTemplateIdExpr(SS, SourceLocation(), R, /*RequiresADL=*/false, &Explicit);
    } else {
      E = S.BuildDeclarationNameExpr(SS, R, /*NeedsADL=*/false);
    }
    return E.isUsable() ? E.get() : nullptr;
  }

  Sema &S;
  ASTContext &Ctx;
};

class CallableNameRewriter : public SemaConsumer {
public:
  void InitializeSema(Sema &Sem) override { S = &Sem; }
  void ForgetSema() override { S = nullptr; }

  // Each top-level declaration (and each instantiated function) before the
  // code generator sees it.
  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (!S)
      return true;
    for (Decl *D : DG)
      Rewriter(*S).TraverseDecl(D);
    return true;
  }

private:
  Sema *S = nullptr;
};

} // namespace

std::unique_ptr<ASTConsumer> createCallableNameRewriter() {
  return std::make_unique<CallableNameRewriter>();
}

} // namespace eddy
