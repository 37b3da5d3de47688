//===- NoteBridge.cpp - Eddy's IR-level notes as Clang notes ---------------===//
//
// Eddy's passes report refusals as LLVM diagnostics, which Clang shows as
// errors at the debug location but which cannot carry notes. While the
// plugin's consumer lives (through code generation), the passes' note hook
// reports notes through Clang's diagnostic engine instead, so that an error
// inside a callee points back at the function being differentiated and at
// the request.
//===----------------------------------------------------------------------===//
#include "NoteBridge.h"
#include "Eddy/Support/Diagnostics.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "llvm/IR/DiagnosticInfo.h"

using namespace clang;

namespace eddy {
namespace {

class NoteBridge : public ASTConsumer {
public:
  explicit NoteBridge(CompilerInstance &CI) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    unsigned ID = Diags.getCustomDiagID(DiagnosticsEngine::Note, "%0");
    setNoteHook([&CI, &Diags, ID](const llvm::DiagnosticLocation &Where,
                                  const llvm::Twine &Msg) {
      SourceLocation Loc;
      if (Where.isValid())
        if (auto File = CI.getFileManager().getOptionalFileRef(Where.getAbsolutePath()))
          Loc = CI.getSourceManager().translateFileLineCol(
              *File, Where.getLine(), std::max(Where.getColumn(), 1u));
      Diags.Report(Loc, ID) << Msg.str();
    });
  }
  ~NoteBridge() override { setNoteHook(nullptr); }
};

} // namespace

std::unique_ptr<ASTConsumer> createNoteBridge(CompilerInstance &CI) {
  return std::make_unique<NoteBridge>(CI);
}

} // namespace eddy
