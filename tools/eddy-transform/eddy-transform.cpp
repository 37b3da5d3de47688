//===- eddy-transform.cpp - Generate derivatives outside a clang build ----===//
//
// For projects that are not built with clang-19: read the sources (and, with
// -p, compile_commands.json), compile them with Clang and Eddy's passes, and
// write LLVM IR or an object file to link into the normal build.
//
//   eddy-transform model.c -- -I include         # model.ll
//   eddy-transform -p build --emit=obj src/a.cpp  # a.o
//   eddy-transform --list --emit=none model.c --  # which derivatives
//===----------------------------------------------------------------------===//
#include "Attributes.h"
#include "CallableNames.h"
#include "FrontendSetup.h"
#include "EnzymeRegistrations.h"
#include "RequestChecker.h"

#include "Eddy/Passes/EddyPass.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Driver/Driver.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;
using namespace llvm;

namespace {

enum class EmitKind { LLVM, Obj, None };

cl::OptionCategory EddyCategory("eddy-transform options");

cl::opt<EmitKind> Emit(
    "emit", cl::desc("What to write for each source"),
    cl::values(clEnumValN(EmitKind::LLVM, "llvm", "textual LLVM IR (default)"),
               clEnumValN(EmitKind::Obj, "obj", "an object file"),
               clEnumValN(EmitKind::None, "none", "nothing (with --list)")),
    cl::init(EmitKind::LLVM), cl::cat(EddyCategory));

cl::opt<std::string>
    Output("o",
           cl::desc("Output file (default: <source stem>.ll or .o in the "
                    "current directory; '-' for stdout)"),
           cl::value_desc("file"), cl::cat(EddyCategory));

cl::opt<std::string>
    OptLevel("O", cl::Prefix, cl::value_desc("level"),
             cl::desc("Optimization level: -O0..-O3, -Os, -Oz (default -O2 "
                      "unless the compile command has one; given "
                      "explicitly, it overrides the compile command)"),
             cl::init("2"), cl::cat(EddyCategory));

cl::opt<bool> List("list",
                   cl::desc("Print the derivatives generated for each source"),
                   cl::cat(EddyCategory));

cl::opt<bool> NoCleanup(
    "no-cleanup",
    cl::desc("Do not optimize the generated derivatives before the normal "
             "pipeline (same as -fplugin-arg-eddy-no-cleanup)"),
    cl::cat(EddyCategory));

cl::extrahelp CommonHelp(tooling::CommonOptionsParser::HelpMessage);

/// Where the code for \p Input goes.
std::string outputFor(StringRef Input) {
  if (!Output.empty())
    return Output;
  SmallString<128> Name(sys::path::stem(Input));
  Name += Emit == EmitKind::Obj ? ".o" : ".ll";
  return std::string(Name);
}

/// Demangles a symbol, keeping a clone suffix such as `.eddy.grad` attached
/// (`square(double).eddy.grad` rather than `square(double) (.eddy.grad)`).
std::string readableName(StringRef Symbol) {
  auto [Base, Suffix] = Symbol.split('.');
  std::string Name = demangle(Base);
  if (!Suffix.empty())
    Name += ("." + Suffix).str();
  return Name;
}

/// Prints one line per derivative recorded by the passes in the module's
/// eddy.derivatives metadata: mode, primal, derivative (demangled).
void listDerivatives(const llvm::Module &M, raw_ostream &OS) {
  const NamedMDNode *List = M.getNamedMetadata(eddy::GeneratedListMDName);
  if (!List)
    return;
  auto Text = [](const MDNode *N, unsigned I) -> std::string {
    if (I >= N->getNumOperands())
      return "?";
    if (const auto *S = dyn_cast_or_null<MDString>(N->getOperand(I)))
      return std::string(S->getString());
    return "?";
  };
  for (const MDNode *Entry : List->operands())
    OS << Text(Entry, 1) << "  " << readableName(Text(Entry, 0)) << "  ->  "
       << readableName(Text(Entry, 2)) << "\n";
}

/// A code generation action that also runs the AST request checks first, so
/// misuse is reported at the argument that is wrong, as under the plugin.
template <typename CodeGenBase> class CheckedCodeGen : public CodeGenBase {
protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    std::unique_ptr<ASTConsumer> CodeGen =
        CodeGenBase::CreateASTConsumer(CI, InFile);
    if (!CodeGen)
      return nullptr;
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(eddy::createCallableNameRewriter());
    Consumers.push_back(eddy::createRequestChecker(CI.getDiagnostics()));
    Consumers.push_back(eddy::createEnzymeRegistrationChecker(CI.getDiagnostics()));
    Consumers.push_back(eddy::createRegistrationEmitter(CI));
    eddy::defineEddyMacro(CI.getPreprocessor());
    Consumers.push_back(std::move(CodeGen));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }
};

