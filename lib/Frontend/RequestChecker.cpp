//===- RequestChecker.cpp - AST checks of derivative requests ------------===//
//
// The IR passes see a request only after lowering, where argument expressions
// and their ranges are gone. Checking the same counting rules here lets the
// user see the exact argument that is wrong. The rules must stay identical to
// the IR pass's (see include/eddy/eddy.h); anything this checker cannot decide
// (odd parameter types, dependent code) is left to the pass.
//===----------------------------------------------------------------------===//
#include "RequestChecker.h"
#include "EnzymeSurface.h"
#include "SplitRequestChecker.h"
#include "BatchChecker.h"
#include "BudgetOption.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

using namespace clang;

namespace eddy {
namespace {

enum class RequestMode { Reverse, Forward };
enum class Activity { Const, Dup, DupNoNeed, Out };

struct MarkerInfo {
  llvm::StringLiteral Name;
  Activity Kind;
};
constexpr MarkerInfo Markers[] = {
#define EDDY_MARKER(Name, Kind) {#Name, Activity::Kind},
#include "eddy/abi.def"
};

struct EntryInfo {
  llvm::StringLiteral Substring;
  RequestMode Mode;
};
constexpr EntryInfo Entries[] = {
#define EDDY_ENTRY(Substring, Mode) {#Substring, RequestMode::Mode},
#include "eddy/abi.def"
};

/// `enzyme_width, N`: vector forward mode (see eddy/abi.def).
bool isWidthMarker(llvm::StringRef Name) {
#define EDDY_WIDTH_MARKER(N)                                                   \
  if (Name == #N)                                                              \
    return true;
#include "eddy/abi.def"
  return false;
}

/// Every marker global starts with this; other globals so named are typos.
constexpr llvm::StringLiteral MarkerPrefix = "enzyme_";

/// Custom diagnostic IDs, created once per translation unit.
struct RequestDiags {
  explicit RequestDiags(DiagnosticsEngine &D)
      : NoArgs(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "derivative request needs the function to differentiate as its "
            "first argument")),
        NotFunction(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "the first argument of a derivative request must name the "
            "function to differentiate")),
        NotPlainFunction(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "the first argument of a derivative request must name the "
            "function to differentiate; %select{a lambda|a function "
            "object|a non-static member function}0 cannot be differentiated "
            "directly: pass a plain function")),
        UnknownMarker(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "unknown activity marker '%0'; the markers are %1")),
        UnservedMarker(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "Enzyme's marker '%0' is not supported by Eddy; %1")),
        UnservedEntry(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'%0' is not supported by Eddy; %1")),
        EntryNotCalled(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "the entry point '%0' must be called directly: Eddy serves a "
            "request at its call, and a pointer to it names no function; "
            "call '%0' where the derivative is needed")),
        ContextMarker(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'enzyme_context' (a shadow context for global variables) is not "
            "supported: Eddy keeps one shadow per global variable, vector "
            "width and lane; drop the context and query shadows with "
            "__enzyme_shadow(&global, width, lane)")),
        MarkerAsValue(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "expected %select{the value|the shadow|the tangent}0 of parameter "
            "'%1' of '%2', found activity marker '%3'; a marker precedes the "
            "argument it marks")),
        OutOnNonFloat(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'enzyme_out' cannot mark %select{integer|pointer}0 parameter "
            "'%1' of '%2'; %select{integers are not differentiated: use "
            "enzyme_const|use enzyme_dup with a shadow to receive its "
            "adjoint}0")),
        OutInForward(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'enzyme_out' cannot be used in forward mode: parameter '%0' of "
            "'%1' takes a tangent instead (enzyme_dup x, dx)")),
        ShadowOnScalar(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'%0' cannot mark %select{integer parameter '%1' of '%2': "
            "integers are not differentiated; use enzyme_const|"
            "floating-point parameter '%1' of '%2' in reverse mode: its "
            "adjoint is returned (enzyme_out)}3")),
        WrongArgType(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "argument for %select{parameter|the shadow of parameter|the "
            "tangent of parameter}0 '%1' of '%2' is %select{an integer|a "
            "floating-point value|a pointer}3, but %select{an integer|a "
            "floating-point value|a pointer}4 is expected%select{|; "
            "variadic arguments are not converted: write a floating-point "
            "literal such as 2.0}5")),
        WrongPointee(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "%select{the argument for parameter|the shadow of parameter|the "
            "tangent of parameter}0 '%1' of '%2' points to %3, but '%1' "
            "points to %4, and Eddy reads and writes it as %4; pass memory "
            "of type %4 (a void * or char * buffer is taken as it is)")),
        Variadic(D.getCustomDiagID(DiagnosticsEngine::Error,
                                   "cannot differentiate variadic function "
                                   "'%0'")),
        TooManyResults(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "this request returns one value, but '%0' gives %1 adjoints "
            "(%2 active scalar argument%s2 x width %3); declare an entry "
            "point that returns a struct with one member each, or void")),
        NoResult(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "this request's result is used, but '%0' has no active scalar "
            "parameter: a reverse request then returns nothing (adjoints go "
            "into the shadows of pointer parameters); call it as a "
            "statement, or declare an entry point that returns void")),
        TooFew(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "derivative request for '%0' needs %1 argument%s1 after the "
            "function, got %2")),
        TooMany(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "too many arguments in derivative request for '%0': it takes %1 "
            "after the function, got %2")),
        DeclaredHere(D.getCustomDiagID(DiagnosticsEngine::Note,
                                       "'%0' declared here with %1 "
                                       "parameter%s1")),
        BadWidth(D.getCustomDiagID(
            DiagnosticsEngine::Error,
            "'%0' must be followed by a constant width between 1 and 64")),

        MissingFor(D.getCustomDiagID(
            DiagnosticsEngine::Note,
            "no argument left for %select{parameter|the shadow of "
            "parameter|the tangent of parameter}0 '%1'%select{|; pointers "
            "are enzyme_dup by default (value, then shadow)|; in forward "
            "mode a floating-point argument is followed by its tangent}2")) {}

  unsigned NoArgs, NotFunction, NotPlainFunction, UnknownMarker,
      UnservedMarker, UnservedEntry, EntryNotCalled, ContextMarker, MarkerAsValue,
      OutOnNonFloat, OutInForward, ShadowOnScalar, WrongArgType, WrongPointee,
      Variadic, TooManyResults, NoResult, TooFew, TooMany, DeclaredHere,
      BadWidth, MissingFor;
};

