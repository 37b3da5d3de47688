//===- Eddy/Transform/BatchLowering.h - Batch requests to calls -*- C++ -*-===//
//
// Replaces each batch request (__enzyme_batch, Eddy/Request/Batch.h) by a
// call of a generated function that evaluates the batched function once per
// lane and returns the lanes' results.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_BATCHLOWERING_H
#define EDDY_TRANSFORM_BATCHLOWERING_H

#include "Eddy/Passes/EddyPass.h"
#include "llvm/IR/PassManager.h"

namespace eddy {
class DiagnosticSink;

/// Serves every batch request in \p M; errors go to \p Diags. Returns true
/// if the module changed.
bool lowerBatchRequests(llvm::Module &M, llvm::FunctionAnalysisManager &FAM,
                        const EddyOptions &Opts, DiagnosticSink &Diags);

} // namespace eddy

#endif // EDDY_TRANSFORM_BATCHLOWERING_H
