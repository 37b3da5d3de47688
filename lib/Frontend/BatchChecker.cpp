//===- BatchChecker.cpp - AST checks of batch requests --------------------===//
//
// `__enzyme_batch(f, enzyme_width, N, [marker] args...)`: after the width,
// each parameter of f takes N values (enzyme_vector, the default), one value
// (enzyme_scalar), or `enzyme_buffer, stride, pointer`. The rules match
// Request/Batch.cpp, which checks them again on the IR.
//===----------------------------------------------------------------------===//
#include "BatchChecker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Diagnostic.h"

#include <optional>

using namespace clang;

namespace eddy {
namespace {

enum class Kind { Vector, Scalar, Buffer };

/// The lanes' bound, as in Request/Batch.cpp.
constexpr unsigned MaxWidth = 64;

/// The declaration an argument names, through parentheses, casts, `&` and
/// substituted template arguments.
const ValueDecl *namedDecl(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<CastExpr>(E);
        Cast && Cast->getCastKind() != CK_UserDefinedConversion)
      E = Cast->getSubExpr();
    else if (const auto *U = dyn_cast<UnaryOperator>(E);
             U && (U->getOpcode() == UO_AddrOf || U->getOpcode() == UO_Deref))
      E = U->getSubExpr();
    else if (const auto *Full = dyn_cast<FullExpr>(E))
      E = Full->getSubExpr();
    else if (const auto *Subst = dyn_cast<SubstNonTypeTemplateParmExpr>(E))
      E = Subst->getReplacement();
    else
      break;
  }
  const auto *Ref = dyn_cast<DeclRefExpr>(E);
  return Ref ? Ref->getDecl() : nullptr;
}

/// The `enzyme_*` global an argument names, if any.
const VarDecl *markerGlobal(const Expr *Arg) {
  const auto *Var = dyn_cast_or_null<VarDecl>(namedDecl(Arg));
  if (!Var || !Var->hasGlobalStorage() || !Var->getIdentifier() ||
      !Var->getName().starts_with("enzyme_"))
    return nullptr;
  return Var;
}