/// What kind of argument slot of a parameter is being filled.
enum class Slot { Value = 0, Shadow = 1, Tangent = 2 };

/// The kinds of values the request ABI distinguishes; the order matches the
/// %select lists of WrongArgType.
enum class TypeClass { Integer = 0, Floating = 1, Pointer = 2, Other = 3 };

/// A parameter's kind as the IR sees it (references are pointers there).
TypeClass paramClass(QualType Ty) {
  Ty = Ty.getCanonicalType();
  if (Ty->isIntegralOrEnumerationType())
    return TypeClass::Integer;
  if (Ty->isRealFloatingType())
    return TypeClass::Floating;
  if (Ty->isAnyPointerType() || Ty->isReferenceType())
    return TypeClass::Pointer;
  return TypeClass::Other;
}

/// A variadic argument's kind after the default promotions.
TypeClass argClass(const Expr *Arg) {
  QualType Ty = Arg->getType().getCanonicalType();
  if (Ty->isArrayType() || Ty->isFunctionType() || Ty->isNullPtrType())
    return TypeClass::Pointer;
  if (Ty->isReferenceType())
    return TypeClass::Other;
  return paramClass(Ty);
}

/// What a pointer or reference parameter points to (null for other types).
QualType paramPointee(QualType Ty) {
  Ty = Ty.getCanonicalType();
  if (const auto *Ref = Ty->getAs<ReferenceType>())
    return Ref->getPointeeType();
  if (Ty->isPointerType())
    return Ty->getPointeeType();
  return QualType();
}

/// What a pointer argument of a request points to, as the user wrote it:
/// implicit conversions (to the `void *` of a typed entry point, qualifiers)
/// are looked through, explicit casts are the user's decision and are not.
/// Arrays decay to their element type.
QualType argPointee(const Expr *Arg) {
  QualType Ty = Arg->IgnoreParenImpCasts()->getType().getCanonicalType();
  if (const ArrayType *AT = Ty->getAsArrayTypeUnsafe())
    return AT->getElementType();
  if (Ty->isPointerType())
    return Ty->getPointeeType();
  return QualType();
}

/// Memory Eddy may treat as untyped: `void` and the character types.
bool isUntypedMemory(QualType Ty) {
  Ty = Ty.getCanonicalType();
  return Ty->isVoidType() || Ty->isCharType() || Ty->isStdByteType();
}

