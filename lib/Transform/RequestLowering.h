//===- RequestLowering.h - Serving requests (private) -----------*- C++ -*-===//
//
// The class that turns each parsed request into a call of its derivative.
// Combined requests are lowered in RequestLowering.cpp, split reverse mode
// (__enzyme_augmentfwd / __enzyme_reverse / __enzyme_augmentsize) in
// SplitLowering.cpp.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_TRANSFORM_REQUESTLOWERING_H
#define EDDY_LIB_TRANSFORM_REQUESTLOWERING_H

#include "Eddy/Request/Request.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/IR/IRBuilder.h"
#include <map>

namespace eddy {

class RequestLowering {
public:
  RequestLowering(DerivativeCache &Cache, DiagnosticSink &Diags)
      : Cache(Cache), Diags(Diags) {}
  /// Replaces the request's call's uses; false after reporting an error.
  bool lower(DiffRequest &R);
  /// __eddy_tape_free(tape): releases a split-mode tape.
  void lowerTapeFree(llvm::CallBase &CB);

private:
  bool lowerReverse(DiffRequest &R);
  bool lowerForward(DiffRequest &R);
  // Split mode (SplitLowering.cpp).
  bool lowerAugment(DiffRequest &R);
  bool lowerBackward(DiffRequest &R);
  bool lowerAugmentSize(DiffRequest &R);
  /// The split pair of \p R, or {} after reporting why not.
  ReversePair splitPair(DiffRequest &R, const ActivitySignature &S);
  /// The identity of the split pair of (F, S) that its tapes carry.
  llvm::Value *splitKey(llvm::Function *F, const ActivitySignature &S);
  /// The tape handle of a split request, read from enzyme_tape's address or
  /// given as a value; null after reporting an error.
  llvm::Value *tapeHandle(DiffRequest &R, llvm::IRBuilderBase &B);
  /// Checks enzyme_allocated's size against the handle's.
  bool checkAllocated(DiffRequest &R);
  /// The primal arguments and shadows of \p R, converted to Fn's types.
  llvm::SmallVector<llvm::Value *, 8> callArguments(DiffRequest &R,
                                                    llvm::IRBuilderBase &B);

  /// A request's own tape budget around its gradient's call: made the
  /// thread's budget before (returns the setting it replaced), and that
  /// setting put back after.
  llvm::Value *enterBudget(DiffRequest &R, llvm::IRBuilderBase &B);
  void leaveBudget(DiffRequest &R, llvm::IRBuilderBase &B, llvm::Value *Saved);

  /// The function a reverse request calls: tape, both sweeps (inlined when
  /// small), seeds. \p At is the request (for an internal error).
  llvm::Function *gradientWrapper(llvm::Function *F, const ActivitySignature &S,
                                  ReversePair Pair, llvm::Instruction *At);
  llvm::Value *coerce(llvm::IRBuilderBase &B, llvm::Value *V, llvm::Type *To);
  /// Delivers \p Results (in order) as the request's result.
  bool deliver(DiffRequest &R, llvm::IRBuilderBase &B,
               llvm::ArrayRef<llvm::Value *> Results, llvm::StringRef What);
  /// Floating-point scalars in \p T (0 if a member holds something else).
  static unsigned countLeaves(llvm::Type *T);
  /// \p T filled with the next countLeaves(T) values of \p Rest.
  llvm::Value *buildAggregate(llvm::IRBuilderBase &B, llvm::Type *T,
                              llvm::ArrayRef<llvm::Value *> &Rest);

  DerivativeCache &Cache;
  DiagnosticSink &Diags;
  std::map<std::pair<llvm::Function *, ActivitySignature>, llvm::Function *>
      Wrappers;
  std::map<std::pair<llvm::Function *, ActivitySignature>, llvm::Value *>
      SplitKeys;
};

/// The request's activity signature (which parameters and whether the
/// return carry derivatives).
ActivitySignature requestSignature(const DiffRequest &R);

} // namespace eddy

#endif // EDDY_LIB_TRANSFORM_REQUESTLOWERING_H