std::optional<Kind> batchMarker(llvm::StringRef Name) {
#define EDDY_BATCH_MARKER(N, K)                                                \
  if (Name == #N)                                                              \
    return Kind::K;
#include "eddy/abi.def"
  return std::nullopt;
}

bool isWidthMarker(llvm::StringRef Name) {
#define EDDY_WIDTH_MARKER(N)                                                   \
  if (Name == #N)                                                              \
    return true;
#include "eddy/abi.def"
  return false;
}

/// Integer, floating point, pointer, or something the IR pass must count
/// (structs by value, vectors, complex numbers).
enum class Class { Integer, Floating, Pointer, Other };

Class classOf(QualType Ty, bool Argument) {
  Ty = Ty.getCanonicalType();
  if (Argument &&
      (Ty->isArrayType() || Ty->isFunctionType() || Ty->isNullPtrType()))
    return Class::Pointer;
  if (Ty->isIntegralOrEnumerationType())
    return Class::Integer;
  if (Ty->isRealFloatingType())
    return Class::Floating;
  if (Ty->isAnyPointerType() || (!Argument && Ty->isReferenceType()))
    return Class::Pointer;
  return Class::Other;
}

const char *className(Class C) {
  switch (C) {
  case Class::Integer:
    return "an integer";
  case Class::Floating:
    return "a floating-point value";
  case Class::Pointer:
    return "a pointer";
  case Class::Other:
    break;
  }
  return "a value";
}

} // namespace

bool isBatchEntry(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getIdentifier() || Callee->isDefined())
    return false;
#define EDDY_BATCH_ENTRY(Sub)                                                  \
  if (Callee->getName().contains(#Sub))                                        \
    return true;
#include "eddy/abi.def"
  return false;
}

void BatchChecker::check(const CallExpr *Call) {
  if (!Seen.insert(Call->getBeginLoc().getRawEncoding()).second)
    return;
  auto Error = [&](SourceLocation Loc, llvm::StringRef Msg) {
    unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Error, "%0");
    Diags.Report(Loc, ID) << Msg;
  };
  const unsigned NumArgs = Call->getNumArgs();
  if (NumArgs == 0) {
    Error(Call->getRParenLoc(),
          "__enzyme_batch needs the function to evaluate as its first "
          "argument");
    return;
  }
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(namedDecl(Call->getArg(0)));
  if (!Fn)
    return; // A function pointer through a variable: the IR pass decides.
  std::string FnName = Fn->getQualifiedNameAsString();
  const VarDecl *W = NumArgs > 1 ? markerGlobal(Call->getArg(1)) : nullptr;
  if (!W || !isWidthMarker(W->getName())) {
    Error(NumArgs > 1 ? Call->getArg(1)->getBeginLoc() : Call->getRParenLoc(),
          "__enzyme_batch needs 'enzyme_width, N' right after the function: "
          "N is the number of lanes");
    return;
  }
  Expr::EvalResult Value;
  if (NumArgs < 3 || !Call->getArg(2)->EvaluateAsInt(Value, Ctx) ||
      Value.Val.getInt() < 1 || Value.Val.getInt() > MaxWidth) {
    Error(NumArgs > 2 ? Call->getArg(2)->getBeginLoc() : Call->getRParenLoc(),
          "'enzyme_width' must be followed by a constant width between 1 and "
          "64");
    return;
  }
  const unsigned Width = Value.Val.getInt().getZExtValue();
  const auto *Proto = Fn->getType()->getAs<FunctionProtoType>();
  if (!Proto)
    return;
  if (Proto->isVariadic()) {
    Error(Call->getArg(0)->getBeginLoc(),
          "cannot batch variadic function '" + FnName + "'");
    return;
  }
  const FunctionDecl *Decl = Fn->getDefinition() ? Fn->getDefinition() : Fn;
  unsigned Next = 3;
  for (const ParmVarDecl *Param : Decl->parameters()) {
    const Class PC = classOf(Param->getType(), /*Argument=*/false);
    if (PC == Class::Other)
      return; // Its lowering decides how many arguments it takes.
    std::string PName =
        "parameter '" + Param->getName().str() + "' of '" + FnName + "'";
    Kind K = Width == 1 ? Kind::Scalar : Kind::Vector;
    bool Marked = false;
    if (Next < NumArgs)
      if (const VarDecl *M = markerGlobal(Call->getArg(Next))) {
        std::optional<Kind> BK = batchMarker(M->getName());
        if (!BK) {
          Error(Call->getArg(Next)->getBeginLoc(),
                "'" + M->getName().str() +
                    "' is not a batch marker; use "
                    "enzyme_vector (one value per lane), enzyme_scalar (one "
                    "value "
                    "for all lanes) or enzyme_buffer (stride, pointer)");
          return;
        }
        K = *BK;
        Marked = true;
        ++Next;
      }
    if (K == Kind::Buffer) {
      if (PC != Class::Pointer) {
        Error(Call->getArg(Next - 1)->getBeginLoc(),
              "'enzyme_buffer' marks " + PName + ", which is not a pointer");
        return;
      }
      if (Next >= NumArgs || markerGlobal(Call->getArg(Next)) ||
          classOf(Call->getArg(Next)->getType(), true) != Class::Integer) {
        Error(Next < NumArgs ? Call->getArg(Next)->getBeginLoc()
                             : Call->getRParenLoc(),
              "'enzyme_buffer' on " + PName +
                  " must be followed by the "
                  "stride in bytes (an integer), then the pointer");
        return;
      }
      ++Next;
    }
    const unsigned Count = K == Kind::Vector ? Width : 1;
    // The values given: up to the next marker or the end.
    unsigned Given = 0;
    while (Given < Count && Next + Given < NumArgs &&
           !markerGlobal(Call->getArg(Next + Given)))
      ++Given;
    if (Given < Count) {
      SourceLocation At = Next < NumArgs ? Call->getArg(Next)->getBeginLoc()
                                         : Call->getRParenLoc();
      if (K == Kind::Vector)
        Error(At, std::string(Marked ? "'enzyme_vector' " : "vector ") + PName +
                      " takes " + std::to_string(Width) +
                      " values, one per lane (enzyme_width " +
                      std::to_string(Width) + "); got " +
                      std::to_string(Given));
      else
        Error(At,
              "batch request for '" + FnName + "' has no value for " + PName);
      return;
    }
    for (unsigned L = 0; L < Count; ++L, ++Next) {
      const Expr *Arg = Call->getArg(Next);
      Class AC = classOf(Arg->getType(), /*Argument=*/true);
      if (AC != Class::Other && AC != PC) {
        Error(Arg->getBeginLoc(),
              "argument for " + PName + " is " + className(AC) + ", but " +
                  className(PC) + " is expected" +
                  (AC == Class::Integer && PC == Class::Floating
                       ? "; variadic arguments are not converted: write a "
                         "floating-point literal such as 2.0"
                       : ""));
        return;
      }
    }
  }
  if (Next < NumArgs) {
    const Expr *Extra = Call->getArg(Next);
    if (const VarDecl *M = markerGlobal(Extra); M && Next == NumArgs - 1)
      Error(Extra->getBeginLoc(), "marker '" + M->getName().str() +
                                      "' marks no parameter of '" + FnName +
                                      "'");
    else
      Error(Extra->getBeginLoc(),
            "too many arguments in batch request for '" + FnName +
                "': " + std::to_string(NumArgs - Next) + " left after its " +
                std::to_string(Decl->getNumParams()) + " parameter(s)");
  }
}

} // namespace eddy