/// Whether memory of type \p Arg can stand for memory of type \p Param:
/// the same type up to qualifiers at every pointer level and array bounds
/// (an array is laid out as its elements), or a class derived from it.
bool sameMemoryType(ASTContext &Ctx, QualType Param, QualType Arg) {
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    Param = Ctx.getBaseElementType(Param.getCanonicalType()).getUnqualifiedType();
    Arg = Ctx.getBaseElementType(Arg.getCanonicalType()).getUnqualifiedType();
    if (Ctx.hasSameType(Param, Arg))
      return true;
    if (Param->isPointerType() && Arg->isPointerType()) {
      Param = Param->getPointeeType();
      Arg = Arg->getPointeeType();
      if (isUntypedMemory(Param) || isUntypedMemory(Arg))
        return true;
      continue;
    }
    const auto *ParamClass = Param->getAsCXXRecordDecl();
    const auto *ArgClass = Arg->getAsCXXRecordDecl();
    return ParamClass && ArgClass && ArgClass->hasDefinition() &&
           ArgClass->isDerivedFrom(ParamClass);
  }
  return true;
}

/// Strips what may sit between a request argument and the declaration it
/// names: parentheses, implicit and explicit casts, `&` and `*` on a
/// function designator, full-expression wrappers and substituted template
/// arguments.
const Expr *stripToName(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<CastExpr>(E)) {
      // A user-defined conversion hides an object (e.g. a lambda's conversion
      // to a function pointer); that is not a name, so stop there.
      if (Cast->getCastKind() == CK_UserDefinedConversion)
        return E;
      E = Cast->getSubExpr();
      continue;
    }
    if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
      if (Unary->getOpcode() == UO_AddrOf || Unary->getOpcode() == UO_Deref) {
        E = Unary->getSubExpr();
        continue;
      }
    }
    if (const auto *Full = dyn_cast<FullExpr>(E)) {
      E = Full->getSubExpr();
      continue;
    }
    // `template <auto F>` wrappers name the function through a parameter.
    if (const auto *Subst = dyn_cast<SubstNonTypeTemplateParmExpr>(E)) {
      E = Subst->getReplacement();
      continue;
    }
    return E;
  }
}

/// Looks through a local or constant function-pointer variable to the
/// function its initializer names (`auto *F = static_cast<...>(overloaded);`),
/// which the IR pass resolves after promoting the variable. Globals that may
/// change and parameters stay unresolved: only run time knows their value.
const Expr *followInitializers(const Expr *E) {
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || isa<ParmVarDecl>(Var) || !Var->getType()->isPointerType() ||
        !(Var->isLocalVarDecl() || Var->getType().isConstQualified()))
      return E;
    const Expr *Init = Var->getAnyInitializer();
    if (!Init)
      return E;
    E = stripToName(Init);
  }
  return E;
}

/// If \p E (the stripped first argument) is a callable object rather than a
/// function, returns 0 for a lambda and 1 for another function object.
std::optional<unsigned> callableObjectKind(const Expr *E) {
  for (unsigned Depth = 0; E && Depth < 16; ++Depth) {
    E = E->IgnoreParens();
    if (isa<LambdaExpr>(E))
      return 0;
    if (const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl()) {
      if (RD->isLambda())
        return 0;
      if (RD->hasDefinition())
        for (const CXXMethodDecl *M : RD->methods())
          if (M->getOverloadedOperator() == OO_Call)
            return 1;
    }
    // Walk down through `+lambda`, conversions and temporaries.
    if (const auto *Cast = dyn_cast<CastExpr>(E))
      E = Cast->getSubExpr();
    else if (const auto *Unary = dyn_cast<UnaryOperator>(E))
      E = Unary->getSubExpr();
    else if (const auto *Call = dyn_cast<CXXMemberCallExpr>(E);
             Call && isa_and_nonnull<CXXConversionDecl>(Call->getMethodDecl()))
      E = Call->getImplicitObjectArgument();
    else if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
      E = Temp->getSubExpr();
    else if (const auto *Bind = dyn_cast<CXXBindTemporaryExpr>(E))
      E = Bind->getSubExpr();
    else if (const auto *Full = dyn_cast<FullExpr>(E))
      E = Full->getSubExpr();
    else
      return std::nullopt;
  }
  return std::nullopt;
}

