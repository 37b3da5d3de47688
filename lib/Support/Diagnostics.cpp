//===- Diagnostics.cpp - Refusals at the user's source line ---------------===//
#include "Eddy/Support/Diagnostics.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/DiagnosticPrinter.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/raw_ostream.h"
#include <atomic>

using namespace llvm;

namespace eddy {

std::string displayName(const Function &F) {
  StringRef Name = F.getName();
  // Clones carry a ".eddy..." suffix; the user knows the original name.
  Name = Name.substr(0, Name.find(".eddy"));
  return demangle(Name.str());
}

/// Where to report \p I: its own line, or, for an instruction the optimizer
/// made up from several (a select merging two loads), the nearest line in its
/// block, else the function's.
static DiagnosticLocation nearestLocation(const Instruction &I) {
  if (I.getDebugLoc())
    return DiagnosticLocation(I.getDebugLoc());
  for (const Instruction *P = I.getPrevNode(); P; P = P->getPrevNode())
    if (P->getDebugLoc())
      return DiagnosticLocation(P->getDebugLoc());
  for (const Instruction *N = I.getNextNode(); N; N = N->getNextNode())
    if (N->getDebugLoc())
      return DiagnosticLocation(N->getDebugLoc());
  if (const DISubprogram *SP = I.getFunction()->getSubprogram())
    return DiagnosticLocation(SP);
  return DiagnosticLocation();
}

namespace {
/// An unsupported-construct error that says where it is even without debug
/// information. Clang reads the message and the location (it is still
/// DK_Unsupported, and Clang falls back to the function's declaration); what
/// prints it as text (opt, llc) gets "in function f at instruction '...'"
/// instead of LLVM's "<unknown>:0:0".
class EddyUnsupported : public DiagnosticInfoUnsupported {
public:
  EddyUnsupported(const Function &F, const Twine &Msg,
                  const DiagnosticLocation &Loc, const Instruction &At,
                  DiagnosticSeverity Severity = DS_Error)
      : DiagnosticInfoUnsupported(F, Msg, Loc, Severity), At(At) {}

  void print(DiagnosticPrinter &DP) const override {
    // The user's name for the function, not a clone's (f.eddy.primal...).
    std::string Function = displayName(getFunction());
    if (isLocationAvailable()) {
      DP << getLocationStr() << ": in function " << Function << ": "
         << getMessage();
      return;
    }
    std::string Text;
    raw_string_ostream OS(Text);
    At.print(OS);
    DP << "in function " << Function << " at instruction '"
       << StringRef(Text).trim() << "': " << getMessage();
  }

private:
  const Instruction &At;
};
} // namespace

static NoteHook &noteHook() {
  static NoteHook Hook;
  return Hook;
}

void setNoteHook(NoteHook Hook) { noteHook() = std::move(Hook); }

static std::atomic<bool> &unhandledError() {
  static std::atomic<bool> Flag{false};
  return Flag;
}

bool hadUnhandledError() { return unhandledError().load(); }

/// LLVMContext::diagnose prints an error no handler takes (opt, llc) and
/// calls exit(1) on the spot. Eddy reports from its worker thread
/// (EddyPass.cpp), where exiting races the waiting main thread's teardown;
/// an error nobody handles is printed the same way here, and the pass exits
/// once the worker has joined.
static void reportError(LLVMContext &Ctx, const DiagnosticInfo &DI) {
  // The handler stays the context's: asking it is what diagnose does first.
  if (auto *Handler = const_cast<DiagnosticHandler *>(Ctx.getDiagHandlerPtr()))
    if (Handler->handleDiagnostics(DI))
      return;
  DiagnosticPrinterRawOStream DP(errs());
  errs() << LLVMContext::getDiagnosticMessagePrefix(DS_Error) << ": ";
  DI.print(DP);
  errs() << "\n";
  unhandledError() = true;
}

void DiagnosticSink::error(const Instruction *At, const Twine &Msg,
                           const Function *Context) {
  HadError = true;
  if (Quiet)
    return;
  std::string Text = ("eddy: " + Msg).str();
  if (Context)
    Text += " (while differentiating '" + displayName(*Context) + "')";
  const Function &F = *At->getFunction();
  // Code without a line of its own (IR given to opt, a clone's inserted
  // code) is reported at the request that led to it, if that has one.
  DiagnosticLocation Loc = nearestLocation(*At);
  if (!Loc.isValid() && Frames)
    Loc = nearestLocation(*requestCall());
  // DiagnosticInfoUnsupported is an error that Clang reports at the debug
  // location's file:line:col and that makes the compilation fail.
  reportError(F.getContext(), EddyUnsupported(F, Text, Loc, *At));
  noteFrames();
}

void DiagnosticSink::warning(const Instruction *At, const Twine &Msg) {
  if (Quiet)
    return;
  DiagnosticLocation Loc = nearestLocation(*At);
  if (!Loc.isValid() && Frames)
    Loc = nearestLocation(*requestCall());
  At->getContext().diagnose(EddyUnsupported(*At->getFunction(), "eddy: " + Msg,
                                            Loc, *At, DS_Warning));
}

const Instruction *DiagnosticSink::requestCall() const {
  const FrameInfo *Fr = Frames.get();
  while (Fr->Outer)
    Fr = Fr->Outer.get();
  return Fr->At;
}

void DiagnosticSink::noteFrames() const {
  const NoteHook &Note = noteHook();
  if (!Note)
    return;
  for (const FrameInfo *Fr = Frames.get(); Fr; Fr = Fr->Outer.get()) {
    std::string Name = displayName(*Fr->F);
    if (!Fr->Outer)
      Note(nearestLocation(*Fr->At),
           "while differentiating '" + Name + "', requested here");
    else
      Note(nearestLocation(*Fr->At), "while differentiating '" + Name +
                                         "', called here from '" +
                                         displayName(*Fr->Outer->F) + "'");
  }
}

} // namespace eddy
