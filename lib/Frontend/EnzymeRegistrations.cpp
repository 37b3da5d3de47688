//===- EnzymeRegistrations.cpp - Shape checks of Enzyme's registrations ---===//
//
// Enzyme's registration globals (void *__enzyme_register_gradient_f[] = {...}
// and the others in Eddy/Analysis/Registrations.h) are plain arrays to the
// compiler: a wrong entry count or an entry that is not a function would only
// show in IR, with no line. This checks their shape where they are written;
// signatures are checked at the call that needs the rule (the passes).
//===----------------------------------------------------------------------===//
#include "EnzymeRegistrations.h"
#include "Eddy/Rules/ElementaryRules.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/Diagnostic.h"

using namespace clang;

namespace eddy {
namespace {

enum class Kind { Gradient, Derivative, SplitDerivative, FunctionLike, AllocationLike };

struct KindInfo {
  llvm::StringLiteral Prefix;
  Kind K;
  const char *Shape; ///< What the initializer must list, for the message.
};

// __enzyme_register_splitderivative before __enzyme_register_derivative,
// which is a substring of it.
constexpr KindInfo Kinds[] = {
    {"__enzyme_register_gradient", Kind::Gradient,
     "{function, augmented forward, reverse}"},
    {"__enzyme_register_splitderivative", Kind::SplitDerivative, ""},
    {"__enzyme_register_derivative", Kind::Derivative, "{function, derivative}"},
    {"__enzyme_function_like", Kind::FunctionLike,
     "{function, \"name of a libm function\"}"},
    {"__enzyme_allocation_like", Kind::AllocationLike,
     "{allocation function, (void *)index of its size argument, "
     "\"deallocation arguments\", deallocation function}"},
};

const FunctionDecl *namedFunction(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenCasts();
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? dyn_cast<FunctionDecl>(Ref->getDecl()) : nullptr;
}

const StringLiteral *namedString(const Expr *E) {
  return dyn_cast<StringLiteral>(E->IgnoreParenCasts());
}

class Checker : public ASTConsumer, public RecursiveASTVisitor<Checker> {
public:
  explicit Checker(DiagnosticsEngine &D) : D(D) {}

  void HandleTranslationUnit(ASTContext &Ctx) override {
    this->Ctx = &Ctx;
    TraverseDecl(Ctx.getTranslationUnitDecl());
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (!VD->hasGlobalStorage() || !VD->getIdentifier() || VD->isTemplated())
      return true;
    StringRef Name = VD->getName();
    for (const KindInfo &K : Kinds)
      if (Name.contains(K.Prefix)) {
        check(VD, K);
        break;
      }
    return true;
  }

private:
  void error(SourceLocation Loc, const llvm::Twine &Msg) {
    D.Report(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg.str();
  }

  void check(VarDecl *VD, const KindInfo &K) {
    std::string Reg = "'" + VD->getName().str() + "'";
    if (K.K == Kind::SplitDerivative)
      return error(VD->getLocation(),
                   Reg + ": Enzyme's forward split mode (__enzyme_fwdsplit) "
                         "is not supported by Eddy; register the derivative "
                         "with __enzyme_register_derivative instead");
    const auto *Init = dyn_cast_or_null<InitListExpr>(
        VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr);
    if (!Init) {
      if (VD->isThisDeclarationADefinition() == VarDecl::Definition ||
          VD->getInit())
        error(VD->getLocation(), Reg + " must be initialized with " + K.Shape);
      return;
    }
    unsigned Want = K.K == Kind::Gradient         ? 3
                    : K.K == Kind::AllocationLike ? 4
                                                  : 2;
    if (Init->getNumInits() != Want)
      return error(Init->getBeginLoc(),
                   Reg + " must list " + K.Shape + ": " + llvm::Twine(Want) +
                       " entries, not " + llvm::Twine(Init->getNumInits()));
    auto Entry = [&](unsigned I) { return Init->getInit(I); };
    auto NeedFunction = [&](unsigned I, const char *What) {
      if (namedFunction(Entry(I)))
        return true;
      error(Entry(I)->getBeginLoc(), Reg + " must list " + K.Shape + ": entry " +
                                         llvm::Twine(I + 1) + " must name the " +
                                         What + " (a function)");
      return false;
    };
    switch (K.K) {
    case Kind::Gradient:
      NeedFunction(0, "function") && NeedFunction(1, "augmented forward") &&
          NeedFunction(2, "reverse");
      return;
    case Kind::Derivative:
      NeedFunction(0, "function") && NeedFunction(1, "derivative");
      return;
    case Kind::FunctionLike: {
      if (!NeedFunction(0, "function"))
        return;
      const StringLiteral *S = namedString(Entry(1));
      if (!S)
        return error(Entry(1)->getBeginLoc(),
                     Reg + " must list " + K.Shape +
                         ": entry 2 must be the name of a libm function, as "
                         "a string literal (\"log1p\")");
      if (!hasElementaryRule(S->getString()))
        return error(Entry(1)->getBeginLoc(),
                     Reg + ": Eddy has no derivative rule for '" +
                         S->getString() +
                         "'; name a libm function Eddy differentiates "
                         "(README.md lists them)");
      return;
    }
    case Kind::AllocationLike:
      return checkAllocationLike(Reg + " must list " + K.Shape, Init,
                                 NeedFunction);
    case Kind::SplitDerivative:
      return;
    }
  }

  template <typename NeedFn>
  void checkAllocationLike(const std::string &Where, const InitListExpr *Init,
                           NeedFn &NeedFunction) {
    if (!NeedFunction(0, "allocation function"))
      return;
    const FunctionDecl *Alloc = namedFunction(Init->getInit(0));
    unsigned NumParams = Alloc->getNumParams();
    Expr::EvalResult R;
    const Expr *Index = Init->getInit(1)->IgnoreParenCasts();
    if (!Index->EvaluateAsInt(R, *Ctx) || R.Val.getInt().isNegative() ||
        R.Val.getInt().getZExtValue() >= NumParams ||
        !Alloc->getParamDecl(R.Val.getInt().getZExtValue())
             ->getType()
             ->isIntegerType())
      return error(Init->getInit(1)->getBeginLoc(),
                   Where + ": entry 2 must be the index of the integer size "
                         "parameter of '" + Alloc->getName() +
                         "', as (void *)K with K < " + llvm::Twine(NumParams));
    const StringLiteral *S = namedString(Init->getInit(2));
    bool Valid = S != nullptr;
    if (S) {
      llvm::SmallVector<StringRef, 2> Parts;
      S->getString().split(Parts, ',');
      for (StringRef P : Parts) {
        int K;
        Valid &= !P.trim().getAsInteger(10, K) && K >= -1 && K < (int)NumParams;
      }
    }
    if (!Valid)
      return error(Init->getInit(2)->getBeginLoc(),
                   Where + ": entry 3 must be a string listing, for each "
                         "parameter of the deallocation function, the index "
                         "of the parameter of '" + Alloc->getName() +
                         "' it takes, or -1 for the allocated block (\"2,-1\")");
    NeedFunction(3, "deallocation function");
  }

  DiagnosticsEngine &D;
  ASTContext *Ctx = nullptr;
};

} // namespace

std::unique_ptr<ASTConsumer> createEnzymeRegistrationChecker(DiagnosticsEngine &D) {
  return std::make_unique<Checker>(D);
}

} // namespace eddy
