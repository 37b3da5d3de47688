//===- NamedDerivatives.cpp - Derivatives the user declares by name -------===//
//
// A named derivative is a declaration, typically in a header, that Eddy
// defines with external linkage so that other translation units, C code or
// Python (ctypes) can call it:
//
//   double loss(const double *w, const double *x, int n);
//   void loss_grad(const double *w, double *d_w, const double *x, int n)
//       EDDY_GRADIENT_OF(loss, "w");
//   double loss_dir(const double *w, const double *t_w, const double *x, int n)
//       EDDY_TANGENT_OF(loss, "w");
//   void loss_vjp(const double *w, double *d_w, const double *x, int n,
//                 double d_ret) EDDY_ADJOINT_OF(loss, "w");
//
// The attribute (eddy_gradient_of / eddy_tangent_of / eddy_adjoint_of, see
// eddy.h's macros)
// names the primal and optionally, as a string, the parameters to
// differentiate with respect to; by default every floating-point parameter
// and every pointer or reference to floating-point data. The declared
// signature must follow the rule below (the same as custom rules'):
//
//   gradient: void g(a1, [d1], ..., an, [dn])   di: T* for an active scalar
//             (its adjoint is ADDED there), the shadow for an active pointer
//             (adjoints added into it); a floating-point result is seeded 1.
//   tangent:  R t(a1, [d1], ..., an, [dn])      di: the tangent of an active
//             scalar, the tangent shadow of an active pointer; returns the
//             tangent of the result.
//   adjoint:  void b(a1, [d1], ..., an, [dn], [R d_ret])   the gradient's
//             slots, then the cotangent of a floating-point result (the
//             seed): a vector-Jacobian product, and exactly the signature of
//             an EDDY_ADJOINT_RULE for f.
//
// Here the declaration is checked (errors at it, with the expected signature
// spelled out) and annotated; Attributes.cpp emits the registration global
// the IR pass defines the function from (lib/Transform/NamedDerivatives.cpp).
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "Eddy/Request/NamedDerivatives.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/ParsedAttrInfo.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace clang;

namespace eddy {
namespace {

enum class NamedKind { Gradient, Tangent, Adjoint };

/// One parameter of the primal: its activity letter (NamedDerivatives.h in
/// the passes reads the same letters) and the type of its derivative slot.
struct ParamPlan {
  const ParmVarDecl *Param;
  /// 'a' active scalar, 'd' active pointer, 'c' constant; in a seeded
  /// adjoint 'r' is an active pointer to const data (f only reads it), whose
  /// shadow may be null (see MaxNullableShadows).
  char Activity;
};

/// Does \p T hold floating-point data (a pointee worth a shadow by default)?
bool holdsFloatingPoint(QualType T) {
  T = T.getCanonicalType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType().getCanonicalType();
  if (T->isRealFloatingType())
    return true;
  if (const auto *RD = T->getAsRecordDecl()) {
    for (const FieldDecl *FD : RD->fields())
      if (holdsFloatingPoint(FD->getType()))
        return true;
    if (const auto *CXX = dyn_cast<CXXRecordDecl>(RD); CXX && CXX->hasDefinition())
      for (const CXXBaseSpecifier &B : CXX->bases())
        if (holdsFloatingPoint(B.getType()))
          return true;
  }
  return false;
}

bool isPointerLike(QualType T) {
  return T->isPointerType() || T->isReferenceType();
}

/// \p T with the constness of its pointee dropped: the shadow of a read-only
/// input still receives adjoints.
QualType writableShadow(ASTContext &Ctx, QualType T) {
  T = T.getCanonicalType().getUnqualifiedType();
  QualType Pointee = T->getPointeeType().getUnqualifiedType();
  if (T->isPointerType())
    return Ctx.getPointerType(Pointee);
  if (T->isLValueReferenceType())
    return Ctx.getLValueReferenceType(Pointee);
  return Ctx.getRValueReferenceType(Pointee);
}

class NamedDerivativeAttr : public ParsedAttrInfo {
public:
  NamedDerivativeAttr(const char *CXXName, const char *GNUName, NamedKind Kind)
      : Kind(Kind) {
    NumArgs = 1;
    OptArgs = 1;
    fillSpellings(Names, CXXName, GNUName);
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
                                   const ParsedAttr &A) const override;

private:
  const char *what() const {
    return Kind == NamedKind::Gradient ? "gradient"
           : Kind == NamedKind::Adjoint ? "adjoint"
                                        : "tangent";
  }
  /// Reverse mode: the gradient and the seeded adjoint.
  bool reverse() const { return Kind != NamedKind::Tangent; }
  template <unsigned N> unsigned error(Sema &S, const char (&Fmt)[N]) const {
    return S.Diags.getCustomDiagID(DiagnosticsEngine::Error, Fmt);
  }
  std::optional<SmallVector<ParamPlan, 8>>
  plan(Sema &S, const ParsedAttr &A, const FunctionDecl *Primal) const;
  QualType expectedReturn(ASTContext &Ctx, const FunctionDecl *Primal) const;
  SmallVector<std::pair<QualType, std::string>, 16>
  expectedParams(ASTContext &Ctx, const FunctionDecl *Primal,
                 ArrayRef<ParamPlan> Plan) const;
  bool checkSignature(Sema &S, const FunctionDecl *G, const FunctionDecl *Primal,
                      ArrayRef<ParamPlan> Plan) const;

