//===- Eddy/Passes/InliningLocations.h - Inlining without new locations -*- C++ -*-===//
//
// Without -g the plugin turns on location tracking so that Eddy's errors
// name the user's line (Frontend/FrontendSetup.cpp). Each time the inliner
// copies a body into a caller, it gives every copied instruction a new
// location, its own "inlined at" the call, uniqued in the context for the
// rest of the compile. Where calls are inlined into calls into calls, that is
// a node per instruction and inlining: on bench/compile's chain shape at -O2
// (7,500 small functions calling each other, 30,000 statements) location
// tracking took the plain compile from 206 MB to 789 MB, and a reverse
// request's from 436 MB to 962 MB.
//
// Eddy reads an instruction's innermost location only (file, line, column:
// Support/Diagnostics.cpp), which inlining does not change, and LLVM's
// inliner leaves the copied locations as they are when the call it inlines
// has none. A call without a location is valid IR only in a function
// without a subprogram. So, above -O0, in a compile whose locations are
// Eddy's own:
//
//   PipelineStart       eddy-hide-inlining-locations: each function's
//                       subprogram moves to an !eddy.subprogram attachment,
//                       and each call's location to an !eddy.call.loc one
//                       (its scope, line and column; the inliner copies it
//                       with the call into every inlined body);
//   CGSCCOptimizerLate  eddy-restore-call-locations, on each function once
//                       the inliner has inlined its callees (bottom-up:
//                       before its callers inline it): the calls that are
//                       still calls get their locations back, so that what
//                       rewrites them later (the inliner turning a call into
//                       an invoke, dead argument elimination) keeps them;
//   OptimizerEarly      eddy-restore-inlining-locations, before EddyPass: the
//                       same for calls left, each function gets its
//                       subprogram back, and the locations it holds from
//                       other functions get one inlined-at level, a line-0
//                       location of its own, so that the IR is valid again.
//
// A call rebuilt while its location was hidden (argument promotion, at -O3)
// takes its neighbour's. Calls of intrinsics keep theirs: they are never
// inlined.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_INLININGLOCATIONS_H
#define EDDY_PASSES_INLININGLOCATIONS_H

#include "llvm/IR/PassManager.h"

namespace eddy {

class HideInliningLocationsPass
    : public llvm::PassInfoMixin<HideInliningLocationsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// Only locations change, which no analysis reads.
class RestoreCallLocationsPass
    : public llvm::PassInfoMixin<RestoreCallLocationsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
};

class RestoreInliningLocationsPass
    : public llvm::PassInfoMixin<RestoreInliningLocationsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

} // namespace eddy

#endif // EDDY_PASSES_INLININGLOCATIONS_H
