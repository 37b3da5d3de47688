//===- RuntimeLinker.cpp - Link Eddy's embedded runtime into a module -----===//
//
// The bitcode of lib/Runtime/*.c is compiled into this library as bytes
// (cmake/EddyRuntime.cmake). A module that references the runtime gets what
// it references, and nothing else (Linker::LinkOnlyNeeded), after every
// derivative is generated: the runtime is never differentiated itself.
//===----------------------------------------------------------------------===//
#include "Eddy/Runtime/Runtime.h"
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MemoryBufferRef.h"

using namespace llvm;

namespace eddy {

/// Aligned: the bitcode reader reads 32-bit words.
alignas(16) static const unsigned char RuntimeBitcode[] = {
#include "EddyRuntimeBitcode.inc"
};

static bool inRuntimeNamespace(StringRef Name) {
  return Name.starts_with("__eddy_") || Name.starts_with("eddy_");
}

bool referencesRuntime(const Module &M) {
  for (const GlobalValue &GV : M.global_values())
    if (GV.isDeclaration() && inRuntimeNamespace(GV.getName()))
      return true;
  return false;
}

/// Makes \p RT's definitions fit \p M and merge across modules: linkonce_odr
/// (one copy survives linking a program); the generated code's entry points
/// (`__eddy_*` functions) hidden, the C API (`eddy_*`) and the state that
/// must be one per program (the handler, the statistics) visible; no CPU of
/// their own, so they follow the module's -march; instrumented like the
/// module's own code under a sanitizer.
static void adapt(Module &RT, const Module &M) {
  RT.setTargetTriple(M.getTargetTriple());
  RT.setDataLayout(M.getDataLayout());
  // Module flags (PIC level, wchar size, ...) are the user's to set; an
  // "error on mismatch" flag here would make linking fail.
  for (StringRef Name : {"llvm.module.flags", "llvm.ident"})
    if (NamedMDNode *MD = RT.getNamedMetadata(Name))
      RT.eraseNamedMetadata(MD);
  for (GlobalValue &GV : RT.global_values()) {
    if (GV.isDeclaration() || GV.hasLocalLinkage())
      continue;
    GV.setLinkage(GlobalValue::LinkOnceODRLinkage);
    GV.setUnnamedAddr(GlobalValue::UnnamedAddr::None); // One address, merged.
    bool Hidden = isa<Function>(GV) && GV.getName().starts_with("__eddy_");
    GV.setVisibility(Hidden ? GlobalValue::HiddenVisibility
                            : GlobalValue::DefaultVisibility);
  }
  const auto Sanitizers = moduleSanitizers(M);
  for (Function &F : RT) {
    for (StringRef A : {"target-cpu", "target-features", "tune-cpu"})
      F.removeFnAttr(A);
    if (!F.isDeclaration())
      for (Attribute::AttrKind K : Sanitizers)
        F.addFnAttr(K);
  }
}

bool linkRuntime(Module &M) {
  if (!referencesRuntime(M))
    return false;
  MemoryBufferRef Buffer(
      StringRef(reinterpret_cast<const char *>(RuntimeBitcode),
                sizeof RuntimeBitcode),
      "eddy-runtime.bc");
  Expected<std::unique_ptr<Module>> Parsed =
      parseBitcodeFile(Buffer, M.getContext());
  if (!Parsed)
    report_fatal_error(Twine("Eddy: the embedded runtime does not parse: ") +
                       toString(Parsed.takeError()));
  std::unique_ptr<Module> RT = std::move(*Parsed);
  bool Needed = false;
  for (const GlobalValue &GV : RT->global_values())
    if (!GV.isDeclaration())
      if (const GlobalValue *Use = M.getNamedValue(GV.getName()))
        Needed |= Use->isDeclaration();
  if (!Needed)
    return false;
  adapt(*RT, M);
  if (Linker::linkModules(M, std::move(RT), Linker::Flags::LinkOnlyNeeded))
    report_fatal_error(Twine("Eddy: the embedded runtime does not link into '") +
                       M.getModuleIdentifier() + "'");
  return true;
}

} // namespace eddy
