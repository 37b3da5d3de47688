//===- NoteBridge.h - Eddy's IR-level notes as Clang notes -----*- C++ -*-===//
#ifndef EDDY_FRONTEND_NOTEBRIDGE_H
#define EDDY_FRONTEND_NOTEBRIDGE_H

#include <memory>

namespace clang {
class ASTConsumer;
class CompilerInstance;
} // namespace clang

namespace eddy {

/// A consumer that, for as long as it lives (until after code generation),
/// shows the notes of Eddy's IR diagnostics through Clang's engine.
std::unique_ptr<clang::ASTConsumer> createNoteBridge(clang::CompilerInstance &CI);

} // namespace eddy

#endif // EDDY_FRONTEND_NOTEBRIDGE_H
