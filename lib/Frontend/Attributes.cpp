//===- Attributes.cpp - Eddy's C++ attributes ([[eddy::...]]) -------------===//
#include "Attributes.h"
#include "clang/AST/ASTConsumer.h"
#include "llvm/ADT/SetVector.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/ParsedAttrInfo.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Sema/Lookup.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace eddy {
namespace {

/// One attribute: [[eddy::Name]] / __attribute__((eddy_Name)), with one
/// argument naming the rule function when \p TakesRule.
class EddyAttrInfo : public ParsedAttrInfo {
public:
  EddyAttrInfo(const char *CXXName, const char *GNUName, llvm::StringLiteral Tag,
               bool TakesRule)
      : Tag(Tag), TakesRule(TakesRule) {
    NumArgs = TakesRule ? 1 : 0;
    fillSpellings(Names, CXXName, GNUName);
    Spellings = Names;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D) || (!TakesRule && isa<VarDecl>(D) &&
                                 cast<VarDecl>(D)->hasGlobalStorage()))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute()
        << (TakesRule ? "functions" : "functions and global variables");
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    if (unscopedSpellingMisused(S, A))
      return AttributeNotApplied;
    if (!TakesRule) {
      D->addAttr(AnnotateAttr::Create(S.Context, Tag, nullptr, 0, A.getRange()));
      return AttributeApplied;
    }
    DeclRefExpr *Ref = A.getNumArgs() == 1 ? functionArgument(S, A, 0) : nullptr;
    if (!Ref) {
      unsigned ID = S.Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "'%0' takes the rule function, declared before it: "
          "__attribute__((eddy_%0(rule)))");
      S.Diag(A.getLoc(), ID) << (Tag == TangentTag ? "tangent" : "adjoint");
      return AttributeNotApplied;
    }
    Expr *Args[] = {Ref};
    D->addAttr(AnnotateAttr::Create(S.Context, Tag, Args, 1, A.getRange()));
    return AttributeApplied;
  }

private:
  Spelling Names[4];
  llvm::StringLiteral Tag;
  bool TakesRule;
};

struct InactiveAttr : EddyAttrInfo {
  InactiveAttr() : EddyAttrInfo("eddy::inactive", "eddy_inactive", InactiveTag, false) {}
};
struct CheckpointAttr : EddyAttrInfo {
  CheckpointAttr()
      : EddyAttrInfo("eddy::checkpoint", "eddy_checkpoint", CheckpointTag, false) {}
  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute() << "functions";
    return false;
  }
};
struct TangentAttr : EddyAttrInfo {
  TangentAttr() : EddyAttrInfo("eddy::tangent", "eddy_tangent", TangentTag, true) {}
};
struct AdjointAttr : EddyAttrInfo {
  AdjointAttr() : EddyAttrInfo("eddy::adjoint", "eddy_adjoint", AdjointTag, true) {}
};

/// Enzyme's __attribute__((enzyme_inactive)) and enzyme_inactive_noblock
/// (also [[enzyme::inactive]], [[enzyme::inactive_noblock]]): on a function
/// or a global variable, the same as eddy::inactive. Enzyme lowers both the
/// same way today; "noblock" adds nothing Eddy could act on (docs/user-guide.md).
class EnzymeInactiveAttr : public ParsedAttrInfo {
public:
  EnzymeInactiveAttr(const char *Name, const char *Scoped) {
    NumArgs = 0;
    Names[0] = {ParsedAttr::AS_GNU, Name};
    Names[1] = {ParsedAttr::AS_C23, Name};
    Names[2] = {ParsedAttr::AS_C23, Scoped};
    Names[3] = {ParsedAttr::AS_CXX11, Name};
    Names[4] = {ParsedAttr::AS_CXX11, Scoped};
    Spellings = Names;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D) ||
        (isa<VarDecl>(D) && cast<VarDecl>(D)->hasGlobalStorage()))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute()
        << "functions and global variables";
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    D->addAttr(AnnotateAttr::Create(S.Context, InactiveTag, nullptr, 0,
                                    A.getRange()));
    return AttributeApplied;
  }