/// The global variable an argument names if it is spelled like a marker
/// (`enzyme_*` at file scope), possibly behind `&` and casts.
const VarDecl *markerLikeGlobal(const Expr *Arg) {
  const auto *Ref = dyn_cast<DeclRefExpr>(stripToName(Arg));
  if (!Ref)
    return nullptr;
  const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
  if (!Var || !Var->hasGlobalStorage() || Var->isStaticLocal() ||
      !Var->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return nullptr;
  if (!Var->getIdentifier() || !Var->getName().starts_with(MarkerPrefix))
    return nullptr;
  return Var;
}

std::optional<Activity> knownMarker(const VarDecl *Var) {
  for (const MarkerInfo &M : Markers)
    if (Var->getName() == M.Name)
      return M.Kind;
  return std::nullopt;
}

std::string markerList() {
  std::string List;
  for (const MarkerInfo &M : Markers)
    List += (List.empty() ? "" : ", ") + M.Name.str();
  return List;
}

/// The mode of a request entry point, or none if \p Callee is not one. Only
/// declared-only functions are entry points (a definition is ordinary code).
std::optional<RequestMode> requestMode(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getIdentifier() || Callee->isDefined())
    return std::nullopt;
  StringRef Name = Callee->getName();
  for (const EntryInfo &E : Entries)
    if (Name.contains(E.Substring))
      return E.Mode;
  return std::nullopt;
}

/// The name the linker sees: an `__asm__("...")` label renames a declaration
/// (Enzyme's tests spell typed entry points that way).
StringRef linkName(const FunctionDecl *FD) {
  if (const auto *Label = FD->getAttr<AsmLabelAttr>())
    return Label->getLabel();
  return FD->getIdentifier() ? FD->getName() : StringRef();
}

class RequestVisitor : public RecursiveASTVisitor<RequestVisitor> {
public:
  RequestVisitor(ASTContext &Ctx, DiagnosticsEngine &Diags)
      : Ctx(Ctx), Diags(Diags), IDs(Diags), Batches(Ctx, Diags) {}

  // Requests inside templates are checked in each instantiation, where their
  // types are known; the dependent pattern itself is skipped.
  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (const auto *DC = dyn_cast_or_null<DeclContext>(D))
      if (DC->isDependentContext())
        return true;
    if (Function || !isa_and_nonnull<FunctionDecl>(D))
      return RecursiveASTVisitor::TraverseDecl(D);
    Function = D;
    bool Continue = RecursiveASTVisitor::TraverseDecl(D);
    Function = nullptr;
    if (ParentsOf == D) {
      Ctx.setTraversalScope(SavedScope);
      ParentsOf = nullptr;
    }
    return Continue;
  }

  bool VisitCallExpr(CallExpr *Call) {
    if (Call->isTypeDependent() || Call->isValueDependent() ||
        Call->containsErrors())
      return true;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee)
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Call->getCallee()->IgnoreParenImpCasts()))
        DirectCallees.insert(Ref);
    if (std::optional<RequestMode> Mode = requestMode(Callee))
      checkRequest(Call, *Mode);
    else if (isBatchEntry(Callee))
      Batches.check(Call);
    else if (isSplitEntry(Callee))
      checkSplitRequest(Ctx, Diags, Call); // The pass counts its arguments.
    else if (Callee && !Callee->isDefined() && !alreadyReported(Call))
      if (std::optional<eddy::UnservedEntry> U =
              unservedEntry(linkName(Callee)))
        report(Call, Call->getBeginLoc(), IDs.UnservedEntry)
            << U->Name << U->Remedy << Call->getCallee()->getSourceRange();
    return true;
  }

  /// An entry point used other than as the callee of a call (its address
  /// taken, stored, passed): at -O0 a call through that pointer stays
  /// indirect and would be a link error, at -O2 it may become a request.
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl());
    if (!FD || FD->isDefined() || DirectCallees.contains(Ref) ||
        Ref->isValueDependent())
      return true;
    StringRef Name = linkName(FD);
    if ((requestMode(FD) || isSplitEntry(FD) || isBatchEntry(FD) ||
         unservedEntry(Name)) &&
        Reported.insert(Ref->getBeginLoc().getRawEncoding()).second)
      Diags.Report(Ref->getBeginLoc(), IDs.EntryNotCalled)
          << Name << Ref->getSourceRange();
    return true;
  }

