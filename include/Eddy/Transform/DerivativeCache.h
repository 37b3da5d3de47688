//===- Eddy/Transform/DerivativeCache.h - One derivative per key -*- C++ -*-===//
//
// Every derivative is generated once per (function, mode, activity) and
// reused by every request and every call inside other derivatives, including
// recursive ones: the declaration is cached before its body is generated.
//
// Forward mode:  F.eddy.fwd.<sig>(x0, [dx0], x1, [dx1], ...)
//                   -> T | {T, dT}              (primal and tangent of the return)
// Reverse mode is a pair sharing one LIFO tape:
//   F.eddy.aug.<sig>(x0, [sx0], ..., ptr tape) -> T   (primal; pushes what the
//                                                     backward sweep needs)
//   F.eddy.rev.<sig>(x0, [sx0], ..., [dret], ptr tape)
//                   -> {adjoints of the active scalar parameters}
// In vector mode (Width N, names ending in _wN) each bracketed shadow,
// tangent, seed and adjoint is N of them, one per lane; the primal (and, in
// reverse mode, the augmented sweep and the tape) is shared by the lanes.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_TRANSFORM_DERIVATIVECACHE_H
#define EDDY_TRANSFORM_DERIVATIVECACHE_H

#include "Eddy/Analysis/Registrations.h"
#include "Eddy/Passes/EddyPass.h"
#include "Eddy/Support/Diagnostics.h"
#include "Eddy/Support/HeapReservoir.h"
#include "Eddy/Support/TimeReport.h"
#include "Eddy/Transform/Tape.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Transforms/Utils/ValueMapper.h"
#include <deque>
#include <map>
#include <optional>
#include <tuple>
#include <string>

namespace llvm {
class Function;
class Instruction;
class Module;
class StructType;
class Type;
} // namespace llvm

namespace eddy {
class DiagnosticSink;

/// Which parameters (and whether the return value) carry derivatives.
struct ActivitySignature {
  llvm::SmallVector<bool, 8> Args;
  bool Return = false;
  /// Tangents (forward) or adjoints (reverse) per active value: vector
  /// mode, enzyme_width.
  unsigned Width = 1;
  std::string str() const; ///< e.g. "ac_r" (active, const; active return), "ac_r_w4"
  bool operator<(const ActivitySignature &O) const {
    return std::tie(Args, Return, Width) < std::tie(O.Args, O.Return, O.Width);
  }
};

/// Which caller a reverse pair is built for.
enum class PairKind {
  /// A call inside another derivative: the callee's sweeps run with the
  /// caller's code in between; its record lives on the shared tape.
  Callee,
  /// A gradient wrapper's: both sweeps back to back, with no caller code
  /// between them; it may re-read memory the function never writes instead
  /// of taping it, and keeps its record in the wrapper (F.eddy.aug.<sig>.top).
  Outermost,
  /// Split mode's (__enzyme_augmentfwd / __enzyme_reverse): like a callee's,
  /// and every shadow the forward sweep allocates belongs to the tape, which
  /// frees it when it is released (with or without the backward sweep);
  /// callees get split pairs too (F.eddy.aug.<sig>.split).
  Split,
  /// Run by each thread of an OpenMP team (a callee of a parallel region's
  /// outlined function): adjoints add into shared shadows atomically where
  /// threads may collide (F.eddy.aug.<sig>.par).
  Parallel,
  /// The outlined function of a parallel region itself, which each thread
  /// runs once on its own tape: also accumulates into private buffers
  /// (F.eddy.aug.<sig>.region).
  ParallelRegion,
};

struct ReversePair {
  llvm::Function *Augmented = nullptr;
  llvm::Function *Adjoint = nullptr;
};

/// A sweep of a checkpointed loop function's reverse pair: which loop, for
/// which activity, and which of the two sweeps.
struct CheckpointSweep {
  llvm::Function *Loop = nullptr;
  ActivitySignature Sig;
  bool Adjoint = false;
  llvm::Function *Partner = nullptr; ///< The pair's other sweep.
};

class DerivativeCache {
public:
  /// \p ReportRegistrations: say what is wrong with the user's
  /// registrations (once per module: a second cache, for the requests with
  /// a tape budget of their own, does not repeat it).
  DerivativeCache(llvm::Module &M, llvm::ModuleAnalysisManager &MAM,
                  const EddyOptions &Opts, DiagnosticSink &Diags,
                  bool ReportRegistrations = true);
  ~DerivativeCache();

