//===- FrontendSetup.h - Eddy's hooks into Clang's code generator -*- C++ -*-===//
//
// What the Clang plugin and eddy-transform both do to a compilation: read the
// -fplugin-arg-eddy-<option> arguments and make code generation run Eddy.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_FRONTENDSETUP_H
#define EDDY_FRONTEND_FRONTENDSETUP_H

#include "Eddy/Passes/EddyPass.h"
#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace clang {
class CodeGenOptions;
class DiagnosticsEngine;
class Preprocessor;
} // namespace clang

namespace eddy {

/// The plugin's registered name. It must not contain '-': the driver splits
/// -fplugin-arg-<name>-<arg> at the first dash after the prefix.
inline constexpr const char *PluginName = "eddy";

/// The list of plugin options (-fplugin-arg-eddy-help prints it; so does
/// eddy-transform --help).
extern const char *const PluginOptionsHelp;

/// Applies the plugin arguments (the part after -fplugin-arg-eddy-) to
/// \p Opts. `help` prints the list to \p HelpOS; an unknown argument is
/// reported through \p Diags as an error. Returns false on an unknown one.
bool parsePluginArgs(llvm::ArrayRef<std::string> Args, EddyOptions &Opts,
                     clang::DiagnosticsEngine &Diags, llvm::raw_ostream &HelpOS);

/// Makes the code generator run Eddy's passes (through
/// CodeGenOptions::PassBuilderCallbacks) and, if no debug info was requested,
/// track source locations so the passes' errors name source lines.
void addEddyToCodeGen(clang::CodeGenOptions &CG, const EddyOptions &Opts);

/// Defines __EDDY__ for the translation unit, so that eddy.h's registration
/// macros can fail loudly when the code is compiled without Eddy.
void defineEddyMacro(clang::Preprocessor &PP);

} // namespace eddy

#endif // EDDY_FRONTEND_FRONTENDSETUP_H