private:
  Spelling Names[5];
};

struct EnzymeInactive : EnzymeInactiveAttr {
  EnzymeInactive() : EnzymeInactiveAttr("enzyme_inactive", "enzyme::inactive") {}
};
struct EnzymeInactiveNoblock : EnzymeInactiveAttr {
  EnzymeInactiveNoblock()
      : EnzymeInactiveAttr("enzyme_inactive_noblock", "enzyme::inactive_noblock") {}
};

/// Enzyme's __attribute__((enzyme_function_like("log1p"))) on a function:
/// the same as the registration array __enzyme_function_like = {f, "log1p"}
/// (the pass checks the name, at the attribute's string).
class EnzymeFunctionLikeAttr : public ParsedAttrInfo {
public:
  EnzymeFunctionLikeAttr() {
    NumArgs = 1;
    Names[0] = {ParsedAttr::AS_GNU, "enzyme_function_like"};
    Names[1] = {ParsedAttr::AS_C23, "enzyme_function_like"};
    Names[2] = {ParsedAttr::AS_CXX11, "enzyme_function_like"};
    Names[3] = {ParsedAttr::AS_CXX11, "enzyme::function_like"};
    Spellings = Names;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &A,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    S.Diag(A.getLoc(), diag::warn_attribute_wrong_decl_type_str)
        << A << A.isRegularKeywordAttribute() << "functions";
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    auto *Name = A.isArgExpr(0) ? dyn_cast_or_null<StringLiteral>(
                                      A.getArgAsExpr(0)->IgnoreParenImpCasts())
                                : nullptr;
    if (!Name) {
      unsigned ID = S.Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "'enzyme_function_like' takes the name of the libm function the "
          "function behaves like, as a string: "
          "__attribute__((enzyme_function_like(\"log1p\")))");
      S.Diag(A.getLoc(), ID);
      return AttributeNotApplied;
    }
    Expr *Args[] = {Name};
    D->addAttr(AnnotateAttr::Create(S.Context, FunctionLikeTag, Args, 1,
                                    A.getRange()));
    return AttributeApplied;
  }

private:
  Spelling Names[4];
};

/// Enzyme's __attribute__((enzyme_shadow(sym))) on a global names another
/// global as its shadow. Eddy keeps its own shadows (__enzyme_shadow gives
/// their address), so the attribute is an error rather than ignored: ignored,
/// the adjoints would silently miss `sym`.
class EnzymeShadowAttr : public ParsedAttrInfo {
public:
  EnzymeShadowAttr() {
    NumArgs = 1;
    Names[0] = {ParsedAttr::AS_GNU, "enzyme_shadow"};
    Names[1] = {ParsedAttr::AS_C23, "enzyme_shadow"};
    Names[2] = {ParsedAttr::AS_CXX11, "enzyme_shadow"};
    Spellings = Names;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &A) const override {
    unsigned ID = S.Diags.getCustomDiagID(
        DiagnosticsEngine::Error,
        "'enzyme_shadow' is not supported by Eddy: Eddy gives a global its own "
        "shadow; remove the attribute and reach the shadow with "
        "__enzyme_shadow(&global, 1, 0) (docs/request-abi.md)");
    S.Diag(A.getLoc(), ID);
    return AttributeNotApplied;
  }

private:
  Spelling Names[3];
};