  /// Forward-mode derivative, or nullptr after reporting why not.
  /// \p At is the user's instruction that needs it (for diagnostics).
  llvm::Function *getForward(llvm::Function *F, const ActivitySignature &S,
                             llvm::Instruction *At);
  /// Reverse-mode pair of kind \p Kind, or {nullptr, nullptr} after
  /// reporting why not.
  ReversePair getReverse(llvm::Function *F, const ActivitySignature &S,
                         llvm::Instruction *At,
                         PairKind Kind = PairKind::Callee);

  /// Takes charge of a function made from user code while differentiating
  /// (a checkpointed loop's step and loop functions): it is optimized with
  /// the derivatives, and erased when nothing calls it any more.
  void adoptOutlined(llvm::Function *F) { Outlined.push_back(F); }
  bool isOutlined(const llvm::Function *F) const {
    return llvm::is_contained(Outlined, F);
  }

  /// The loop and activity whose pair \p Sweep belongs to, if it is one.
  std::optional<CheckpointSweep> checkpointSweepOf(const llvm::Function *Sweep) const;
  /// Per loop function and activity, which of its arguments the forward
  /// derivatives of its two sweeps give tangents (CheckpointTangent.cpp):
  /// both must run the same tangent loop.
  std::map<std::pair<llvm::Function *, ActivitySignature>, std::string> &
  checkpointTangentMasks() {
    return TangentMasks;
  }

  /// Records a generated function under the module's eddy.derivatives list.
  void recordGenerated(llvm::Function *Primal, llvm::StringRef Mode,
                       llvm::Function *Derivative);
  /// Erases the generated functions nothing calls any more, optimizes the
  /// others and drops the primal copies. The cache serves no request after.
  void finalize();
  /// After an error: replaces every generated body by `unreachable`, so the
  /// module stays valid until Clang stops with the reported error.
  void neutralize();

  llvm::Module &getModule() { return M; }
  DiagnosticSink &diags() { return Diags; }
  const EddyOptions &options() const { return Opts; }
  /// Runs Eddy's cleanup pipeline on \p F.
  void cleanup(llvm::Function &F);
  /// Runs the IR verifier on a freshly generated \p D; reports an internal
  /// error at \p At and returns false if it fails.
  bool verifyGenerated(llvm::Function &D, llvm::Instruction *At);
  /// Whether \p F is a generated function that passed verifyGenerated.
  /// The final check skips it by default: what changes it after is the
  /// inliner and the cleanup pipeline (LLVM's passes, plus Eddy's shadow
  /// forwarding and inlined allocation checks, which the lit suite covers
  /// with -fverify-intermediate-code).
  bool wasVerified(const llvm::Function *F) const { return Verified.contains(F); }
  llvm::FunctionAnalysisManager &analyses() { return FAM; }
  /// Times phase \p P until the scope ends (-fplugin-arg-eddy-time-report).
  TimeReport::Scope time(Phase P) {
    return TimeReport::Scope(Times.enabled() ? &Times : nullptr, P);
  }
  TimeReport &times() { return Times; }
  const TapeScopes &tapeScopes() const { return Scopes; }
  const Registrations &registrations() const { return Regs; }
  Registrations &registrations() { return Regs; }

private:
  /// The differentiable copy of F: a clone without optnone, in SSA form.
  /// Reverse mode's copy has its checkpointed loops outlined (null after
  /// reporting one that cannot be); forward mode's ignores the pragmas.
  llvm::Function *getPrimalCopy(llvm::Function *F, llvm::Instruction *At,
                                bool ForReverse);
  bool checkDifferentiable(llvm::Function *F, llvm::Instruction *At);

