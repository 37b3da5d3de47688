//===- Eddy/Passes/AnnotationGuard.h - Annotations survive IPO -*- C++ -*-===//
//
// An inactive function or a function with a tangent or adjoint rule is a
// *call* Eddy treats specially. When its body is in the module, the module
// simplification pipeline that runs before EddyPass (inliner, IPSCCP, dead
// argument elimination, argument promotion, function merging, GlobalOpt)
// would inline or rewrite those calls, and Eddy would then differentiate the
// body the user told it not to. So the pair of passes below hides the body
// from interprocedural optimization for exactly that window:
//
//   PipelineStart   eddy-protect-annotated (in a module with a request or a
//                   named derivative; elsewhere nothing is differentiated and
//                   nothing changes): every use of an annotated
//                   function f outside Eddy's own bookkeeping is redirected
//                   to `f.eddy.protected`, a body-less declaration of the
//                   same type (metadata !eddy.protects names f), and f is
//                   kept alive in llvm.compiler.used. No IPO pass can look
//                   into, change the interface of, or replace a call of a
//                   declaration; the registration globals now name the stub,
//                   so Eddy finds the rules on the calls it sees.
//   OptimizerEarly  EddyPass, then eddy-restore-annotated: the stub's uses
//                   go back to f, the stub is deleted, and each such call
//                   whose inlining LLVM's cost model (at the pipeline's
//                   level) approves is inlined, so primal code keeps most of
//                   the inlining it had.
//
//   opt -passes='eddy-protect-annotated,default<O2>' does not place EddyPass;
//   tests spell the pipeline: 'eddy-protect-annotated,...,eddy,
//   eddy-restore-annotated'.
//===----------------------------------------------------------------------===//
#ifndef EDDY_PASSES_ANNOTATIONGUARD_H
#define EDDY_PASSES_ANNOTATIONGUARD_H

#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"

namespace eddy {

class ProtectAnnotatedPass : public llvm::PassInfoMixin<ProtectAnnotatedPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  /// At -O0 the always-inliner would still inline always_inline functions.
  static bool isRequired() { return true; }
};

class RestoreAnnotatedPass : public llvm::PassInfoMixin<RestoreAnnotatedPass> {
public:
  explicit RestoreAnnotatedPass(
      llvm::OptimizationLevel Level = llvm::OptimizationLevel::O2)
      : Level(Level) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  /// A stub left behind would be an undefined symbol at link time.
  static bool isRequired() { return true; }

private:
  llvm::OptimizationLevel Level;
};

} // namespace eddy

#endif // EDDY_PASSES_ANNOTATIONGUARD_H