/// Emits, for each attributed declaration, the registration global the
/// EDDY_* macros would have written:  static void *__eddy_..._N[] = {...};
class RegistrationEmitter : public ASTConsumer,
                            public RecursiveASTVisitor<RegistrationEmitter> {
public:
  explicit RegistrationEmitter(CompilerInstance &CI) : CI(CI) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (CI.getDiagnostics().hasErrorOccurred())
      return;
    this->Ctx = &Ctx;
    TraverseDecl(Ctx.getTranslationUnitDecl());
    for (VarDecl *VD : Emitted)
      CI.getASTConsumer().HandleTopLevelDecl(DeclGroupRef(VD));
    // The registrations carry everything now. Left in place, the annotations
    // would reach llvm.global.annotations, whose emitter expects arguments
    // Sema evaluated (ConstantExpr), not the references written here.
    for (Decl *D : Annotated)
      llvm::erase_if(D->getAttrs(), [](const Attr *A) {
        const auto *AA = dyn_cast<AnnotateAttr>(A);
        return AA && AA->getAnnotation().starts_with("eddy.");
      });
  }

  /// A function template's instantiations inherit its attributes (Sema
  /// clones them); each instantiation is registered, the pattern is not.
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitDecl(Decl *D) {
    auto *VD = dyn_cast<ValueDecl>(D);
    if (!VD || !D->hasAttrs())
      return true;
    // A template's pattern (or a member of a class template's) has no
    // address; its instantiations are visited on their own.
    bool Dependent = D->isTemplated();
    for (const auto *A : D->specific_attrs<AnnotateAttr>()) {
      StringRef Tag = A->getAnnotation();
      if (Tag.starts_with("eddy."))
        Annotated.insert(D);
      if (Dependent)
        continue;
      if (Tag == InactiveTag)
        emit(isa<FunctionDecl>(VD) ? "__enzyme_inactivefn_attr"
                                   : "__enzyme_inactive_global_attr",
             {VD});
      else if (Tag == CheckpointTag)
        emit("__eddy_checkpoint_fn_attr", {VD});
      else if (Tag == TangentTag || Tag == AdjointTag)
        emit(Tag == TangentTag ? "__eddy_tangent_rule_attr" : "__eddy_adjoint_rule_attr",
             {VD, ruleOf(A)});
      else if (Tag == FunctionLikeTag)
        emit("__enzyme_function_like_attr", {VD},
             cast<StringLiteral>((*A->args_begin())->IgnoreParenImpCasts()));
      else if (Tag == GradientOfTag || Tag == TangentOfTag || Tag == AdjointOfTag)
        emitNamedDerivative(cast<FunctionDecl>(VD), A);
    }
    return true;
  }