private:
  /// The pieces of one request being checked.
  struct Request {
    const CallExpr *Call;
    RequestMode Mode;
    const FunctionDecl *Primal;
    std::string PrimalName;
  };

  void checkRequest(const CallExpr *Call, RequestMode Mode);
  /// Reports a marker-like global that is not one of Eddy's markers: one of
  /// Enzyme's with its remedy, any other as a typo.
  void reportUnknownMarker(const CallExpr *Call, const Expr *Arg,
                           const VarDecl *Marker);
  void checkArguments(const Request &R);
  /// Checks that \p Marked fits the parameter it marks; reports if not.
  bool checkMarker(const Request &R, Activity Marked, const VarDecl *Marker,
                   const Expr *Arg, const ParmVarDecl *Param, TypeClass Class);
  std::string nameOf(const NamedDecl *D) const;
  /// Whether the value of \p Call is used (not a discarded expression).
  bool isResultUsed(const Expr *Call);
  /// Limits the AST's parent map to the function being visited. Built for
  /// the whole translation unit, it was a copy of every node's parent: 24 MB
  /// for a file of 7,500 small functions.
  void scopeParentsToFunction();
  /// If \p Arg points to memory of another type than \p Param does,
  /// returns the type \p Param points to.
  std::optional<QualType> wrongPointee(const ParmVarDecl *Param,
                                       const Expr *Arg) const;

  /// Reports \p ID at \p Loc unless this call already has an error (template
  /// instantiations revisit the same call).
  DiagnosticBuilder report(const CallExpr *Call, SourceLocation Loc,
                           unsigned ID) {
    Reported.insert(Call->getBeginLoc().getRawEncoding());
    return Diags.Report(Loc, ID);
  }
  bool alreadyReported(const CallExpr *Call) const {
    return Reported.contains(Call->getBeginLoc().getRawEncoding());
  }

  ASTContext &Ctx;
  DiagnosticsEngine &Diags;
  RequestDiags IDs;
  BatchChecker Batches;
  llvm::DenseSet<unsigned> Reported;
  /// The callee names of the calls visited so far (a call is visited before
  /// the names inside it).
  llvm::DenseSet<const DeclRefExpr *> DirectCallees;
  /// The outermost function being visited, and the one the parent map is
  /// limited to (with the traversal scope it replaced).
  Decl *Function = nullptr;
  Decl *ParentsOf = nullptr;
  std::vector<Decl *> SavedScope;
};

std::string RequestVisitor::nameOf(const NamedDecl *D) const {
  std::string Name;
  llvm::raw_string_ostream OS(Name);
  D->getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
  return Name;
}

std::optional<QualType>
RequestVisitor::wrongPointee(const ParmVarDecl *Param, const Expr *Arg) const {
  QualType Want = paramPointee(Param->getType());
  QualType Have = argPointee(Arg);
  if (Want.isNull() || Have.isNull() || isUntypedMemory(Want) ||
      isUntypedMemory(Have) || Want->isFunctionType() ||
      Have->isFunctionType() || sameMemoryType(Ctx, Want, Have))
    return std::nullopt;
  return Want;
}

void RequestVisitor::scopeParentsToFunction() {
  if (!Function || ParentsOf == Function)
    return; // (Outside functions, the whole translation unit's map.)
  if (!ParentsOf)
    SavedScope = Ctx.getTraversalScope();
  Ctx.setTraversalScope({Function});
  ParentsOf = Function;
}

bool RequestVisitor::isResultUsed(const Expr *Call) {
  scopeParentsToFunction();
  const Expr *Child = Call;
  for (unsigned Depth = 0; Depth < 64; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(*Child);
    if (Parents.empty())
      return false;
    if (Parents[0].get<Decl>())
      return true; // An initializer.
    const auto *Parent = Parents[0].get<Stmt>();
    if (!Parent)
      return true;
    if (const auto *E = dyn_cast<Expr>(Parent)) {
      if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
        if (Cast->getType()->isVoidType())
          return false;
      if (const auto *Comma = dyn_cast<BinaryOperator>(E);
          Comma && Comma->getOpcode() == BO_Comma && Comma->getLHS() == Child)
        return false;
      // Wrappers pass the value on; anything else consumes it.
      if (isa<ParenExpr, ImplicitCastExpr, FullExpr, MaterializeTemporaryExpr,
              CXXBindTemporaryExpr>(E) ||
          (isa<BinaryOperator>(E) &&
           cast<BinaryOperator>(E)->getOpcode() == BO_Comma)) {
        Child = E;
        continue;
      }
      return true;
    }
    // A statement: the value is discarded unless the statement reads it.
    if (const auto *Ret = dyn_cast<ReturnStmt>(Parent))
      return Ret->getRetValue() == Child;
    if (const auto *If = dyn_cast<IfStmt>(Parent))
      return If->getCond() == Child;
    if (const auto *While = dyn_cast<WhileStmt>(Parent))
      return While->getCond() == Child;
    if (const auto *Do = dyn_cast<DoStmt>(Parent))
      return Do->getCond() == Child;
    if (const auto *For = dyn_cast<ForStmt>(Parent))
      return For->getCond() == Child;
    if (const auto *Switch = dyn_cast<SwitchStmt>(Parent))
      return Switch->getCond() == Child;
    if (const auto *Compound = dyn_cast<CompoundStmt>(Parent)) {
      // The last statement of a statement expression is its value.
      DynTypedNodeList Up = Ctx.getParents(*Compound);
      return !Up.empty() && Up[0].get<StmtExpr>() &&
             Compound->body_back() == Child;
    }
    return false;
  }
  return true;
}

