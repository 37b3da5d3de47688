//===- CheckpointPlacement.cpp - The checkpoint marker in the loop body ---===//
//
// Before the code generator sees a top-level declaration (or a template
// instantiation), each placeholder that `#pragma eddy checkpoint(...)` left
// (CheckpointPragma.h) is checked and lowered: the statement after it, in the
// same compound statement, must be a for, while or do loop (through labels
// and attributes such as `#pragma clang loop`), and the call
//
//   __eddy_checkpoint(int kind, long long param)   // declare void (i32, i64)
//
// located at the pragma, becomes the first statement of that loop's body, so
// that it runs once per iteration, inside the loop in the IR. A `;`
// placeholder stays where it was and generates nothing. The loop also gets
// `#pragma clang loop unroll(disable)` (unless it has an unroll hint), so
// the loop and its one marker reach Eddy's pass at every -O level.
//
// A template's pattern is checked (so an error does not wait for an
// instantiation, and is reported once) but not changed; each instantiation
// gets its own call. A pragma whose placeholder is in no function (an empty
// declaration `;` at namespace or class scope) is reported at the end.
//===----------------------------------------------------------------------===//
#include "CheckpointPragma.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Sema/Sema.h"
#include "clang/Sema/SemaConsumer.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang;

namespace eddy {
namespace {

/// What the consumer keeps across declarations.
struct PlacementState {
  std::shared_ptr<CheckpointPragmaTable> Table;
  /// Placeholders (a `{}` statement or the typedef) seen in a compound
  /// statement, which lowers them; a placeholder found elsewhere is misplaced.
  /// Template instantiation may share statements that do not depend on the
  /// template's parameters with the pattern (and between instantiations), so
  /// this only says where a placeholder was seen, and lowering a loop that
  /// already has its call does nothing.
  llvm::DenseSet<const void *> InCompound;
  /// Pragmas already reported: a template's pattern and its instantiations
  /// share the pragma.
  llvm::DenseSet<unsigned> Reported;
  /// Pragmas whose placeholder was found in a function. At the end of the
  /// translation unit, the others were outside any function body.
  llvm::DenseSet<unsigned> Seen;
  /// `void __eddy_checkpoint(int, long long)`, made on first use.
  FunctionDecl *Marker = nullptr;
};

/// A placeholder found in the AST: the pragma, the node that marks it, and
/// the expression for S or K if it was not a literal.
struct Placeholder {
  unsigned Index;
  const void *Node;
  Expr *Count = nullptr;
};

Stmt *loopBody(Stmt *Loop) {
  if (auto *F = dyn_cast<ForStmt>(Loop))
    return F->getBody();
  if (auto *W = dyn_cast<WhileStmt>(Loop))
    return W->getBody();
  if (auto *D = dyn_cast<DoStmt>(Loop))
    return D->getBody();
  if (auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return R->getBody();
  return nullptr;
}

void setLoopBody(Stmt *Loop, Stmt *Body) {
  if (auto *F = dyn_cast<ForStmt>(Loop))
    F->setBody(Body);
  else if (auto *W = dyn_cast<WhileStmt>(Loop))
    W->setBody(Body);
  else if (auto *D = dyn_cast<DoStmt>(Loop))
    D->setBody(Body);
  else
    cast<CXXForRangeStmt>(Loop)->setBody(Body);
}

/// A statement as the loop it is, through labels and attributes (a
/// `#pragma clang loop` hint is an AttributedStmt around the loop).
Stmt *asLoop(Stmt *S) {
  while (S) {
    if (auto *L = dyn_cast<LabelStmt>(S))
      S = L->getSubStmt();
    else if (auto *A = dyn_cast<AttributedStmt>(S))
      S = A->getSubStmt();
    else
      break;
  }
  return S && loopBody(S) ? S : nullptr;
}

class Placer : public RecursiveASTVisitor<Placer> {
  using Base = RecursiveASTVisitor<Placer>;

public:
  Placer(Sema &S, PlacementState &State)
      : S(S), Ctx(S.getASTContext()), State(State), Table(*State.Table) {}

  // Instantiations are handed to the consumer one by one.
  bool shouldVisitTemplateInstantiations() const { return false; }

  bool TraverseDecl(Decl *D) {
    auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (FD)
      Functions.push_back(FD);
    bool Continue = Base::TraverseDecl(D);
    if (FD)
      Functions.pop_back();
    return Continue;
  }

  bool TraverseLambdaExpr(LambdaExpr *E) {
    Functions.push_back(E->getCallOperator());
    bool Continue = Base::TraverseLambdaExpr(E);
    Functions.pop_back();
    return Continue;
  }

  bool VisitCompoundStmt(CompoundStmt *CS) {
    if (std::optional<Placeholder> P = placeholderOf(CS)) {
      checkOrphan(*P);
      return true;
    }
    ArrayRef<Stmt *> Body(CS->body_begin(), CS->size());
    for (size_t I = 0; I < Body.size(); ++I) {
      std::optional<Placeholder> P = placeholderOf(Body[I]);
      if (!P)
        continue;
      State.InCompound.insert(P->Node);
      State.Seen.insert(P->Index);
      if (place(*P, I + 1 < Body.size() ? &CS->body_begin()[I + 1] : nullptr))
        CS->body_begin()[I] = withoutPlaceholder(Body[I]);
    }
    return true;
  }

  bool VisitNullStmt(NullStmt *NS) {
    if (std::optional<Placeholder> P = placeholderOf(NS))
      checkOrphan(*P);
    return true;
  }

  bool VisitTypedefDecl(TypedefDecl *TD) {
    std::optional<unsigned> Index = Table.byTypedefName(TD->getName());
    if (!Index)
      return true;
    if (!TD->getDeclContext()->isFunctionOrMethod())
      report(*Index, OutsideFunction);
    else
      checkOrphan(Placeholder{*Index, TD});
    return true;
  }

  /// Reports the pragmas whose placeholder was never found in a function:
  /// an empty declaration `;` outside one.
  void reportUnseen() {
    for (unsigned I = 0, E = Table.size(); I != E; ++I)
      if (!State.Seen.count(I))
        report(I, OutsideFunction);
  }

private:
  enum Problem { NotFollowedByLoop, OutsideFunction, Twice, InConstexpr };

  /// A placeholder met on its own: unless the compound statement around it
  /// lowered it, it is the body of an if, a loop, ...
  void checkOrphan(const Placeholder &P) {
    State.Seen.insert(P.Index);
    if (!State.InCompound.count(P.Node))
      report(P.Index, NotFollowedByLoop);
  }

  /// The placeholder \p St is, or is labelled with (`case 1:` or `L:`
  /// before the pragma).
  std::optional<Placeholder> placeholderOf(Stmt *St) const {
    while (St) {
      if (auto *L = dyn_cast<LabelStmt>(St))
        St = L->getSubStmt();
      else if (auto *C = dyn_cast<SwitchCase>(St))
        St = C->getSubStmt();
      else
        break;
    }
    if (auto *NS = dyn_cast_or_null<NullStmt>(St)) {
      if (std::optional<unsigned> I = Table.bySemi(NS->getSemiLoc()))
        return Placeholder{*I, NS};
      return std::nullopt;
    }
    if (auto *CS = dyn_cast_or_null<CompoundStmt>(St)) {
      // `{ (void)(S); }`
      std::optional<unsigned> I =
          Table.byBraces(CS->getLBracLoc(), CS->getRBracLoc());
      auto *Cast = I && CS->size() == 1
                       ? dyn_cast<CStyleCastExpr>(CS->body_front())
                       : nullptr;
      if (!Cast)
        return std::nullopt;
      return Placeholder{*I, CS, Cast->getSubExpr()->IgnoreParens()};
    }
    auto *DS = dyn_cast_or_null<DeclStmt>(St);
    if (!DS || !DS->isSingleDecl())
      return std::nullopt;
    auto *TD = dyn_cast<TypedefDecl>(DS->getSingleDecl());
    if (!TD)
      return std::nullopt;
    std::optional<unsigned> I = Table.byTypedefName(TD->getName());
    if (!I)
      return std::nullopt;
    Expr *Count = nullptr;
    if (const auto *DT = TD->getTypeSourceInfo()->getType()->getAs<DecltypeType>())
      Count = DT->getUnderlyingExpr();
    return Placeholder{*I, TD, Count};
  }

  /// Lowers pragma \p Index, whose placeholder is followed by the statement
  /// in \p NextSlot (a child of the compound statement).
  /// Returns whether the loop got its call.
  bool place(const Placeholder &P, Stmt **NextSlot) {
    unsigned Index = P.Index;
    Stmt *Next = NextSlot ? *NextSlot : nullptr;
    if (Next && placeholderOf(Next)) {
      report(Index, Twice);
      return false;
    }
    Stmt *Loop = asLoop(Next);
    if (!Loop) {
      report(Index, NotFollowedByLoop);
      return false;
    }
    FunctionDecl *Fn = Functions.empty() ? nullptr : Functions.back();
    if (!Fn)
      return false;
    if (isLambdaCallOperator(Fn) ? Fn->isConsteval() : Fn->isConstexpr()) {
      report(Index, InConstexpr, Fn);
      return false;
    }
    std::optional<uint64_t> Count = countOf(P, *Fn);
    // A pattern is only checked; its instantiations are lowered.
    if (!Count || Fn->isDependentContext())
      return false;
    insertMarker(Loop, Table.get(Index), *Count);
    *NextSlot = withUnrollingDisabled(Next);
    return true;
  }

  /// \p S (the placeholder, maybe labelled) with a `{ (void)(S); }`
  /// placeholder replaced by a null statement: the code generator would
  /// give the block's end a debug location at the pragma.
  Stmt *withoutPlaceholder(Stmt *S) {
    if (auto *L = dyn_cast<LabelStmt>(S))
      L->setSubStmt(withoutPlaceholder(L->getSubStmt()));
    else if (auto *C = dyn_cast<CaseStmt>(S))
      C->setSubStmt(withoutPlaceholder(C->getSubStmt()));
    else if (auto *D = dyn_cast<DefaultStmt>(S))
      D->setSubStmt(withoutPlaceholder(D->getSubStmt()));
    else if (isa<CompoundStmt>(S))
      return new (Ctx) NullStmt(S->getBeginLoc());
    return S;
  }

  /// \p S, the loop through labels and attributes, with `unroll(disable)`
  /// added to its loop hints unless it has an unroll hint already. Full
  /// unrolling and peeling run before Eddy's pass at -O1 and above; they
  /// would copy the marker and remove the loop, so the pass would see a
  /// different program at each level.
  Stmt *withUnrollingDisabled(Stmt *S) {
    if (auto *L = dyn_cast<LabelStmt>(S)) {
      L->setSubStmt(withUnrollingDisabled(L->getSubStmt()));
      return L;
    }
    SmallVector<const Attr *, 4> Attrs;
    Stmt *Loop = S;
    SourceLocation AttrLoc = S->getBeginLoc();
    if (auto *A = dyn_cast<AttributedStmt>(S)) {
      for (const Attr *At : A->getAttrs())
        if (const auto *Hint = dyn_cast<LoopHintAttr>(At))
          if (Hint->getOption() == LoopHintAttr::Unroll ||
              Hint->getOption() == LoopHintAttr::UnrollCount)
            return S;
      if (!loopBody(A->getSubStmt())) // Attributes on a label on the loop.
        return S;
      Attrs.append(A->getAttrs().begin(), A->getAttrs().end());
      Loop = A->getSubStmt();
      AttrLoc = A->getAttrLoc();
    }
    Attrs.push_back(LoopHintAttr::CreateImplicit(
        Ctx, LoopHintAttr::Unroll, LoopHintAttr::Disable, /*Value=*/nullptr,
        Loop->getBeginLoc()));
    return AttributedStmt::Create(Ctx, AttrLoc, Attrs, Loop);
  }

  /// S or K: the literal, or the value of the expression (nothing, in a
  /// template's pattern, if it depends on the template's parameters).
  std::optional<uint64_t> countOf(const Placeholder &P, const FunctionDecl &Fn) {
    const CheckpointPragma &Pragma = Table.get(P.Index);
    Expr *E = P.Count;
    if (!E)
      return Pragma.Param;
    if (E->isValueDependent() || E->isTypeDependent() || E->containsErrors())
      return std::nullopt;
    std::optional<llvm::APSInt> Value = E->getIntegerConstantExpr(Ctx);
    CountProblem Problem =
        Value ? checkCount(Pragma.Kind, *Value) : NotInteger;
    if (Problem != CountOk) {
      if (reportAt(P.Index, E->getBeginLoc(), countProblem(Pragma.Kind, Problem)))
        noteInstantiation(Fn);
      return std::nullopt;
    }
    return Value->getZExtValue();
  }

  void insertMarker(Stmt *Loop, const CheckpointPragma &P, uint64_t Count) {
    Stmt *Body = loopBody(Loop);
    if (hasMarker(Body, P))
      return;
    SmallVector<Stmt *, 16> Stmts{makeMarkerCall(P, Count)};
    FPOptionsOverride FP;
    SourceLocation LBrace = Body->getBeginLoc(), RBrace = Body->getEndLoc();
    if (auto *CS = dyn_cast<CompoundStmt>(Body)) {
      Stmts.append(CS->body_begin(), CS->body_end());
      if (CS->hasStoredFPFeatures())
        FP = CS->getStoredFPFeatures();
      LBrace = CS->getLBracLoc();
      RBrace = CS->getRBracLoc();
    } else {
      Stmts.push_back(Body);
    }
    setLoopBody(Loop, CompoundStmt::Create(Ctx, Stmts, FP, LBrace, RBrace));
  }

  /// Whether \p Body starts with the call for \p P (the loop is shared with
  /// a template instantiation that was lowered before).
  bool hasMarker(Stmt *Body, const CheckpointPragma &P) const {
    auto *CS = dyn_cast<CompoundStmt>(Body);
    auto *Call = CS && CS->size() ? dyn_cast<CallExpr>(CS->body_front()) : nullptr;
    return Call && State.Marker && Call->getDirectCallee() == State.Marker &&
           Call->getBeginLoc() == P.Loc;
  }

  /// `__eddy_checkpoint(kind, param)`, every node at the pragma.
  CallExpr *makeMarkerCall(const CheckpointPragma &P, uint64_t Count) {
    FunctionDecl *Marker = markerDecl(P.Loc);
    QualType FnTy = Marker->getType();
    // Sema's value kinds: a function name is an lvalue in C++ only.
    auto *Ref = DeclRefExpr::Create(
        Ctx, NestedNameSpecifierLoc(), SourceLocation(), Marker,
        /*RefersToEnclosingVariableOrCapture=*/false, P.Loc, FnTy,
        Ctx.getLangOpts().CPlusPlus ? VK_LValue : VK_PRValue);
    Expr *Callee = ImplicitCastExpr::Create(
        Ctx, Ctx.getPointerType(FnTy), CK_FunctionToPointerDecay, Ref,
        /*BasePath=*/nullptr, VK_PRValue, FPOptionsOverride());
    Expr *Args[] = {
        IntegerLiteral::Create(
            Ctx, llvm::APInt(Ctx.getIntWidth(Ctx.IntTy), unsigned(P.Kind)),
            Ctx.IntTy, P.Loc),
        IntegerLiteral::Create(
            Ctx, llvm::APInt(Ctx.getIntWidth(Ctx.LongLongTy), Count),
            Ctx.LongLongTy, P.Loc)};
    return CallExpr::Create(Ctx, Callee, Args, Ctx.VoidTy, VK_PRValue, P.Loc,
                            FPOptionsOverride());
  }

  /// `extern void __eddy_checkpoint(int, long long) noexcept
  /// __asm__("__eddy_checkpoint")`, declared once for the translation
  /// unit but never added to it (no name lookup finds it). The label keeps
  /// C++'s mangling off the symbol; nothrow makes the call a `call`, never an
  /// `invoke`, with destructors in scope.
  FunctionDecl *markerDecl(SourceLocation Loc) {
    if (State.Marker)
      return State.Marker;
    QualType Params[] = {Ctx.IntTy, Ctx.LongLongTy};
    FunctionProtoType::ExtProtoInfo EPI;
    if (Ctx.getLangOpts().CPlusPlus)
      EPI.ExceptionSpec.Type = EST_BasicNoexcept;
    QualType FnTy = Ctx.getFunctionType(Ctx.VoidTy, Params, EPI);
    auto *FD = FunctionDecl::Create(
        Ctx, Ctx.getTranslationUnitDecl(), Loc, Loc,
        DeclarationName(&Ctx.Idents.get(CheckpointMarkerSymbol)), FnTy,
        Ctx.getTrivialTypeSourceInfo(FnTy, Loc), SC_Extern);
    SmallVector<ParmVarDecl *, 2> Parms;
    for (QualType T : Params) {
      ParmVarDecl *Parm = ParmVarDecl::Create(
          Ctx, FD, Loc, Loc, /*Id=*/nullptr, T,
          Ctx.getTrivialTypeSourceInfo(T, Loc), SC_None, /*DefArg=*/nullptr);
      Parm->setScopeInfo(0, Parms.size());
      Parms.push_back(Parm);
    }
    FD->setParams(Parms);
    FD->addAttr(AsmLabelAttr::CreateImplicit(Ctx, CheckpointMarkerSymbol,
                                             /*IsLiteralLabel=*/false));
    FD->addAttr(NoThrowAttr::CreateImplicit(Ctx));
    FD->setImplicit();
    State.Marker = FD;
    return FD;
  }

  void report(unsigned Index, Problem What, const FunctionDecl *Fn = nullptr) {
    std::string Msg;
    switch (What) {
    case NotFollowedByLoop:
      Msg = "'#pragma eddy checkpoint' must be followed by a for, while or do "
            "loop";
      break;
    case OutsideFunction:
      Msg = "'#pragma eddy checkpoint' must be in a function body, on the "
            "line before a for, while or do loop";
      break;
    case Twice:
      Msg = "'#pragma eddy checkpoint' is followed by another '#pragma eddy "
            "checkpoint'; a loop takes one";
      break;
    case InConstexpr:
      Msg = "'#pragma eddy checkpoint' cannot be used in constexpr function '" +
            Fn->getNameAsString() +
            "': a checkpointed loop runs at run time; remove 'constexpr'";
      break;
    }
    reportAt(Index, Table.get(Index).Loc, Msg);
  }

  /// Reports \p Msg for pragma \p Index at \p Loc, unless that pragma was
  /// reported already (in a template's pattern or another instantiation).
  bool reportAt(unsigned Index, SourceLocation Loc, const std::string &Msg) {
    if (!State.Reported.insert(Index).second)
      return false;
    DiagnosticsEngine &D = S.getDiagnostics();
    D.Report(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg;
    return true;
  }

  /// Where the template instantiation \p Fn, whose S or K was wrong, was
  /// asked for.
  void noteInstantiation(const FunctionDecl &Fn) {
    SourceLocation Where = Fn.getPointOfInstantiation();
    if (Where.isInvalid())
      return;
    std::string Name;
    llvm::raw_string_ostream OS(Name);
    Fn.getNameForDiagnostic(OS, Ctx.getPrintingPolicy(), /*Qualified=*/true);
    DiagnosticsEngine &D = S.getDiagnostics();
    D.Report(Where, D.getCustomDiagID(DiagnosticsEngine::Note,
                                      "in the instantiation of '%0' here"))
        << OS.str();
  }

  Sema &S;
  ASTContext &Ctx;
  PlacementState &State;
  CheckpointPragmaTable &Table;
  SmallVector<FunctionDecl *, 4> Functions;
};

class CheckpointLowering : public SemaConsumer {
public:
  explicit CheckpointLowering(std::shared_ptr<CheckpointPragmaTable> Table) {
    State.Table = std::move(Table);
  }

  void InitializeSema(Sema &Sem) override {
    S = &Sem;
    State.Table->S = &Sem;
  }
  void ForgetSema() override {
    S = nullptr;
    State.Table->S = nullptr;
  }

  bool HandleTopLevelDecl(DeclGroupRef DG) override {
    if (!S)
      return true;
    for (Decl *D : DG)
      Placer(*S, State).TraverseDecl(D);
    return true;
  }

  // Before the code generator's: an error here still stops it.
  void HandleTranslationUnit(ASTContext &) override {
    if (S)
      Placer(*S, State).reportUnseen();
  }

private:
  Sema *S = nullptr;
  PlacementState State;
};

} // namespace

std::unique_ptr<ASTConsumer> createCheckpointLowering(CompilerInstance &CI) {
  auto Table = std::make_shared<CheckpointPragmaTable>();
  registerEddyPragmas(CI.getPreprocessor(), Table);
  return std::make_unique<CheckpointLowering>(std::move(Table));
}

} // namespace eddy
