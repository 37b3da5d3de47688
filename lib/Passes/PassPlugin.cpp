//===- PassPlugin.cpp - Entry point for `opt -load-pass-plugin` -----------===//
//
//   opt-19 -load-pass-plugin=libEddyPasses.so -passes=eddy in.ll -S
//
// Only the parsing callback is registered here: the extension-point callback
// is added by registerEddyPipeline, which the Clang plugin calls, so loading
// this library through both -fplugin and -fpass-plugin runs Eddy once.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/EddyPass.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Eddy", "0.1",
          [](llvm::PassBuilder &PB) { eddy::registerEddyPassParsing(PB); }};
}
