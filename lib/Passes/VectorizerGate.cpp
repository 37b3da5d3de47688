//===- VectorizerGate.cpp - No vectorizers on huge sweeps -----------------===//
//
// See Eddy/Passes/VectorizerGate.h for why.
//===----------------------------------------------------------------------===//
#include "Eddy/Passes/VectorizerGate.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace eddy {

/// The marker of a function whose `noimplicitfloat` is Eddy's.
static constexpr const char *SkippedAttr = "eddy-vectorizers-skipped";
/// Functions up to this many blocks keep the vectorizers (VectorizerGate.h).
static cl::opt<unsigned> MaxVectorizedBlocks(
    "eddy-vectorize-max-blocks", cl::Hidden, cl::init(250),
    cl::desc("Generated functions without small loops and with more blocks "
             "than this are hidden from the vectorizers"));
/// Innermost loops up to this many blocks are the loop vectorizer's to try.
static constexpr unsigned MaxVectorizableLoopBlocks = 64;
/// ... and up to this many instructions.
static constexpr size_t MaxVectorizableLoopInstructions = 10000;
/// Functions up to this many instructions keep the vectorizers, whatever
/// their blocks (VectorizerGate.h).
static cl::opt<unsigned> MaxVectorizedInstructions(
    "eddy-vectorize-max-instructions", cl::Hidden, cl::init(100000),
    cl::desc("Generated functions without small loops and larger than this "
             "are hidden from the vectorizers"));

/// Might the loop vectorizer take \p L: an innermost loop of at most
/// MaxVectorizableLoopBlocks blocks and MaxVectorizableLoopInstructions
/// instructions (a loop body of 10^5 instructions is no vectorizer's, and
/// kept SLP on the backward sweep of one: 78 s of a 100,000-statement
/// loop's reverse request)?
static bool isVectorizableLoop(const Loop &L) {
  if (!L.isInnermost() || L.getNumBlocks() > MaxVectorizableLoopBlocks)
    return false;
  size_t Size = 0;
  for (const BasicBlock *BB : L.blocks())
    if ((Size += BB->size()) > MaxVectorizableLoopInstructions)
      return false;
  return true;
}

bool skipVectorizersIfHuge(Function &F, FunctionAnalysisManager &FAM) {
  if ((F.size() <= MaxVectorizedBlocks &&
       !hasNItemsOrMore(instructions(F), MaxVectorizedInstructions + 1)) ||
      F.hasFnAttribute(Attribute::NoImplicitFloat))
    return false;
  for (const Loop *L : FAM.getResult<LoopAnalysis>(F).getLoopsInPreorder())
    if (isVectorizableLoop(*L))
      return false;
  F.addFnAttr(Attribute::NoImplicitFloat);
  F.addFnAttr(SkippedAttr);
  return true;
}

bool hasSkippedVectorizers(const Function &F) {
  return F.hasFnAttribute(SkippedAttr);
}

bool isVectorizerGateMark(const Attribute &A) {
  return A.isStringAttribute() && A.getKindAsString() == SkippedAttr;
}

PreservedAnalyses RestoreImplicitFloatPass::run(Module &M,
                                                ModuleAnalysisManager &) {
  bool Changed = false;
  for (Function &F : M)
    if (hasSkippedVectorizers(F)) {
      F.removeFnAttr(Attribute::NoImplicitFloat);
      F.removeFnAttr(SkippedAttr);
      Changed = true;
    }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace eddy
