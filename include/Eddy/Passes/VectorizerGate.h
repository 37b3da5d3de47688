//===- Eddy/Passes/VectorizerGate.h - No vectorizers on huge sweeps -*- C++ -*-===//
//
// LLVM's SLP vectorizer is quadratic on the derivative of a large `switch`
// inside a loop. Each case's rules pair a primal value with its tangent or
// adjoint (`s * ds`), and when both are phis of the loop header, SLP orders
// the pair by counting the uses of each phi: thousands, one set per case,
// walked again for every case. On a 2,000-case switch the forward
// derivative's -O2 compile spent 1.1-1.3 s in SLP and the reverse one
// 1.3 s, against nothing measurable for the plain compile (issue 12).
//
// SLP is also quadratic in the size of a function, whatever its blocks: it
// gathers scalars into vectors block by block, then looks for each gather
// sequence's twin among all those of the function (optimizeGatherSequence).
// On the reverse request of a straight-line function (bench/compile) its
// runs on the two sweeps took 0.7 s at 10,000 statements, 5.6 s at 30,000
// and 75 s at 100,000, a third of that compile.
//
// What SLP pairs in such a switch does not pay at run time either: the
// derivatives of a 250-case switch ran 0.39 -> 0.35 us (tangent) and
// 0.60 -> 0.50 us (gradient) per call without it, and their compile took
// 10-15% less.
//
// So a generated function of more than 250 blocks (-mllvm
// -eddy-vectorize-max-blocks), or of more than 100,000 instructions
// (-mllvm -eddy-vectorize-max-instructions), whose
// innermost loops are all too big for the loop vectorizer to take (more
// than 64 blocks, or no loop at all) gets `noimplicitfloat` from the clean-up
// (optimizeGenerated) until the end of the optimization pipeline, which both
// vectorizers respect; RestoreImplicitFloatPass then takes it off again, so
// the back end lowers memcpy and memset as usual. What is given up is SLP's
// pairing of scalar code in such functions; the derivatives of bench/ have
// at most 200 blocks.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_VECTORIZERGATE_H
#define EDDY_PASSES_VECTORIZERGATE_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class Attribute;
} // namespace llvm

namespace eddy {

/// Hides \p F from the vectorizers when it is too large for SLP and has no
/// loop small enough for the loop vectorizer. Returns whether it did.
bool skipVectorizersIfHuge(llvm::Function &F,
                           llvm::FunctionAnalysisManager &FAM);

/// Takes `noimplicitfloat` off the functions skipVectorizersIfHuge marked.
/// Is \p F's `noimplicitfloat` Eddy's (skipVectorizersIfHuge), to be dropped
/// again by RestoreImplicitFloatPass?
bool hasSkippedVectorizers(const llvm::Function &F);

/// Is \p A the mark that says so (outlined pieces keep it)?
bool isVectorizerGateMark(const llvm::Attribute &A);

struct RestoreImplicitFloatPass
    : llvm::PassInfoMixin<RestoreImplicitFloatPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
};

} // namespace eddy

#endif // EDDY_PASSES_VECTORIZERGATE_H
