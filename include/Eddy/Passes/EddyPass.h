//===- Eddy/Passes/EddyPass.h - The module pass that serves requests -*- C++ -*-===//
//
// EddyPass finds every derivative request in a module (calls to
// __enzyme_autodiff* / __enzyme_fwddiff*), generates each derivative once per
// (function, mode, activity) and rewrites the request into a call of it.
//
//   opt-19 -load-pass-plugin=libEddyPasses.so -passes=eddy in.ll
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_EDDYPASS_H
#define EDDY_PASSES_EDDYPASS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class PassBuilder;
} // namespace llvm

namespace eddy {

/// Options of one Eddy run, passed down explicitly (no mutable globals).
struct EddyOptions {
  /// Optimize the generated derivatives with a small cleanup pipeline (SROA,
  /// EarlyCSE, InstCombine, SimplifyCFG, GVN). Off only for IR tests that
  /// want to see the raw construction.
  bool CleanupGenerated = true;
  /// At -O0 the cleanup is the part that makes the generated code readable
  /// and small (SROA, EarlyCSE, SimplifyCFG, ADCE), not the part that makes
  /// it fast (GVN, DSE, InstCombine): a -O0 compile stays quick (issue 12).
  bool QuickCleanup = false;
  /// Print the time of Eddy's phases and the size of the generated code
  /// (-fplugin-arg-eddy-time-report; Support/TimeReport.h).
  bool TimeReport = false;
  /// -fplugin-arg-eddy-tape-budget=<bytes>: reverse mode runs the outermost
  /// counted loops of differentiated functions under a driver that stores
  /// their tape while it fits in this many bytes and switches to binomial
  /// checkpointing when it would not (0: off; docs/checkpointing.md).
  uint64_t TapeBudget = 0;
  /// Derivatives that will be differentiated themselves (requests inside a
  /// differentiated function: Hessians, nested eddy::derivative) guard their
  /// strong zeros so that the guard has the right derivative: only a
  /// non-finite partial is replaced, where first-order code replaces the
  /// whole product, which is cheaper (Rules/MathBuilder.h, strongZero).
  bool DifferentiableStrongZeros = false;
  /// The front end turned on location tracking only so that Eddy's errors
  /// name the user's line (no -g, no -Rpass): above -O0, drop the locations
  /// once Eddy is done, so that the code generator does not carry them (its
  /// LiveDebugValues alone was 15% of a 3,000-statement -O2 compile).
  bool DropLocationTracking = false;
  /// Verify the whole module once the requests are lowered: Clang's own
  /// verifier setting (on with -fverify-intermediate-code or in an LLVM
  /// with assertions). Otherwise Eddy verifies what it builds, where it
  /// builds it, and the user's functions it rewrote (RequestLowering.cpp).
  bool VerifyModule = false;
};

class EddyPass : public llvm::PassInfoMixin<EddyPass> {
public:
  explicit EddyPass(EddyOptions Opts = {}) : Opts(Opts) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  /// Requests must be served even in `optnone` (-O0) code.
  static bool isRequired() { return true; }

private:
  EddyOptions Opts;
};

/// Adds EddyPass at the OptimizerEarly extension point (after the module
/// simplification pipeline, so Eddy differentiates optimized SSA) and makes
/// `-passes=eddy` parseable. Used by the Clang plugin, eddy-transform and the
/// `opt` pass plugin alike.
void registerEddyPipeline(llvm::PassBuilder &PB, EddyOptions Opts = {});

/// Only the `-passes=eddy` parsing callback.
void registerEddyPassParsing(llvm::PassBuilder &PB);

/// What the pass-plugin entry (`-fpass-plugin=libEddyPasses.so`, `opt
/// -load-pass-plugin`) registers: the whole pipeline, so the pass plugin alone
/// differentiates — unless the Clang plugin or eddy-transform set up this
/// compilation (announceFrontendPipeline), in which case they register the
/// pipeline with their options and the entry adds only the parsing callback,
/// so Eddy runs once.
void registerPassPluginCallbacks(llvm::PassBuilder &PB);

/// Called by a front end (the Clang plugin, eddy-transform) when it adds
/// registerEddyPipeline to a compilation's code generator. Clang registers
/// pass plugins' callbacks before the front end's, so this must be said
/// before code generation starts; registerEddyPipeline withdraws it.
void announceFrontendPipeline();

/// Name of the module-level named metadata that lists every generated
/// derivative: one node per derivative, !{!"primal", !"mode", !"derivative"}.
inline constexpr const char *GeneratedListMDName = "eddy.derivatives";

} // namespace eddy

#endif // EDDY_PASSES_EDDYPASS_H
