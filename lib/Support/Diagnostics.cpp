//===- Diagnostics.cpp - Refusals at the user's source line ---------------===//
#include "Eddy/Support/Diagnostics.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/LLVMContext.h"

using namespace llvm;

namespace eddy {

std::string displayName(const Function &F) {
  StringRef Name = F.getName();
  // Clones carry a ".eddy..." suffix; the user knows the original name.
  Name = Name.substr(0, Name.find(".eddy"));
  return demangle(Name.str());
}

void DiagnosticSink::error(const Instruction *At, const Twine &Msg,
                           const Function *Context) {
  HadError = true;
  std::string Text = ("eddy: " + Msg).str();
  if (Context)
    Text += " (while differentiating '" + displayName(*Context) + "')";
  const Function &F = *At->getFunction();
  // DiagnosticInfoUnsupported is an error that Clang reports at the debug
  // location's file:line:col and that makes the compilation fail.
  F.getContext().diagnose(
      DiagnosticInfoUnsupported(F, Text, At->getDebugLoc(), DS_Error));
}

} // namespace eddy