private:
  /// The rule function an eddy_tangent/eddy_adjoint annotation names (an
  /// instantiation's copy wraps the reference in a ConstantExpr).
  static ValueDecl *ruleOf(const AnnotateAttr *A) {
    return cast<DeclRefExpr>((*A->args_begin())->IgnoreImplicit()->IgnoreParenImpCasts())
        ->getDecl();
  }

  /// (void *)&D, as a constant initializer.
  Expr *addressAsVoidPtr(ValueDecl *D) {
    SourceLocation Loc = D->getLocation();
    auto *Ref = DeclRefExpr::Create(*Ctx, NestedNameSpecifierLoc(),
                                    SourceLocation(), D, false, Loc,
                                    D->getType(), VK_LValue);
    QualType PtrTy = Ctx->getPointerType(D->getType());
    Expr *Addr = UnaryOperator::Create(*Ctx, Ref, UO_AddrOf, PtrTy, VK_PRValue,
                                       OK_Ordinary, Loc, false,
                                       FPOptionsOverride());
    return CStyleCastExpr::Create(*Ctx, Ctx->VoidPtrTy, VK_PRValue, CK_BitCast,
                                  Addr, nullptr, FPOptionsOverride(),
                                  Ctx->getTrivialTypeSourceInfo(Ctx->VoidPtrTy),
                                  Loc, Loc);
  }

  /// (void *)"Str", as a constant initializer.
  Expr *stringAsVoidPtr(const StringLiteral *Str) {
    SourceLocation Loc = Str->getBeginLoc();
    QualType CharPtr = Ctx->getPointerType(
        Str->getType()->getAsArrayTypeUnsafe()->getElementType());
    Expr *Decayed = ImplicitCastExpr::Create(
        *Ctx, CharPtr, CK_ArrayToPointerDecay, const_cast<StringLiteral *>(Str),
        nullptr, VK_PRValue, FPOptionsOverride());
    return CStyleCastExpr::Create(*Ctx, Ctx->VoidPtrTy, VK_PRValue, CK_BitCast,
                                  Decayed, nullptr, FPOptionsOverride(),
                                  Ctx->getTrivialTypeSourceInfo(Ctx->VoidPtrTy),
                                  Loc, Loc);
  }

  /// {(void *)&g, (void *)&f, (void *)"activity"}; g must stay a declaration.
  void emitNamedDerivative(FunctionDecl *G, const AnnotateAttr *A) {
    if (!NamedSeen.insert(G->getCanonicalDecl()).second)
      return; // A redeclaration inherited the attribute.
    auto *Primal = cast<DeclRefExpr>(A->args_begin()[0])->getDecl();
    if (const FunctionDecl *Def = G->getDefinition()) {
      DiagnosticsEngine &D = CI.getDiagnostics();
      D.Report(Def->getLocation(),
               D.getCustomDiagID(DiagnosticsEngine::Error,
                                 "'%0' is generated by Eddy as a derivative "
                                 "of '%1'; declare it without a body"))
          << G->getName() << Primal->getName();
      return;
    }
    StringRef Tag = A->getAnnotation();
    emit(Tag == GradientOfTag  ? "__eddy_gradient_of_attr"
         : Tag == AdjointOfTag ? "__eddy_adjoint_of_attr"
                               : "__eddy_tangent_of_attr",
         {G, Primal}, cast<StringLiteral>(A->args_begin()[1]));
  }

  void emit(StringRef Prefix, llvm::ArrayRef<ValueDecl *> Items,
            const StringLiteral *Extra = nullptr) {
    SourceLocation Loc = Items.front()->getLocation();
    unsigned N = Items.size() + (Extra ? 1 : 0);
    QualType ArrTy = Ctx->getConstantArrayType(
        Ctx->VoidPtrTy, llvm::APInt(32, N), nullptr,
        ArraySizeModifier::Normal, 0);
    std::string Name = (Prefix + "_" + llvm::Twine(Emitted.size())).str();
    auto *VD = VarDecl::Create(*Ctx, Ctx->getTranslationUnitDecl(), Loc, Loc,
                               &Ctx->Idents.get(Name), ArrTy,
                               Ctx->getTrivialTypeSourceInfo(ArrTy), SC_Static);
    SmallVector<Expr *, 3> Elems;
    for (ValueDecl *D : Items)
      Elems.push_back(addressAsVoidPtr(D));
    if (Extra)
      Elems.push_back(stringAsVoidPtr(Extra));
    auto *Init = new (*Ctx) InitListExpr(*Ctx, Loc, Elems, Loc);
    Init->setType(ArrTy);
    VD->setInit(Init);
    VD->addAttr(UsedAttr::CreateImplicit(*Ctx));
    Ctx->getTranslationUnitDecl()->addDecl(VD);
    Emitted.push_back(VD);
  }

  CompilerInstance &CI;
  ASTContext *Ctx = nullptr;
  SmallVector<VarDecl *, 4> Emitted;
  llvm::SmallSetVector<Decl *, 4> Annotated;
  llvm::SmallPtrSet<Decl *, 4> NamedSeen;
};

} // namespace

void fillSpellings(ParsedAttrInfo::Spelling (&Out)[4], const char *CXXName,
                   const char *GNUName) {
  StringRef Bare = StringRef(CXXName).rsplit("::").second;
  Out[0] = {ParsedAttr::AS_CXX11, CXXName};
  Out[1] = {ParsedAttr::AS_C23, CXXName};
  Out[2] = {ParsedAttr::AS_GNU, GNUName};
  Out[3] = {ParsedAttr::AS_CXX11, Bare.data()}; // NUL-terminated: a suffix.
}

