//===- EddyPass.cpp - Serve every derivative request in a module ----------===//
//
// The driver: collect requests, let RequestLowering generate and wire each
// derivative, then tidy up. Pipeline registration lives here too.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/EddyPass.h"
#include "Eddy/Transform/RequestLowering.h"
#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

namespace eddy {

PreservedAnalyses EddyPass::run(Module &M, ModuleAnalysisManager &MAM) {
  if (!lowerAllRequests(M, MAM, Opts))
    return PreservedAnalyses::all();
  return PreservedAnalyses::none();
}

void registerEddyPassParsing(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "eddy") {
          MPM.addPass(EddyPass());
          return true;
        }
        if (Name == "eddy-raw") { // No cleanup of the generated code.
          EddyOptions Opts;
          Opts.CleanupGenerated = false;
          MPM.addPass(EddyPass(Opts));
          return true;
        }
        return false;
      });
}

void registerEddyPipeline(PassBuilder &PB, EddyOptions Opts) {
  registerEddyPassParsing(PB);
  PB.registerOptimizerEarlyEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(EddyPass(Opts));
      });
}

} // namespace eddy
