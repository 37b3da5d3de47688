//===- EddyPlugin.cpp - The Clang plugin: -fplugin=EddyClang.so ----------===//
//
// One flag is all a user adds:
//
//   clang++-19 -fplugin=/path/to/EddyClang.so -O2 model.cpp
//
// The plugin runs before the main action (so no -add-plugin is needed), checks
// derivative requests on the AST, and hands Eddy's pass registration to the
// code generator through CodeGenOptions::PassBuilderCallbacks. Options are
// given as -fplugin-arg-eddy-<option>; -fplugin-arg-eddy-help lists them.
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "CallableNames.h"
#include "CheckpointPragma.h"
#include "FrontendSetup.h"
#include "NoteBridge.h"
#include "EnzymeRegistrations.h"
#include "RequestChecker.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace {

class EddyAction : public PluginASTAction {
public:
  ActionType getActionType() override { return AddBeforeMainAction; }

  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    eddy::parsePluginArgs(Args, Opts, CI.getDiagnostics(), llvm::outs());
    // Returning false would silently drop the plugin; an unknown option was
    // reported as an error, which fails the compilation anyway, so go on and
    // report request errors as well.
    return true;
  }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef) override {
    eddy::addEddyToCodeGen(CI.getCodeGenOpts(), Opts);
    eddy::defineEddyMacro(CI.getPreprocessor());
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(eddy::createCheckpointLowering(CI));
    Consumers.push_back(eddy::createCallableNameRewriter());
    Consumers.push_back(eddy::createRequestChecker(CI.getDiagnostics()));
    Consumers.push_back(eddy::createEnzymeRegistrationChecker(CI.getDiagnostics()));
    Consumers.push_back(eddy::createRegistrationEmitter(CI));
    Consumers.push_back(eddy::createNoteBridge(CI));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  eddy::EddyOptions Opts;
};

} // namespace

static FrontendPluginRegistry::Add<EddyAction>
    X(eddy::PluginName, "Eddy: automatic differentiation of C and C++");
