//===- Canonicalize.cpp - Put a primal copy into differentiable form -------===//
//
// At -O0 Clang leaves every local in memory and marks functions optnone; the
// copy Eddy differentiates is first brought to SSA (so loads and stores of
// locals do not become shadow traffic). At -O2 this is nearly a no-op.
//===----------------------------------------------------------------------===//
#include "Eddy/Transform/DerivativeCache.h"
#include "Eddy/Analysis/ElementType.h"
#include "llvm/IR/Function.h"
#include "llvm/Transforms/Scalar/ADCE.h"
#include "llvm/Transforms/Scalar/DeadStoreElimination.h"
#include "llvm/Transforms/Scalar/EarlyCSE.h"
#include "llvm/Transforms/Scalar/GVN.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"
#include "llvm/Transforms/Scalar/SROA.h"
#include "llvm/Transforms/Scalar/SimplifyCFG.h"
#include "llvm/Transforms/InstCombine/InstCombine.h"
#include "llvm/Transforms/Utils/LoopSimplify.h"
#include "llvm/Transforms/Utils/Mem2Reg.h"

using namespace llvm;

namespace eddy {

void canonicalizeForDifferentiation(Function &F, FunctionAnalysisManager &FAM) {
  FunctionPassManager FPM;
  FPM.addPass(PromotePass());
  FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/false));
  // Folds the bitcast round trips SROA leaves for unions and memcpy'd copies,
  // so only real bit manipulation of active values is refused.
  FPM.addPass(InstSimplifyPass());
  FPM.addPass(SimplifyCFGPass());
  FPM.addPass(LoopSimplifyPass()); // Preheaders, where the tape is reserved.
  FPM.run(F, FAM);
  retypeIntegerCopies(F);
  FAM.invalidate(F, PreservedAnalyses::none());
}

void optimizeGenerated(Function &F, FunctionAnalysisManager &FAM) {
  FunctionPassManager FPM;
  FPM.addPass(SROAPass(SROAOptions::ModifyCFG));
  FPM.addPass(EarlyCSEPass(/*UseMemorySSA=*/true));
  FPM.addPass(InstCombinePass());
  FPM.addPass(SimplifyCFGPass());
  FPM.addPass(GVNPass());
  FPM.addPass(DSEPass());
  FPM.addPass(ADCEPass());
  FPM.addPass(InstCombinePass());
  FPM.addPass(SimplifyCFGPass());
  FPM.run(F, FAM);
  FAM.invalidate(F, PreservedAnalyses::none());
}

} // namespace eddy
