//===- EddyPlugin.cpp - The Clang plugin: -fplugin=EddyClang.so ----------===//
//
// One flag is all a user adds:
//
//   clang++-19 -fplugin=/path/to/EddyClang.so -O2 model.cpp
//
// The plugin runs before the main action (so no -add-plugin is needed), checks
// derivative requests on the AST, and hands Eddy's pass registration to the
// code generator through CodeGenOptions::PassBuilderCallbacks. Options are
// given as -fplugin-arg-eddy-<option>; see printHelp().
//===----------------------------------------------------------------------===//
#include "RequestChecker.h"

#include "Eddy/Passes/EddyPass.h"
#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/CodeGenOptions.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Frontend/Debug/Options.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace {

/// The plugin's name. It must not contain '-': the driver splits
/// -fplugin-arg-<name>-<arg> at the first dash after the prefix.
constexpr const char *PluginName = "eddy";

void printHelp(llvm::raw_ostream &OS) {
  OS << "Eddy Clang plugin options (pass as -fplugin-arg-eddy-<option>):\n"
        "  help         print this help\n"
        "  no-cleanup   do not optimize the generated derivatives before\n"
        "               the normal pipeline (to read their raw form)\n";
}

class EddyAction : public PluginASTAction {
public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    for (const std::string &Arg : Args) {
      if (Arg == "help") {
        printHelp(llvm::outs());
      } else if (Arg == "no-cleanup") {
        Opts.CleanupGenerated = false;
      } else {
        unsigned ID = Diags.getCustomDiagID(
            DiagnosticsEngine::Error,
            "unknown Eddy plugin option '-fplugin-arg-eddy-%0' (pass "
            "-fplugin-arg-eddy-help for the list)");
        Diags.Report(ID) << Arg;
      }
    }
    // Returning false would silently drop the plugin; an error above already
    // fails the compilation, so keep going to report request errors as well.
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    CodeGenOptions &CG = CI.getCodeGenOpts();
    // The IR passes report refusals at instructions' debug locations; without
    // -g, track locations without emitting debug info (what -Rpass does).
    // CodeGen reads this when it initializes, after all consumers exist.
    if (CG.getDebugInfo() == llvm::codegenoptions::NoDebugInfo)
      CG.setDebugInfo(llvm::codegenoptions::LocTrackingOnly);
    // libEddyPasses' own pass-plugin entry registers only `-passes=eddy`
    // parsing, so even with -fpass-plugin=libEddyPasses.so the extension-point
    // registration must come from here; it is added exactly once.
    eddy::EddyOptions PassOpts = Opts;
    CG.PassBuilderCallbacks.push_back([PassOpts](llvm::PassBuilder &PB) {
      eddy::registerEddyPipeline(PB, PassOpts);
    });
    return eddy::createRequestChecker(CI.getDiagnostics());
  }

private:
  eddy::EddyOptions Opts;
};

} // namespace

static FrontendPluginRegistry::Add<EddyAction>
    X(PluginName, "Eddy: automatic differentiation of C and C++");