bool unscopedSpellingMisused(Sema &S, const ParsedAttr &A) {
  if (!A.isCXX11Attribute() || A.getScopeName())
    return false;
  unsigned ID = S.Diags.getCustomDiagID(DiagnosticsEngine::Error,
                                        "write [[eddy::%0]]: Eddy's attributes "
                                        "live in the eddy namespace");
  S.Diag(A.getLoc(), ID) << A.getAttrName()->getName();
  return true;
}

DeclRefExpr *functionArgument(Sema &S, const ParsedAttr &A, unsigned Index) {
  if (A.getNumArgs() <= Index)
    return nullptr;
  if (A.isArgExpr(Index)) {
    Expr *E = A.getArgAsExpr(Index);
    E = E ? E->IgnoreParenImpCasts() : nullptr;
    // f<double>: one specialization of a function template, instantiated
    // here so that its body is emitted in this translation unit.
    if (auto *Ovl = dyn_cast_or_null<OverloadExpr>(E);
        Ovl && Ovl->hasExplicitTemplateArgs() && !E->isTypeDependent())
      if (FunctionDecl *FD = S.ResolveSingleFunctionTemplateSpecialization(Ovl)) {
        S.MarkFunctionReferenced(Ovl->getNameLoc(), FD);
        return DeclRefExpr::Create(S.Context, NestedNameSpecifierLoc(),
                                   SourceLocation(), FD, false,
                                   Ovl->getNameLoc(), FD->getType(), VK_LValue);
      }
    auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
    return Ref && isa<FunctionDecl>(Ref->getDecl()) ? Ref : nullptr;
  }
  IdentifierLoc *Id = A.getArgAsIdent(Index);
  if (!Id || !Id->Ident)
    return nullptr;
  LookupResult R(S, Id->Ident, Id->Loc, Sema::LookupOrdinaryName);
  if (!S.LookupName(R, S.getCurScope()) || !R.isSingleResult())
    return nullptr;
  auto *FD = dyn_cast<FunctionDecl>(R.getFoundDecl());
  if (!FD)
    return nullptr;
  return DeclRefExpr::Create(S.Context, NestedNameSpecifierLoc(),
                             SourceLocation(), FD, false, Id->Loc,
                             FD->getType(), VK_LValue);
}

std::unique_ptr<ASTConsumer> createRegistrationEmitter(CompilerInstance &CI) {
  return std::make_unique<RegistrationEmitter>(CI);
}

} // namespace eddy

static ParsedAttrInfoRegistry::Add<eddy::InactiveAttr>
    InactiveReg("eddy_inactive", "no derivative flows through this");
static ParsedAttrInfoRegistry::Add<eddy::CheckpointAttr>
    CheckpointReg("eddy_checkpoint", "reverse mode recomputes its calls");
static ParsedAttrInfoRegistry::Add<eddy::TangentAttr>
    TangentReg("eddy_tangent", "forward-mode rule of a function");
static ParsedAttrInfoRegistry::Add<eddy::AdjointAttr>
    AdjointReg("eddy_adjoint", "reverse-mode rule of a function");
static ParsedAttrInfoRegistry::Add<eddy::EnzymeInactive>
    EnzymeInactiveReg("enzyme_inactive", "Enzyme's spelling of eddy::inactive");
static ParsedAttrInfoRegistry::Add<eddy::EnzymeInactiveNoblock>
    EnzymeInactiveNoblockReg("enzyme_inactive_noblock",
                             "Enzyme's spelling of eddy::inactive");
static ParsedAttrInfoRegistry::Add<eddy::EnzymeFunctionLikeAttr>
    EnzymeFunctionLikeReg("enzyme_function_like",
                          "calls use the rule of the named libm function");
static ParsedAttrInfoRegistry::Add<eddy::EnzymeShadowAttr>
    EnzymeShadowReg("enzyme_shadow", "refused: Eddy keeps its own shadows");