void RequestVisitor::checkRequest(const CallExpr *Call, RequestMode Mode) {
  if (alreadyReported(Call))
    return;
  if (Call->getNumArgs() == 0) {
    report(Call, Call->getRParenLoc(), IDs.NoArgs) << Call->getSourceRange();
    return;
  }
  const Expr *First = Call->getArg(0);
  const Expr *Stripped = followInitializers(stripToName(First));
  const auto *Ref = dyn_cast<DeclRefExpr>(Stripped);
  const auto *Primal = Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
  if (const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Primal);
      Method && !Method->isStatic()) {
    report(Call, First->getBeginLoc(), IDs.NotPlainFunction)
        << 2 << First->getSourceRange();
    return;
  }
  if (!Primal) {
    if (std::optional<unsigned> Kind = callableObjectKind(Stripped))
      report(Call, First->getBeginLoc(), IDs.NotPlainFunction)
          << *Kind << First->getSourceRange();
    else
      report(Call, First->getBeginLoc(), IDs.NotFunction)
          << First->getSourceRange();
    return;
  }
  checkArguments({Call, Mode, Primal, nameOf(Primal)});
}

void RequestVisitor::checkArguments(const Request &R) {
  const CallExpr *Call = R.Call;
  const bool Reverse = R.Mode == RequestMode::Reverse;
  // Without a prototype (K&R C) the parameters are unknown: leave it to the
  // IR pass, which sees the definition.
  const auto *Proto = R.Primal->getType()->getAs<FunctionProtoType>();
  if (!Proto)
    return;
  if (Proto->isVariadic()) {
    report(Call, Call->getArg(0)->getBeginLoc(), IDs.Variadic)
        << R.PrimalName << Call->getArg(0)->getSourceRange();
    return;
  }
  // Parameter names come from the definition when there is one.
  const FunctionDecl *Decl = R.Primal->getDefinition();
  if (!Decl)
    Decl = R.Primal;

  const unsigned NumArgs = Call->getNumArgs();
  const unsigned Given = NumArgs - 1;
  unsigned Next = 1;   // Index of the next unconsumed argument.
  unsigned Needed = 0; // Arguments the request needs after the function.
  unsigned Lanes = 1;  // Shadows per active argument (enzyme_width).
  // The request's options right after the function, in either order:
  // `enzyme_width, N` and `eddy_tape_budget, B`.
  bool SawWidth = false, SawBudget = false;
  while (Next < NumArgs) {
    const Expr *Arg = Call->getArg(Next);
    if (SawBudget && isBudgetMarker(Arg)) {
      Reported.insert(Call->getBeginLoc().getRawEncoding());
      reportBudgetTwice(Diags, Arg);
      return;
    }
    if (isBudgetMarker(Arg)) {
      if (!checkBudgetOption(Ctx, Diags, Call, Reverse, Next)) {
        Reported.insert(Call->getBeginLoc().getRawEncoding());
        return;
      }
      SawBudget = true;
      Next += 2;
      Needed += 2;
      continue;
    }
    const VarDecl *M = markerLikeGlobal(Arg);
    if (SawWidth || !M || !isWidthMarker(M->getName()))
      break;
    Expr::EvalResult Value;
    bool Constant =
        Next + 1 < NumArgs && Call->getArg(Next + 1)->EvaluateAsInt(Value, Ctx);
    if (!Constant || Value.Val.getInt() < 1 || Value.Val.getInt() > 64) {
      report(Call, Arg->getBeginLoc(), IDs.BadWidth)
          << M->getName() << Arg->getSourceRange();
      return;
    }
    Lanes = Value.Val.getInt().getZExtValue();
    SawWidth = true;
    Next += 2;
    Needed += 2;
  }
  unsigned Outs = 0;   // Active scalars whose adjoints a reverse request returns.
  const ParmVarDecl *ShortParam = nullptr;
  Slot ShortSlot = Slot::Value;
  unsigned ShortReason = 0; // Index into MissingFor's last %select.
  // The first argument of the wrong kind. Reported only if the count is
  // right: a forgotten shadow shifts every later argument, and then the
  // count is the real mistake.
  struct TypeMismatch {
    const Expr *Arg;
    const ParmVarDecl *Param;
    Slot S;
    TypeClass Got, Expected;
  };
  std::optional<TypeMismatch> Mismatch;
  // The first pointer to memory of another type than its parameter's.
  struct PointeeMismatch {
    const Expr *Arg;
    const ParmVarDecl *Param;
    Slot S;
    QualType Got, Expected;
  };
  std::optional<PointeeMismatch> WrongMemory;

  for (const ParmVarDecl *Param : Decl->parameters()) {
    const TypeClass Class = paramClass(Param->getType());
    std::optional<Activity> Marked;
    if (Next < NumArgs) {
      const Expr *Arg = Call->getArg(Next);
      if (isBudgetMarker(Arg)) {
        Reported.insert(Call->getBeginLoc().getRawEncoding());
        reportMisplacedBudget(Diags, Arg);
        return;
      }
      if (const VarDecl *Marker = markerLikeGlobal(Arg)) {
        Marked = knownMarker(Marker);
        if (!Marked && Marker->getName() == "enzyme_context") {
          report(Call, Arg->getBeginLoc(), IDs.ContextMarker)
              << Arg->getSourceRange();
          return;
        }
        if (!Marked) {
          reportUnknownMarker(Call, Arg, Marker);
          return;
        }
        if (!checkMarker(R, *Marked, Marker, Arg, Param, Class))
          return;
        ++Next;
        ++Needed;
      }
    }

    // The parameter's activity: the marker's, or the documented default.
    Activity Act;
    if (Marked)
      Act = *Marked;
    else if (Class == TypeClass::Integer)
      Act = Activity::Const;
    else if (Class == TypeClass::Floating)
      Act = Reverse ? Activity::Out : Activity::Dup;
    else if (Class == TypeClass::Pointer)
      Act = Activity::Dup;
    else
      // Aggregates, vectors, complex numbers: their lowering decides how
      // many arguments they take, so only the IR pass can count them.
      return;
    Outs += Act == Activity::Out ? Lanes : 0;
    const bool HasShadow = Act == Activity::Dup || Act == Activity::DupNoNeed;
    const unsigned Width = HasShadow ? 1 + Lanes : 1;
    const Slot Second =
        Class == TypeClass::Floating ? Slot::Tangent : Slot::Shadow;
    // Why a second argument is needed when the user wrote no marker.
    const unsigned Reason = Marked                          ? 0
                            : Class == TypeClass::Pointer  ? 1
                            : Class == TypeClass::Floating ? 2
                                                           : 0;

    for (unsigned K = 0; K < Width; ++K, ++Next) {
      Slot S = K == 0 ? Slot::Value : Second;
      if (Next >= NumArgs) {
        if (!ShortParam) {
          ShortParam = Param;
          ShortSlot = S;
          ShortReason = S == Slot::Value ? 0 : Reason;
        }
        continue;
      }
      const Expr *Arg = Call->getArg(Next);
      if (const VarDecl *Marker = markerLikeGlobal(Arg)) {
        if (!knownMarker(Marker) && !isWidthMarker(Marker->getName())) {
          reportUnknownMarker(Call, Arg, Marker);
          return;
        }
        report(Call, Arg->getBeginLoc(), IDs.MarkerAsValue)
            << static_cast<unsigned>(S) << Param->getName() << R.PrimalName
            << Marker->getName() << Arg->getSourceRange();
        return;
      }
      // A shadow has the parameter's type; a variadic argument is passed
      // as it is, so its kind must match the parameter's.
      TypeClass Got = argClass(Arg);
      if (Class != TypeClass::Other && Got != TypeClass::Other &&
          Got != Class && !Mismatch)
        Mismatch = {Arg, Param, S, Got, Class};
      if (Class == TypeClass::Pointer && Got == Class && !WrongMemory)
        if (std::optional<QualType> Want = wrongPointee(Param, Arg))
          WrongMemory = {Arg, Param, S, argPointee(Arg).getUnqualifiedType(),
                         Want->getUnqualifiedType()};
    }
    Needed += Width;
  }

  if (ShortParam) {
    report(Call, Call->getRParenLoc(), IDs.TooFew)
        << R.PrimalName << Needed << Given << Call->getSourceRange();
    Diags.Report(ShortParam->getLocation(), IDs.MissingFor)
        << static_cast<unsigned>(ShortSlot) << ShortParam->getName()
        << ShortReason;
    Diags.Report(Decl->getLocation(), IDs.DeclaredHere)
        << R.PrimalName << Decl->getNumParams();
    return;
  }
  if (Next < NumArgs) {
    const Expr *Extra = Call->getArg(Next);
    // A trailing flag such as enzyme_primal_return is not an extra value.
    if (const VarDecl *Marker = markerLikeGlobal(Extra);
        Marker && !knownMarker(Marker) && !isWidthMarker(Marker->getName())) {
      reportUnknownMarker(Call, Extra, Marker);
      return;
    }
    report(Call, Extra->getBeginLoc(), IDs.TooMany)
        << R.PrimalName << Needed << Given << Extra->getSourceRange();
    Diags.Report(Decl->getLocation(), IDs.DeclaredHere)
        << R.PrimalName << Decl->getNumParams();
    return;
  }
  if (Mismatch) {
    bool LiteralHint = Mismatch->Got == TypeClass::Integer &&
                       Mismatch->Expected == TypeClass::Floating;
    report(Call, Mismatch->Arg->getBeginLoc(), IDs.WrongArgType)
        << static_cast<unsigned>(Mismatch->S) << Mismatch->Param->getName()
        << R.PrimalName << static_cast<unsigned>(Mismatch->Got)
        << static_cast<unsigned>(Mismatch->Expected) << LiteralHint
        << Mismatch->Arg->getSourceRange();
    return;
  }
  if (WrongMemory) {
    report(Call, WrongMemory->Arg->getBeginLoc(), IDs.WrongPointee)
        << static_cast<unsigned>(WrongMemory->S)
        << WrongMemory->Param->getName() << R.PrimalName << WrongMemory->Got
        << WrongMemory->Expected << WrongMemory->Arg->getSourceRange();
    return;
  }
  // A reverse request declared to return one floating-point value can carry
  // one adjoint only; more need a struct (or void and shadows).
  if (Reverse && Outs >= 2 && Call->getType()->isRealFloatingType())
    report(Call, Call->getBeginLoc(), IDs.TooManyResults)
        << R.PrimalName << Outs << Outs / Lanes << Lanes << Call->getSourceRange();
  // With no adjoint to return, the result has no value. Whether it is used
  // is decided here, on the source: in the IR an unused variable may vanish
  // at -O1 and above but not at -O0, which made the verdict level-dependent.
  if (Reverse && Outs == 0 && !Call->getType()->isVoidType() &&
      isResultUsed(Call))
    report(Call, Call->getBeginLoc(), IDs.NoResult)
        << R.PrimalName << Call->getSourceRange();
}