  Spelling Names[4];
  NamedKind Kind;
};

/// Decides each primal parameter's activity from the optional "wrt" list.
std::optional<SmallVector<ParamPlan, 8>>
NamedDerivativeAttr::plan(Sema &S, const ParsedAttr &A,
                          const FunctionDecl *Primal) const {
  std::optional<SmallVector<StringRef, 4>> Wrt;
  if (A.getNumArgs() == 2) {
    auto *Lit = A.isArgExpr(1) ? dyn_cast_or_null<StringLiteral>(
                                     A.getArgAsExpr(1)->IgnoreParenImpCasts())
                               : nullptr;
    if (!Lit || !Lit->isOrdinary()) {
      S.Diag(A.getLoc(), error(S, "the second argument of 'eddy_%0_of' lists "
                                  "the parameters to differentiate, as a "
                                  "string such as \"x, y\""))
          << what();
      return std::nullopt;
    }
    Wrt.emplace();
    SmallVector<StringRef, 4> Parts;
    Lit->getString().split(Parts, ',', -1, false);
    for (StringRef P : Parts)
      if (!P.trim().empty())
        Wrt->push_back(P.trim());
    for (StringRef Name : *Wrt) {
      bool Found = llvm::any_of(Primal->parameters(), [&](const ParmVarDecl *P) {
        return P->getName() == Name;
      });
      if (!Found) {
        std::string Names;
        for (const ParmVarDecl *P : Primal->parameters())
          Names += (Names.empty() ? "'" : ", '") + P->getName().str() + "'";
        S.Diag(Lit->getBeginLoc(), error(S, "'%0' has no parameter named '%1'"
                                            "; its parameters are %2"))
            << Primal->getName() << Name << (Names.empty() ? "unnamed" : Names);
        return std::nullopt;
      }
    }
  }

  SmallVector<ParamPlan, 8> Plan;
  for (const ParmVarDecl *P : Primal->parameters()) {
    QualType T = P->getType().getCanonicalType();
    bool Listed = Wrt && llvm::is_contained(*Wrt, P->getName());
    char Activity = 'c';
    if (T->isRealFloatingType()) {
      Activity = (!Wrt || Listed) ? 'a' : 'c';
    } else if (isPointerLike(T)) {
      Activity = (Wrt ? Listed : holdsFloatingPoint(T->getPointeeType())) ? 'd' : 'c';
      if (Activity == 'd' && Kind == NamedKind::Adjoint &&
          T->getPointeeType().isConstQualified())
        Activity = 'r';
    } else if (T->isIntegralOrEnumerationType()) {
      if (Listed) {
        S.Diag(A.getArgAsExpr(1)->getBeginLoc(), error(S, "parameter '%0' of '%1' is an "
                                          "integer and has no derivative; "
                                          "remove it from the list"))
            << P->getName() << Primal->getName();
        return std::nullopt;
      }
    } else {
      S.Diag(A.getLoc(), error(S, "named derivatives take floating-point, "
                                  "integer, pointer and reference parameters; "
                                  "parameter '%0' of '%1' has type %2: wrap "
                                  "'%1' in a function that passes it by "
                                  "pointer"))
          << P->getName() << Primal->getName() << P->getType();
      return std::nullopt;
    }
    Plan.push_back({P, Activity});
  }
  return Plan;
}

QualType NamedDerivativeAttr::expectedReturn(ASTContext &Ctx,
                                             const FunctionDecl *Primal) const {
  QualType R = Primal->getReturnType().getCanonicalType();
  if (Kind == NamedKind::Tangent && R->isRealFloatingType())
    return R;
  return Ctx.VoidTy;
}

/// The declared parameters the rule asks for, with the names used when the
/// signature is spelled out in an error.
SmallVector<std::pair<QualType, std::string>, 16>
NamedDerivativeAttr::expectedParams(ASTContext &Ctx, const FunctionDecl *Primal,
                                    ArrayRef<ParamPlan> Plan) const {
  SmallVector<std::pair<QualType, std::string>, 16> Out;
  const char *Prefix = reverse() ? "d_" : "t_";
  for (const ParamPlan &P : Plan) {
    QualType T = P.Param->getType();
    std::string Name = P.Param->getName().str();
    if (Name.empty())
      Name = "arg" + std::to_string(P.Param->getFunctionScopeIndex() + 1);
    Out.push_back({T, Name});
    if (P.Activity == 'a')
      Out.push_back({reverse() ? Ctx.getPointerType(T.getUnqualifiedType())
                               : T.getUnqualifiedType(),
                     Prefix + Name});
    else if (P.Activity == 'd' || P.Activity == 'r')
      Out.push_back({reverse() ? writableShadow(Ctx, T) : T.getUnqualifiedType(),
                     Prefix + Name});
  }
  // The seeded adjoint's last parameter: the cotangent of f's result.
  QualType R = Primal->getReturnType();
  if (Kind == NamedKind::Adjoint && R->isRealFloatingType())
    Out.push_back({R.getUnqualifiedType(), "d_ret"});
  return Out;
}

/// Compares the declaration with the rule; a tangent shadow may drop const.
bool NamedDerivativeAttr::checkSignature(Sema &S, const FunctionDecl *G,
                                         const FunctionDecl *Primal,
                                         ArrayRef<ParamPlan> Plan) const {
  ASTContext &Ctx = S.Context;
  auto Expected = expectedParams(Ctx, Primal, Plan);
  QualType Ret = expectedReturn(Ctx, Primal);
  auto Same = [&](QualType A, QualType B) {
    A = A.getCanonicalType().getUnqualifiedType();
    B = B.getCanonicalType().getUnqualifiedType();
    if (A == B)
      return true;
    // A tangent or gradient shadow of a pointer may be declared writable or
    // read-only alike: only its pointee type matters.
    return isPointerLike(A) && isPointerLike(B) &&
           A->isPointerType() == B->isPointerType() &&
           A->getPointeeType().getUnqualifiedType() ==
               B->getPointeeType().getUnqualifiedType();
  };

  std::string Problem;
  unsigned NParams = G->getNumParams();
  if (G->isVariadic())
    Problem = "it is variadic";
  else if (!Same(G->getReturnType(), Ret))
    Problem = "it returns " + G->getReturnType().getAsString() +
              ", expected " + Ret.getAsString();
  else if (NParams != Expected.size())
    Problem = "it has " + std::to_string(NParams) + " parameter" +
              (NParams == 1 ? "" : "s") + ", expected " +
              std::to_string(Expected.size());
  else
    for (unsigned K = 0; K < NParams && Problem.empty(); ++K)
      if (!Same(G->getParamDecl(K)->getType(), Expected[K].first))
        Problem = "parameter " + std::to_string(K + 1) + " is " +
                  G->getParamDecl(K)->getType().getAsString() + ", expected " +
                  Expected[K].first.getAsString() + " ('" +
                  Expected[K].second + "')";
  if (Problem.empty())
    return true;

  std::string Want;
  llvm::raw_string_ostream OS(Want);
  PrintingPolicy Policy = Ctx.getPrintingPolicy();
  OS << Ret.getAsString(Policy) << " " << G->getName() << "(";
  for (auto [K, E] : llvm::enumerate(Expected)) {
    OS << (K ? ", " : "");
    E.first.print(OS, Policy, E.second);
  }
  OS << ")";
  S.Diag(G->getLocation(),
         error(S, "'%0' is declared as the %1 of '%2', but %3; declare it as "
                  "'%4'"))
      << G->getName() << what() << Primal->getName() << Problem << Want;
  S.Diag(Primal->getLocation(),
         S.Diags.getCustomDiagID(
             DiagnosticsEngine::Note,
             "'%0' declared here; %select{its adjoints are added into a "
             "pointer after each active scalar and into the shadow after "
             "each active pointer|each active scalar is followed by its "
             "tangent and each active pointer by its tangent shadow|its "
             "adjoints are added into a pointer after each active scalar and "
             "into the shadow after each active pointer, and a floating-point "
             "result's cotangent comes last}1"))
      << Primal->getName() << unsigned(Kind);
  return false;
}

NamedDerivativeAttr::AttrHandling
NamedDerivativeAttr::handleDeclAttribute(Sema &S, Decl *D,
                                         const ParsedAttr &A) const {
  auto *G = cast<FunctionDecl>(D);
  if (unscopedSpellingMisused(S, A))
    return AttributeNotApplied;
  if (G->isTemplated()) { // Also its primal, if it names one by T.
    S.Diag(A.getLoc(),
           error(S, "a named derivative is one function: declare it as a "
                    "non-template function and name one specialization of "
                    "the template, e.g. EDDY_GRADIENT_OF(f<double>)"));
    return AttributeNotApplied;
  }
  DeclRefExpr *Ref = functionArgument(S, A, 0);
  if (!Ref) {
    S.Diag(A.getLoc(), error(S, "'eddy_%0_of' takes the function it "
                                "differentiates, declared before it: "
                                "EDDY_%1_OF(f) or EDDY_%1_OF(f, \"x, y\")"))
        << what()
        << (Kind == NamedKind::Gradient  ? "GRADIENT"
            : Kind == NamedKind::Adjoint ? "ADJOINT"
                                         : "TANGENT");
    return AttributeNotApplied;
  }
  auto *Primal = cast<FunctionDecl>(Ref->getDecl());
  enum Reason { MemberDerivative, MemberPrimal, Template, Variadic, HasBody, None };
  Reason Why = None;
  if (isa<CXXMethodDecl>(G) && !cast<CXXMethodDecl>(G)->isStatic())
    Why = MemberDerivative;
  else if (isa<CXXMethodDecl>(Primal) && !cast<CXXMethodDecl>(Primal)->isStatic())
    Why = MemberPrimal;
  else if (Primal->getTemplatedKind() == FunctionDecl::TK_FunctionTemplate ||
           Primal->isDependentContext())
    Why = Template; // A specialization, f<double>, is a function like any other.
  else if (Primal->isVariadic())
    Why = Variadic;
  else if (G->getDefinition())
    Why = HasBody;
  if (Why != None) {
    S.Diag(A.getLoc(),
           error(S, "%select{'%1' is a member function; a named derivative "
                    "must be a free function|'%2' is a member function; name "
                    "a free function that calls it|a named derivative "
                    "is one function: name one specialization of the "
                    "template, e.g. %2<double>, and declare the derivative "
                    "as a non-template function|cannot "
                    "differentiate variadic function '%2'|'%1' is generated "
                    "by Eddy as a derivative of '%2'; declare it without a "
                    "body}0"))
        << Why << G->getName() << Primal->getName();
    return AttributeNotApplied;
  }
  std::optional<SmallVector<ParamPlan, 8>> Plan = plan(S, A, Primal);
  if (!Plan || !checkSignature(S, G, Primal, *Plan))
    return AttributeNotApplied;
  // An adjoint rule runs in the adjoint sweep, after f's call, and must
  // not run f's effects again; an exported adjoint runs f again (its
  // forward sweep), so f may only read through its pointers.
  const ParamPlan *Writable = nullptr;
  for (const ParamPlan &P : *Plan)
    if (!Writable && isPointerLike(P.Param->getType()) &&
        !P.Param->getType()->getPointeeType().isConstQualified())
      Writable = &P;
  if (Kind == NamedKind::Adjoint && Writable) {
    S.Diag(G->getLocation(),
           error(S, "'%0' cannot be the exported adjoint of '%1': parameter "
                    "'%2' of '%1' points to data it may write, and an "
                    "exported adjoint runs '%1' again, which an adjoint rule "
                    "must not do; make the pointee const, or export a "
                    "gradient with EDDY_GRADIENT_OF"))
        << G->getName() << Primal->getName() << Writable->Param->getName();
    return AttributeNotApplied;
  }
  unsigned Pointers = llvm::count_if(
      *Plan, [](const ParamPlan &P) { return P.Activity == 'r'; });
  if (Kind == NamedKind::Adjoint && Pointers > MaxNullableShadows) {
    S.Diag(A.getLoc(),
           error(S, "'%0' differentiates %1 read-only pointer parameters of "
                    "'%2'; an exported adjoint takes at most %3 (it holds one "
                    "derivative for each combination of null shadows an "
                    "adjoint rule may be passed for them): list the ones to "
                    "differentiate, EDDY_ADJOINT_OF(%2, \"p, q\")"))
        << G->getName() << Pointers << Primal->getName() << MaxNullableShadows;
    return AttributeNotApplied;
  }

  std::string Activity;
  for (const ParamPlan &P : *Plan)
    Activity += P.Activity;
  QualType StrTy = S.Context.getStringLiteralArrayType(S.Context.CharTy,
                                                       Activity.size());
  Expr *Str = StringLiteral::Create(S.Context, Activity,
                                    StringLiteralKind::Ordinary, false, StrTy,
                                    A.getLoc());
  Expr *Args[] = {Ref, Str};
  D->addAttr(AnnotateAttr::Create(
      S.Context,
      Kind == NamedKind::Gradient  ? GradientOfTag
      : Kind == NamedKind::Adjoint ? AdjointOfTag
                                   : TangentOfTag,
      Args, 2, A.getRange()));
  return AttributeApplied;
}

struct GradientOfAttr : NamedDerivativeAttr {
  GradientOfAttr()
      : NamedDerivativeAttr("eddy::gradient_of", "eddy_gradient_of",
                            NamedKind::Gradient) {}
};
struct TangentOfAttr : NamedDerivativeAttr {
  TangentOfAttr()
      : NamedDerivativeAttr("eddy::tangent_of", "eddy_tangent_of",
                            NamedKind::Tangent) {}
};
struct AdjointOfAttr : NamedDerivativeAttr {
  AdjointOfAttr()
      : NamedDerivativeAttr("eddy::adjoint_of", "eddy_adjoint_of",
                            NamedKind::Adjoint) {}
};

} // namespace
} // namespace eddy

static ParsedAttrInfoRegistry::Add<eddy::GradientOfAttr>
    GradientOfReg("eddy_gradient_of", "Eddy defines this as a gradient");
static ParsedAttrInfoRegistry::Add<eddy::TangentOfAttr>
    TangentOfReg("eddy_tangent_of", "Eddy defines this as a tangent");
static ParsedAttrInfoRegistry::Add<eddy::AdjointOfAttr>
    AdjointOfReg("eddy_adjoint_of", "Eddy defines this as a seeded adjoint");
