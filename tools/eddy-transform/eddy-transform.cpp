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
#include "CheckpointPragma.h"
#include "FrontendSetup.h"
#include "EnzymeRegistrations.h"
#include "RequestChecker.h"

#include "Eddy/Passes/EddyPass.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Driver/Driver.h"
#include "clang/Driver/Types.h"
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

// A list, so that two different --emit options are an error rather than
// the last one silently winning.
cl::list<EmitKind> EmitOptions(
    "emit", cl::desc("What to write for each source"),
    cl::values(clEnumValN(EmitKind::LLVM, "llvm", "textual LLVM IR (default)"),
               clEnumValN(EmitKind::Obj, "obj", "an object file"),
               clEnumValN(EmitKind::None, "none", "nothing (with --list)")),
    cl::cat(EddyCategory));
EmitKind Emit = EmitKind::LLVM; // EmitOptions, once checked.

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

cl::opt<bool> Verbose(
    "v",
    cl::desc("Print the time of Eddy's phases and the size of the generated "
             "code (same as -fplugin-arg-eddy-time-report)"),
    cl::cat(EddyCategory));

cl::extrahelp CommonHelp(tooling::CommonOptionsParser::HelpMessage);
cl::extrahelp PluginHelp(eddy::PluginOptionsHelp);

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
    Consumers.push_back(eddy::createCheckpointLowering(CI));
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
    // A compile command's -x may name another language than the extension.
    Language Lang = FE.Inputs[0].getKind().getLanguage();
    if (Lang != Language::C && Lang != Language::CXX) {
      errs() << "eddy-transform: error: '" << Input
             << "' is not compiled as C or C++; Eddy differentiates C and "
                "C++ only\n";
      return false;
    }
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
    Opts.TimeReport = Verbose;
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

/// The options that contradict each other or do nothing; sets Emit.
bool checkOptions(ArrayRef<std::string> Sources) {
  for (EmitKind K : EmitOptions)
    if (K != EmitOptions.front()) {
      auto Name = [](EmitKind E) {
        return E == EmitKind::LLVM ? "llvm" : E == EmitKind::Obj ? "obj" : "none";
      };
      errs() << "eddy-transform: error: conflicting options --emit="
             << Name(EmitOptions.front()) << " and --emit=" << Name(K)
             << "; give one\n";
      return false;
    }
  if (!EmitOptions.empty())
    Emit = EmitOptions.front();
  if (!Output.empty() && Emit == EmitKind::None) {
    errs() << "eddy-transform: error: -o " << Output
           << " is given, but --emit=none writes no file; drop -o, or choose "
              "--emit=llvm or --emit=obj\n";
    return false;
  }
  if (!Output.empty() && Output != "-" && Sources.size() > 1) {
    errs() << "eddy-transform: error: -o names one file, but " << Sources.size()
           << " sources were given\n";
    return false;
  }
  return true;
}

/// Whether \p Source is C or C++ by its extension, unless its compile
/// command names the language with -x (then the invocation is checked).
bool checkLanguage(StringRef Source,
                   const tooling::CompilationDatabase &Compilations) {
  for (const tooling::CompileCommand &Cmd :
       Compilations.getCompileCommands(Source))
    for (const std::string &Arg : Cmd.CommandLine)
      if (StringRef(Arg).starts_with("-x"))
        return true;
  namespace types = clang::driver::types;
  StringRef Ext = sys::path::extension(Source);
  types::ID Kind = Ext.empty() ? types::TY_INVALID
                               : types::lookupTypeForExtension(Ext.drop_front());
  bool IsC = Kind == types::TY_C || Kind == types::TY_PP_C;
  bool IsCXX = Kind == types::TY_CXX || Kind == types::TY_PP_CXX;
  if (IsC || IsCXX)
    return true;
  errs() << "eddy-transform: error: '" << Source
         << "' is not a C or C++ source (by its extension; expected .c, .i, "
            ".cc, .cpp, .cxx, .c++, .C or .ii); Eddy differentiates C and C++";
  if (Ext == ".ll" || Ext == ".bc")
    errs() << " (for LLVM IR, use opt-19 -load-pass-plugin=libEddyPasses.so "
              "-passes=eddy)";
  errs() << "\n";
  return false;
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
  if (!checkOptions(Sources) ||
      !all_of(Sources, [&](const std::string &Source) {
        return checkLanguage(Source, Parser->getCompilations());
      }))
    return 1;

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