void RequestVisitor::reportUnknownMarker(const CallExpr *Call,
                                         const Expr *Arg,
                                         const VarDecl *Marker) {
  if (std::optional<StringRef> Remedy =
          unservedMarkerRemedy(Marker->getName())) {
    report(Call, Arg->getBeginLoc(), IDs.UnservedMarker)
        << Marker->getName() << *Remedy << Arg->getSourceRange();
    return;
  }
  report(Call, Arg->getBeginLoc(), IDs.UnknownMarker)
      << Marker->getName() << markerList() << Arg->getSourceRange();
}

bool RequestVisitor::checkMarker(const Request &R, Activity Marked,
                                 const VarDecl *Marker, const Expr *Arg,
                                 const ParmVarDecl *Param, TypeClass Class) {
  const CallExpr *Call = R.Call;
  const bool Reverse = R.Mode == RequestMode::Reverse;
  if (Marked == Activity::Out) {
    if (!Reverse) {
      report(Call, Arg->getBeginLoc(), IDs.OutInForward)
          << Param->getName() << R.PrimalName << Arg->getSourceRange();
      return false;
    }
    if (Class == TypeClass::Integer || Class == TypeClass::Pointer) {
      report(Call, Arg->getBeginLoc(), IDs.OutOnNonFloat)
          << (Class == TypeClass::Pointer ? 1 : 0) << Param->getName()
          << R.PrimalName << Arg->getSourceRange();
      return false;
    }
  }
  if (Marked == Activity::Dup || Marked == Activity::DupNoNeed) {
    bool Integer = Class == TypeClass::Integer;
    if (Integer || (Class == TypeClass::Floating && Reverse)) {
      report(Call, Arg->getBeginLoc(), IDs.ShadowOnScalar)
          << Marker->getName() << Param->getName() << R.PrimalName
          << (Integer ? 0 : 1) << Arg->getSourceRange();
      return false;
    }
  }
  return true;
}

class RequestChecker : public ASTConsumer {
public:
  explicit RequestChecker(DiagnosticsEngine &Diags) : Diags(Diags) {}

  // The whole translation unit is needed: a request is a call to a function
  // that is declared but never defined, which is only known at the end.
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Diags.hasFatalErrorOccurred())
      return;
    RequestVisitor(Ctx, Diags).TraverseDecl(Ctx.getTranslationUnitDecl());
  }

private:
  DiagnosticsEngine &Diags;
};

} // namespace

std::unique_ptr<ASTConsumer> createRequestChecker(DiagnosticsEngine &Diags) {
  return std::make_unique<RequestChecker>(Diags);
}

} // namespace eddy
