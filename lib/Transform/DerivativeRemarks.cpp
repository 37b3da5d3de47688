//===- DerivativeRemarks.cpp - Remarks on calls and generated code --------===//
#include "DerivativeRemarks.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Rules/ElementaryRules.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/Remarks.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;

namespace eddy {

/// The rule that differentiates a call of a function with registrations.
static std::string customRule(const FunctionRules &R, bool Reverse) {
  // Eddy's own MPI rules (Rules/MpiRules.h) were registered by no one.
  const Function *Used = Reverse ? (R.EnzymeReverse ? R.EnzymeReverse : R.Adjoint)
                                 : R.Tangent;
  if (Used && Used->getName().starts_with("eddy.mpi."))
    return "Eddy's built-in MPI rule '" + Used->getName().str() + "'";
  if (Reverse) {
    if (R.EnzymeReverse)
      return "Enzyme's registered gradient ('" + displayName(*R.EnzymeAugmented) +
             "', '" + displayName(*R.EnzymeReverse) + "')";
    if (R.Adjoint)
      return "the registered adjoint rule '" + displayName(*R.Adjoint) + "'";
    return "";
  }
  if (R.Tangent)
    return std::string(R.EnzymeTangent ? "Enzyme's registered derivative '"
                                       : "the registered tangent rule '") +
           displayName(*R.Tangent) + "'";
  return ""; // Refused: the error says why.
}

void remarkCallDerivative(const CallBase &CB, const CallInfo &Info,
                          const Function &Primal, bool Reverse,
                          bool BodyFallback) {
  if (!remarksEnabled(CB.getContext()))
    return;
  const Function *Callee = CB.getCalledFunction();
  std::string Name = Callee ? "'" + displayName(*Callee) + "'" : "the callee";
  std::string How;
  switch (Info.Kind) {
  case CallKind::Elementary:
    How = "Eddy's built-in rule for '" + std::string(Info.Rule->Name) + "'";
    if (Info.Custom && !Info.Custom->LikeName.empty())
      How += " (registered with __enzyme_function_like)";
    break;
  case CallKind::CustomRule:
    How = BodyFallback ? "a derivative generated from its body (its "
                         "registered rule serves the other mode)"
                       : customRule(*Info.Custom, Reverse);
    break;
  case CallKind::Defined:
    How = "a derivative generated from its body";
    break;
  default:
    return; // Memory and heap calls: their shadows, not a derivative.
  }
  if (How.empty())
    return;
  emitRemark(RemarkKind::Passed, "CallDerivative", CB,
             std::string(Reverse ? "reverse" : "forward") + " mode of '" +
                 displayName(Primal) + "': the call of " + Name + " uses " + How);
}

void remarkGeneratedSize(const Instruction &Request, const Function &Generated,
                         const Function &Primal, StringRef Kind) {
  if (!remarksEnabled(Request.getContext()) || Generated.isDeclaration())
    return;
  size_t Instructions = 0;
  for (const BasicBlock &BB : Generated)
    Instructions += BB.size();
  emitRemark(RemarkKind::Passed, "GeneratedSize", Request,
             Kind + " of '" + displayName(Primal) + "' ('" +
                 Generated.getName() + "'): " + std::to_string(Instructions) +
                 " IR instructions in " + std::to_string(Generated.size()) +
                 " blocks");
}

} // namespace eddy
