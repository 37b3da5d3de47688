//===- FrontendSetup.cpp - Eddy's hooks into Clang's code generator -------===//
#include "FrontendSetup.h"
#include "clang/Lex/Preprocessor.h"

#include "clang/Basic/CodeGenOptions.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/Frontend/Debug/Options.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace eddy {

const char *const PluginOptionsHelp =
    "Eddy options (clang: -fplugin-arg-eddy-<option>; eddy-transform honors\n"
    "them in compile commands):\n"
    "  help         print this help\n"
    "  no-cleanup   do not optimize the generated derivatives before\n"
    "               the normal pipeline (to read their raw form)\n"
    "  time-report  print the time of Eddy's own phases and the size of\n"
    "               the code it generated\n"
    "  tape-budget=<N>[K|M|G]\n"
    "               bound the tape of the outermost counted loops of\n"
    "               gradients: past N bytes, checkpoint them (binomial)\n"
    "Remarks (clang options; docs/tools.md):\n"
    "  -Rpass=eddy                what each derivative tapes, recomputes and\n"
    "                             re-reads, how each call is differentiated,\n"
    "                             the generated code's size\n"
    "  -Rpass-missed=eddy         why a value had to be taped\n"
    "  -fsave-optimization-record the same as YAML, for opt-viewer\n";

static void printPluginHelp(llvm::raw_ostream &OS) { OS << PluginOptionsHelp; }

/// "64M" -> 64 << 20; K, M and G are powers of 1024.
static std::optional<uint64_t> parseByteCount(llvm::StringRef S) {
  unsigned Shift = 0;
  if (!S.empty()) {
    switch (S.back()) {
    case 'K': case 'k': Shift = 10; break;
    case 'M': case 'm': Shift = 20; break;
    case 'G': case 'g': Shift = 30; break;
    default: break;
    }
    if (Shift)
      S = S.drop_back();
  }
  uint64_t N;
  if (S.getAsInteger(10, N) || N > (UINT64_MAX >> Shift))
    return std::nullopt;
  return N << Shift;
}

bool parsePluginArgs(llvm::ArrayRef<std::string> Args, EddyOptions &Opts,
                     DiagnosticsEngine &Diags, llvm::raw_ostream &HelpOS) {
  bool Ok = true;
  for (const std::string &Arg : Args) {
    if (Arg == "help") {
      printPluginHelp(HelpOS);
    } else if (Arg == "no-cleanup") {
      Opts.CleanupGenerated = false;
    } else if (Arg == "time-report") {
      Opts.TimeReport = true;
    } else if (llvm::StringRef(Arg).starts_with("tape-budget=")) {
      std::optional<uint64_t> Bytes =
          parseByteCount(llvm::StringRef(Arg).drop_front(strlen("tape-budget=")));
      if (!Bytes || !*Bytes) {
        unsigned ID = Diags.getCustomDiagID(
            DiagnosticsEngine::Error,
            "invalid Eddy option '-fplugin-arg-eddy-%0': expected "
            "tape-budget=<bytes>, a positive integer with an optional K, M "
            "or G suffix (powers of 1024)");
        Diags.Report(ID) << Arg;
        Ok = false;
      } else {
        Opts.TapeBudget = *Bytes;
      }
    } else {
      unsigned ID = Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "unknown Eddy plugin option '-fplugin-arg-eddy-%0' (pass "
          "-fplugin-arg-eddy-help for the list)");
      Diags.Report(ID) << Arg;
      Ok = false;
    }
  }
  return Ok;
}

void addEddyToCodeGen(CodeGenOptions &CG, const EddyOptions &Opts) {
  // The IR passes report refusals at instructions' debug locations; without
  // -g, track locations without emitting debug info (what -Rpass does). The
  // code generator reads this when it initializes, after consumers exist.
  // Once Eddy is done, the locations go again (EddyOptions).
  EddyOptions PipelineOpts = Opts;
  PipelineOpts.VerifyModule = CG.VerifyModule;
  if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo) {
    CG.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
    PipelineOpts.DropLocationTracking = true;
  }
  // With -fpass-plugin=libEddyPasses.so as well, the pass plugin's entry is
  // told to leave the pipeline to this callback (and its options): Eddy then
  // runs exactly once.
  announceFrontendPipeline();
  CG.PassBuilderCallbacks.push_back([PipelineOpts](llvm::PassBuilder &PB) {
    registerEddyPipeline(PB, PipelineOpts);
  });
}

} // namespace eddy

void eddy::defineEddyMacro(clang::Preprocessor &PP) {
  // The predefines buffer is read when the main file is entered, which is
  // after the plugin's consumer is created.
  PP.setPredefines(PP.getPredefines() + "#define __EDDY__ 1\n");
}
