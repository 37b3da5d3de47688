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
    "Remarks (clang options; docs/tools.md):\n"
    "  -Rpass=eddy                what each derivative tapes, recomputes and\n"
    "                             re-reads, how each call is differentiated,\n"
    "                             the generated code's size\n"
    "  -Rpass-missed=eddy         why a value had to be taped\n"
    "  -fsave-optimization-record the same as YAML, for opt-viewer\n";

static void printPluginHelp(llvm::raw_ostream &OS) { OS << PluginOptionsHelp; }

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
  if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo)
    CG.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
  // With -fpass-plugin=libEddyPasses.so as well, the pass plugin's entry is
  // told to leave the pipeline to this callback (and its options): Eddy then
  // runs exactly once.
  announceFrontendPipeline();
  CG.PassBuilderCallbacks.push_back(
      [Opts](llvm::PassBuilder &PB) { registerEddyPipeline(PB, Opts); });
}

} // namespace eddy

void eddy::defineEddyMacro(clang::Preprocessor &PP) {
  // The predefines buffer is read when the main file is entered, which is
  // after the plugin's consumer is created.
  PP.setPredefines(PP.getPredefines() + "#define __EDDY__ 1\n");
}
