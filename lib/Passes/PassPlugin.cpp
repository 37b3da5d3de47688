//===- PassPlugin.cpp - Entry point for `opt -load-pass-plugin` -----------===//
//
//   opt-19 -load-pass-plugin=libEddyPasses.so -passes=eddy in.ll -S
//
//   clang-19 -fpass-plugin=libEddyPasses.so -O2 f.c      # no -fplugin
//
// Without the Clang plugin the library registers the whole pipeline (requests
// are served at every -O level, and by opt's default<On> pipelines). When the
// Clang plugin or eddy-transform set up the compilation, they register it
// with their options and this entry adds only `-passes=` parsing, so loading
// the library through both -fplugin and -fpass-plugin runs Eddy once.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/EddyPass.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

extern "C" LLVM_ATTRIBUTE_WEAK ::llvm::PassPluginLibraryInfo
llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Eddy", "0.1",
          [](llvm::PassBuilder &PB) { eddy::registerPassPluginCallbacks(PB); }};
}