  /// One derivative to generate: forward mode's (Forward) or a reverse pair.
  struct Job {
    Job(llvm::Function *F, llvm::Function *Primal, const ActivitySignature &S,
        bool Checkpoint, llvm::Instruction *At)
        : F(F), Primal(Primal), S(S), Checkpoint(Checkpoint), At(At) {}
    llvm::Function *F = nullptr;      ///< The user's function.
    llvm::Function *Primal = nullptr; ///< Its copy (F itself for the
                                      ///< checkpointing functions).
    ActivitySignature S;
    llvm::Function *Forward = nullptr;
    ReversePair Pair;
    PairKind Kind = PairKind::Callee;
    bool Checkpoint = false; ///< A checkpointed loop's pair or its tangent.
    llvm::Instruction *At = nullptr;
    DiagnosticSink::FrameStack Frames; ///< The chain that asked for it.
  };
  /// Generates \p J's body (then verifies it), now, or — when a derivative
  /// is being generated and asks for a callee's — after that one: a call
  /// needs only the callee's declaration, and generating one function at a
  /// time keeps a chain of N calls from holding N builders (their analyses,
  /// maps and stack frames) at once. Returns false if generating it now
  /// failed; one put off returns true and reports its failure when it runs.
  bool generate(Job J);
  bool generateNow(const Job &J);
  std::deque<Job> Pending;
  unsigned Generating = 0;
  /// Within a checkpointing function's generation (Job::Checkpoint).
  bool GeneratingCheckpoint = false;
  /// Erases the local generated functions without uses (inlined pairs).
  void eraseDead();

  llvm::Module &M;
  llvm::FunctionAnalysisManager &FAM;
  const EddyOptions &Opts;
  DiagnosticSink &Diags;
  TapeScopes Scopes;
  Registrations Regs;
  llvm::DenseMap<llvm::Function *, llvm::Function *> PrimalCopies;
  /// Reverse mode's copies of functions with checkpointed loops.
  llvm::DenseMap<llvm::Function *, llvm::Function *> ReverseCopies;
  llvm::SmallVector<llvm::Function *, 4> Outlined;
  std::map<std::pair<llvm::Function *, ActivitySignature>, llvm::Function *>
      Forward;
  std::map<std::tuple<llvm::Function *, ActivitySignature, PairKind>,
           ReversePair>
      Reverse;
  llvm::SmallVector<llvm::Function *, 16> Generated;
  /// The generated functions that passed verifyGenerated.
  llvm::DenseSet<const llvm::Function *> Verified;
  /// The reverse pairs' forward sweeps, while finalize cleans up.
  llvm::SmallPtrSet<const llvm::Function *, 8> ForwardSweeps;
  std::map<std::pair<llvm::Function *, ActivitySignature>, std::string>
      TangentMasks;
  TimeReport Times;
  /// Free heap chunks held while large functions are copied and built
  /// (HeapReservoir.h); given back once finalize has cleaned up.
  HeapReservoir Reservoir;
  void absorbFreeMemoryFor(const llvm::Function &F);
};

/// Makes \p D a module-local function with the C calling convention, whatever
/// the primal it was declared or cloned from (fastcc, hidden, not dso_local).
void makeLocalDerivative(llvm::Function &D);

/// Runs SROA/mem2reg and CFG simplification on a fresh primal copy.
void canonicalizeForDifferentiation(llvm::Function &F,
                                    llvm::FunctionAnalysisManager &FAM);
/// How optimizeGenerated treats a function: -O0's short pipeline, or the full
/// one, without dead-store elimination for a reverse pair's forward sweep.
enum class CleanupKind { Full, ForwardSweep, Quick };

/// Optimizes generated derivative code (SROA, CSE, InstCombine, GVN, ...).
void optimizeGenerated(llvm::Function &F, llvm::FunctionAnalysisManager &FAM,
                       CleanupKind Kind = CleanupKind::Full);
/// At -O0, once no derivative will be differentiated again: floating-point
/// selects (the strong zeros of every tangent and adjoint) that the fast
/// instruction selector would turn into branches become masks and
/// fmuladd becomes fmul and fadd, which the -O0 back end's fast instruction
/// selector handles (QuickCodegen.cpp). Returns whether \p F changed.
bool lowerForFastSelection(llvm::Function &F);
/// From -O1 on, at the end of the optimization pipeline, on x86: each
/// floating-point select that the back end would turn into a branch (its
/// condition is not a comparison of its type, in its block, used by it alone)
/// becomes masks (QuickCodegen.cpp). Returns whether \p F changed.
bool lowerBranchingSelects(llvm::Function &F);
/// At -O0, after blocks are final (QuickCodegen.cpp): each constant-offset
/// address used in another block than its own is recomputed there, where the
/// fast instruction selector folds it into the memory operand instead of the
/// fast register allocator spilling and reloading it; and on x86, a
/// floating-point select whose comparison a cut left in another block gets a
/// copy of the comparison in its own, the one form the fast instruction
/// selector selects without a branch. Returns whether \p F changed.
bool rematerializeAcrossBlocks(llvm::Function &F);

} // namespace eddy

#endif // EDDY_TRANSFORM_DERIVATIVECACHE_H
