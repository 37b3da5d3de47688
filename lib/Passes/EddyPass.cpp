//===- EddyPass.cpp - Serve every derivative request in a module ----------===//
//
// The driver: collect requests, let RequestLowering generate and wire each
// derivative, then tidy up. Pipeline registration lives here too.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/EddyPass.h"
#include "Eddy/Analysis/ActivityAnalysis.h"
#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Passes/AnnotationGuard.h"
#include "Eddy/Passes/BlockSplitting.h"
#include "Eddy/Passes/InliningLocations.h"
#include "Eddy/Passes/VectorizerGate.h"
#include "Eddy/Runtime/Runtime.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Transform/Checkpointing.h"
#include "Eddy/Transform/RequestLowering.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"
#include <cstdlib>
#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace llvm;

/// For the front end's tests: leave the pragmas' markers in the primal code,
/// so that the IR after the whole pipeline shows where they were.
static cl::opt<bool> KeepCheckpointMarkers(
    "eddy-keep-checkpoint-markers", cl::Hidden,
    cl::desc("Do not delete __eddy_checkpoint calls from the primal code"));

namespace eddy {

/// Stack for differentiating: a call chain is differentiated callee by
/// callee, recursively, so a chain of a few thousand functions (generated
/// code) overflowed the compiler's 8 MB main stack. Only the pages used are
/// committed.
static constexpr unsigned DifferentiationStackBytes = 1u << 29;

PreservedAnalyses EddyPass::run(Module &M, ModuleAnalysisManager &MAM) {
  // On a thread of its own, with a stack that fits deep call chains; the
  // caller waits, so nothing else touches the module or its context.
  bool Changed = false;
#ifdef __GLIBC__
  // One malloc arena for both threads: in an arena of its own, what the
  // worker frees (primal copies, analyses) would never be reused by the back
  // end on this thread, and the compile's peak memory would be about the
  // sum of the two phases' instead of the larger (chain of 7,500 functions,
  // reverse mode, -O0: 564 -> 522 MB).
  mallopt(M_ARENA_MAX, 1);
#endif
  llvm::thread Worker(std::optional<unsigned>(DifferentiationStackBytes),
                      [&] { Changed = lowerAllRequests(M, MAM, Opts); });
  Worker.join();
  // What LLVMContext::diagnose does for an error nobody handles, on this
  // thread (Support/Diagnostics.cpp says why not on the worker).
  if (hadUnhandledError())
    exit(1);
  // The pragmas' markers in code Eddy did not differentiate (the primal).
  if (M.getFunction(CheckpointMarkerName) && !KeepCheckpointMarkers) {
    stripCheckpointMarkers(M);
    Changed = true;
  }
  // Last, so that the runtime (the out-of-memory reporter, the checkpointing
  // driver, the C API a program calls) is never differentiated.
  Changed |= linkRuntime(M);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

namespace {
/// Location tracking without debug info (a compile unit that emits none) is
/// what the plugin turned on for Eddy's diagnostics; after the IR pipeline
/// nothing reads it. Debug info the user asked for is never touched.
struct DropLocationTrackingPass : PassInfoMixin<DropLocationTrackingPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    for (DICompileUnit *CU : M.debug_compile_units())
      if (CU->getEmissionKind() != DICompileUnit::NoDebug)
        return PreservedAnalyses::all();
    return StripDebugInfo(M) ? PreservedAnalyses::none()
                             : PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};

/// After Eddy has read them, the registration arrays are dead: Enzyme drops
/// them too. Kept (they are `used`), an entry naming an `extern` variable the
/// program never defines (enzyme_inactive on a declaration) would be a link
/// error, at every level.
struct DropRegistrationsPass : PassInfoMixin<DropRegistrationsPass> {
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    SmallPtrSet<Constant *, 8> Dead;
    for (GlobalVariable &G : M.globals())
      if (Registrations::namesRegistration(G.getName()))
        Dead.insert(&G);
    if (Dead.empty())
      return PreservedAnalyses::all();
    removeFromUsedLists(
        M, [&](Constant *C) { return Dead.contains(C->stripPointerCasts()); });
    for (Constant *C : Dead) {
      auto *G = cast<GlobalVariable>(C);
      G->removeDeadConstantUsers(); // Casts left behind by the used lists.
      if (G->use_empty())
        G->eraseFromParent();
    }
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

/// print-eddy-activity: the activity of every defined function when all its
/// floating-point and pointer parameters are active (for IR tests).
struct PrintActivityPass : PassInfoMixin<PrintActivityPass> {
  PreservedAnalyses run(Function &F, FunctionAnalysisManager &) {
    SmallVector<bool, 8> Active;
    for (Argument &A : F.args())
      Active.push_back(A.getType()->isPointerTy() ||
                       isDifferentiableType(A.getType()));
    ActivityInfo(F, Active).print(outs());
    return PreservedAnalyses::all();
  }
  static bool isRequired() { return true; }
};
} // namespace

void registerEddyPassParsing(PassBuilder &PB) {
  PB.registerPipelineParsingCallback(
      [](StringRef Name, FunctionPassManager &FPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "eddy-restore-call-locations") {
          FPM.addPass(RestoreCallLocationsPass());
          return true;
        }
        if (Name != "print-eddy-activity")
          return false;
        FPM.addPass(PrintActivityPass());
        return true;
      });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM,
         ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "eddy") {
          MPM.addPass(EddyPass());
          return true;
        }
        if (Name == "eddy-hide-inlining-locations") {
          MPM.addPass(HideInliningLocationsPass());
          return true;
        }
        if (Name == "eddy-restore-inlining-locations") {
          MPM.addPass(RestoreInliningLocationsPass());
          return true;
        }
        if (Name == "eddy-protect-annotated") {
          MPM.addPass(ProtectAnnotatedPass());
          return true;
        }
        if (Name == "eddy-restore-annotated") {
          MPM.addPass(RestoreAnnotatedPass());
          return true;
        }
        if (Name == "eddy-split-large-blocks") {
          MPM.addPass(SplitLargeBlocksPass());
          return true;
        }
        if (Name == "eddy-split-large-blocks-final") {
          MPM.addPass(SplitLargeBlocksPass(SplitMode::Final));
          return true;
        }
        if (Name == "eddy-split-large-blocks-quick") { // -O0's.
          MPM.addPass(SplitLargeBlocksPass(SplitMode::Quick));
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

/// Set between a front end's setup of a compilation and its pipeline
/// registration. Clang's code generator runs one compilation at a time per
/// process (the driver, eddy-transform's sources one after the other), so one
/// flag is enough; the library is loaded once even when named both by
/// -fplugin (through EddyClang.so) and -fpass-plugin.
static bool FrontendWillRegister = false;

void announceFrontendPipeline() { FrontendWillRegister = true; }

void registerPassPluginCallbacks(PassBuilder &PB) {
  if (FrontendWillRegister) {
    registerEddyPassParsing(PB);
    return;
  }
  registerEddyPipeline(PB);
}

void registerEddyPipeline(PassBuilder &PB, EddyOptions Opts) {
  FrontendWillRegister = false;
  registerEddyPassParsing(PB);
  // Annotated functions are hidden from the simplification pipeline's IPO
  // (inliner, IPSCCP, ...) until Eddy has seen their calls, then given back
  // (AnnotationGuard.h).
  // Above -O0, with locations of Eddy's own, the inliner copies locations
  // as they are instead of making new ones (InliningLocations.h).
  auto HidesLocations = [Opts](OptimizationLevel Level) {
    return Opts.DropLocationTracking && Level != OptimizationLevel::O0;
  };
  PB.registerPipelineStartEPCallback(
      [HidesLocations](ModulePassManager &MPM, OptimizationLevel Level) {
        if (HidesLocations(Level))
          MPM.addPass(HideInliningLocationsPass());
        MPM.addPass(ProtectAnnotatedPass());
      });
  PB.registerCGSCCOptimizerLateEPCallback(
      [HidesLocations](CGSCCPassManager &CGPM, OptimizationLevel Level) {
        if (HidesLocations(Level))
          CGPM.addPass(
              createCGSCCToFunctionPassAdaptor(RestoreCallLocationsPass()));
      });
  PB.registerOptimizerEarlyEPCallback(
      [Opts, HidesLocations](ModulePassManager &MPM, OptimizationLevel Level) {
        if (HidesLocations(Level))
          MPM.addPass(RestoreInliningLocationsPass());
        EddyOptions LevelOpts = Opts;
        LevelOpts.QuickCleanup = Level == OptimizationLevel::O0;
        MPM.addPass(EddyPass(LevelOpts));
        MPM.addPass(RestoreAnnotatedPass(Level));
        MPM.addPass(DropRegistrationsPass());
        // Long generated blocks are cut before the vectorizers see them
        // (BlockSplitting.h), and again at the end for blocks that the
        // pipeline made long; -O0, which has no vectorizers, cuts at the
        // end only.
        if (Level != OptimizationLevel::O0)
          MPM.addPass(SplitLargeBlocksPass());
      });
  PB.registerOptimizerLastEPCallback(
      [Opts](ModulePassManager &MPM, OptimizationLevel Level) {
        MPM.addPass(SplitLargeBlocksPass(Level == OptimizationLevel::O0
                                             ? SplitMode::Quick
                                             : SplitMode::Final));
        MPM.addPass(RestoreImplicitFloatPass());
        // -O0's code generator has no LiveDebugValues, and stripping would
        // cost more than the locations do.
        if (Opts.DropLocationTracking && Level != OptimizationLevel::O0)
          MPM.addPass(DropLocationTrackingPass());
      });
}

} // namespace eddy