std::unique_ptr<CodeGenAction> createCodeGenAction() {
  switch (Emit) {
  case EmitKind::LLVM:
    return std::make_unique<CheckedCodeGen<EmitLLVMAction>>();
  case EmitKind::Obj:
    return std::make_unique<CheckedCodeGen<EmitObjAction>>();
  case EmitKind::None:
    return std::make_unique<CheckedCodeGen<EmitLLVMOnlyAction>>();
  }
  llvm_unreachable("unknown emit kind");
}

/// Runs Clang's code generation with Eddy on one compiler invocation (one
/// source), as FrontendActionFactory::runInvocation does for other tools.
class EddyCodeGenTool : public tooling::ToolAction {
public:
  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    FrontendOptions &FE = Invocation->getFrontendOpts();
    if (FE.Inputs.empty())
      return false;
    std::string Input = std::string(FE.Inputs[0].getFile());
    FE.OutputFile = outputFor(Input);

    CompilerInstance CI(std::move(PCHContainerOps));
    CI.setInvocation(std::move(Invocation));
    CI.setFileManager(Files);
    // The action may refer to the instance; destroy it first.
    std::unique_ptr<CodeGenAction> Action = createCodeGenAction();
    CI.createDiagnostics(DiagConsumer, /*ShouldOwnClient=*/false);
    if (!CI.hasDiagnostics())
      return false;
    CI.createSourceManager(*Files);

    // -fplugin-arg-eddy-* in a compile command mean what they mean to clang.
    eddy::EddyOptions Opts;
    Opts.CleanupGenerated = !NoCleanup;
    if (!eddy::parsePluginArgs(CI.getFrontendOpts().PluginArgs[eddy::PluginName],
                               Opts, CI.getDiagnostics(), outs()))
      return false;
    eddy::addEddyToCodeGen(CI.getCodeGenOpts(), Opts);

    bool Ok = CI.ExecuteAction(*Action);
    if (Ok && List)
      if (std::unique_ptr<llvm::Module> M = Action->takeModule())
        listDerivatives(*M, outs());
    Files->clearStatCache();
    return Ok;
  }
};

/// Drops what asks clang to load Eddy itself: this tool runs Eddy in-process,
/// and loading EddyClang.so here as well would register the passes twice.
tooling::ArgumentsAdjuster stripEddyPlugins() {
  return [](const tooling::CommandLineArguments &Args, StringRef) {
    tooling::CommandLineArguments Kept;
    for (const std::string &Arg : Args) {
      StringRef A(Arg);
      if ((A.starts_with("-fplugin=") && A.contains("EddyClang")) ||
          (A.starts_with("-fpass-plugin=") && A.contains("EddyPasses")))
        continue;
      Kept.push_back(Arg);
    }
    return Kept;
  };
}

/// The resource directory (builtin headers such as stddef.h) of the clang
/// this tool is built against, found from its binary as clang itself does.
std::string resourceDir() {
  return clang::driver::Driver::GetResourcesPath(EDDY_CLANG_BINARY);
}

} // namespace

int main(int Argc, const char **Argv) {
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  InitializeAllAsmParsers();

  auto Parser = tooling::CommonOptionsParser::create(
      Argc, Argv, EddyCategory, cl::OneOrMore,
      "Eddy: generate derivatives with Clang and write LLVM IR or objects\n");
  if (!Parser) {
    errs() << toString(Parser.takeError());
    return 1;
  }
  const std::vector<std::string> &Sources = Parser->getSourcePathList();
  if (!Output.empty() && Output != "-" && Sources.size() > 1 &&
      Emit != EmitKind::None) {
    errs() << "eddy-transform: -o names one file, but " << Sources.size()
           << " sources were given\n";
    return 1;
  }

  tooling::ClangTool Tool(Parser->getCompilations(), Sources);
  Tool.appendArgumentsAdjuster(stripEddyPlugins());
  // The compile command's own -O wins over the default; an explicit -O on
  // this tool wins over the compile command.
  Tool.appendArgumentsAdjuster(tooling::getInsertArgumentAdjuster(
      {"-O" + OptLevel, "-resource-dir=" + resourceDir()},
      OptLevel.getNumOccurrences() ? tooling::ArgumentInsertPosition::END
                                   : tooling::ArgumentInsertPosition::BEGIN));

  EddyCodeGenTool Action;
  return Tool.run(&Action) == 0 ? 0 : 1;
}
