//===- Batch.cpp - Parse a batch request into a BatchRequest --------------===//
//
// The IR-level twin of the front end's batch checks (Frontend/BatchChecker):
// `opt` users get the same rules, reported at the call's debug location.
//===----------------------------------------------------------------------===//
#include "Eddy/Request/Batch.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Request/Request.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {
namespace {

/// The largest batch: the generated function takes Width arguments per
/// vector parameter (the same bound as enzyme_width in derivative requests).
constexpr uint64_t MaxWidth = 64;

/// The `enzyme_*` global an argument names (by value or by address), if any.
const GlobalVariable *markerGlobal(const Value *V) {
  V = V->stripPointerCasts();
  if (const auto *LI = dyn_cast<LoadInst>(V))
    V = LI->getPointerOperand()->stripPointerCasts();
  const auto *GV = dyn_cast<GlobalVariable>(V);
  return GV && GV->getName().starts_with("enzyme_") ? GV : nullptr;
}

std::optional<BatchKind> batchMarker(const GlobalVariable &GV) {
#define EDDY_BATCH_MARKER(N, Kind)                                             \
  if (GV.getName() == #N)                                                      \
    return BatchKind::Kind;
#include "eddy/abi.def"
  return std::nullopt;
}

bool isWidth(const GlobalVariable &GV) {
#define EDDY_WIDTH_MARKER(N)                                                   \
  if (GV.getName() == #N)                                                      \
    return true;
#include "eddy/abi.def"
  return false;
}

/// Can a variadic argument of type \p A be passed for a parameter of type
/// \p P? C promotes float to double and small integers to int; the lowering
/// converts them back.
bool compatible(Type *A, Type *P) {
  return A == P || (A->isFloatingPointTy() && P->isFloatingPointTy()) ||
         (A->isIntegerTy() && P->isIntegerTy()) ||
         (A->isPointerTy() && P->isPointerTy());
}

/// Parses one argument group; returns false after reporting.
class ArgParser {
public:
  ArgParser(CallBase &CB, DiagnosticSink &Diags, const std::string &FnName,
            unsigned Width)
      : CB(CB), Diags(Diags), FnName(FnName), Width(Width) {}

  bool parse(unsigned P, Type *PT, unsigned &Next, BatchArg &A) {
    unsigned End = CB.arg_size();
    BatchKind Kind = Width == 1 ? BatchKind::Scalar : BatchKind::Vector;
    if (Next < End)
      if (const GlobalVariable *M = markerGlobal(CB.getArgOperand(Next))) {
        std::optional<BatchKind> K = batchMarker(*M);
        if (!K) {
          Diags.error(&CB, "'" + M->getName() +
                               "' is not a batch marker; "
                               "use enzyme_vector, enzyme_scalar or "
                               "enzyme_buffer");
          return false;
        }
        Kind = *K;
        ++Next;
      }
    A.Kind = Kind;
    if (Kind == BatchKind::Buffer) {
      if (!PT->isPointerTy())
        return fail("enzyme_buffer marks parameter " + Twine(P + 1) + " of '" +
                    FnName + "', which is not a pointer");
      if (!value(P, Next, "stride"))
        return false;
      A.Stride = CB.getArgOperand(Next++);
      if (!A.Stride->getType()->isIntegerTy())
        return fail("enzyme_buffer on parameter " + Twine(P + 1) + " of '" +
                    FnName +
                    "' must be followed by an integer stride in "
                    "bytes, then the pointer");
    }
    unsigned Count = Kind == BatchKind::Vector ? Width : 1;
    for (unsigned K = 0; K < Count; ++K) {
      if (!value(P, Next,
                 Kind == BatchKind::Vector ? "value " + std::to_string(K + 1) +
                                                 " of " + std::to_string(Width)
                                           : std::string("value")))
        return false;
      Value *V = CB.getArgOperand(Next++);
      if (!compatible(V->getType(), PT))
        return fail("argument for parameter " + Twine(P + 1) + " of '" +
                    FnName + "' has the wrong type");
      A.Values.push_back(V);
    }
    return true;
  }

private:
  /// Is there an argument (not a marker) at \p Next for \p What?
  bool value(unsigned P, unsigned Next, const std::string &What) {
    if (Next >= CB.arg_size())
      return fail("batch request for '" + FnName +
                  "' has too few "
                  "arguments: parameter " +
                  Twine(P + 1) + " has no " + What);
    if (markerGlobal(CB.getArgOperand(Next)))
      return fail("a marker stands where " + What + " of parameter " +
                  Twine(P + 1) + " of '" + FnName + "' is expected");
    return true;
  }
  bool fail(const Twine &Msg) {
    Diags.error(&CB, Msg);
    return false;
  }

  CallBase &CB;
  DiagnosticSink &Diags;
  const std::string &FnName;
  unsigned Width;
};

} // namespace

std::optional<BatchRequest> parseBatchRequest(CallBase &CB,
                                              DiagnosticSink &Diags) {
  BatchRequest R;
  R.Call = &CB;
  unsigned First = 0;
  if (CB.arg_size() > 0 && CB.paramHasAttr(0, Attribute::StructRet)) {
    R.SRet = CB.getArgOperand(0);
    First = 1;
  }
  if (CB.arg_size() <= First) {
    Diags.error(&CB, "__enzyme_batch needs the function to evaluate as its "
                     "first argument");
    return std::nullopt;
  }
  R.Fn = originalOfStub(resolveFunction(CB.getArgOperand(First)));
  if (!R.Fn) {
    Diags.error(&CB, "the first argument of __enzyme_batch must be a "
                     "function (not a variable or an indirect pointer); pass "
                     "the function itself, e.g. (void*)f");
    return std::nullopt;
  }
  std::string FnName = displayName(*R.Fn);
  if (R.Fn->isVarArg()) {
    Diags.error(&CB, "cannot batch variadic function '" + FnName + "'");
    return std::nullopt;
  }
  unsigned Next = First + 1, End = CB.arg_size();
  const GlobalVariable *W =
      Next < End ? markerGlobal(CB.getArgOperand(Next)) : nullptr;
  if (!W || !isWidth(*W)) {
    Diags.error(&CB, "__enzyme_batch needs 'enzyme_width, N' right after the "
                     "function: N is the number of lanes");
    return std::nullopt;
  }
  auto *N = Next + 1 < End ? dyn_cast<ConstantInt>(CB.getArgOperand(Next + 1))
                           : nullptr;
  if (!N || N->isNegative() || N->isZero() || N->getZExtValue() > MaxWidth) {
    Diags.error(&CB, "enzyme_width must be followed by a constant width "
                     "between 1 and " +
                         Twine(MaxWidth));
    return std::nullopt;
  }
  R.Width = N->getZExtValue();
  Next += 2;
  ArgParser Parser(CB, Diags, FnName, R.Width);
  unsigned FirstParam = R.Fn->hasParamAttribute(0, Attribute::StructRet);
  for (unsigned P = FirstParam; P < R.Fn->arg_size(); ++P) {
    BatchArg A;
    if (!Parser.parse(P - FirstParam, R.Fn->getArg(P)->getType(), Next, A))
      return std::nullopt;
    R.Args.push_back(std::move(A));
  }
  if (Next != End) {
    Diags.error(&CB, "batch request for '" + FnName + "' has " +
                         Twine(End - Next) +
                         " argument(s) more than its parameters need");
    return std::nullopt;
  }
  return R;
}

} // namespace eddy
