//===- Eddy/Request/Request.h - A derivative request as plain data -*- C++ -*-===//
//
// A request is a call to a declared-only function whose name contains
// __enzyme_autodiff (reverse) or __enzyme_fwddiff (forward), or one of split
// reverse mode's __enzyme_augmentfwd / __enzyme_reverse /
// __enzyme_augmentsize (reverse, with a SplitPart). parseRequest
// turns the call's marker/argument list into a DiffRequest record, checking it
// against the differentiated function's signature (errors at the call's line).
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_REQUEST_REQUEST_H
#define EDDY_REQUEST_REQUEST_H

#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace llvm {
class CallBase;
class Function;
class Value;
} // namespace llvm

namespace eddy {
class DiagnosticSink;

enum class DiffMode { Forward, Reverse };

/// Activity of one parameter of the differentiated function.
enum class ArgActivity {
  Const,     ///< Not differentiated.
  Dup,       ///< Has a shadow: pointer shadow memory, or a forward tangent.
  DupNoNeed, ///< As Dup; the primal result written through it is not needed.
  Out,       ///< Reverse mode: active scalar whose adjoint is returned.
};

/// Which half of split reverse mode a request asks for (None: a combined
/// gradient or a forward derivative).
enum class SplitPart {
  None,
  Augment,     ///< __enzyme_augmentfwd: the forward sweep; returns a tape.
  Backward,    ///< __enzyme_reverse: the adjoint sweep; consumes the tape.
  AugmentSize, ///< __enzyme_augmentsize: the bytes enzyme_allocated needs.
};

/// Split mode's options (`enzyme_tape`, `enzyme_allocated`, `enzyme_nofree`)
/// and positional extras.
struct SplitOptions {
  SplitPart Part = SplitPart::None;
  /// `enzyme_tape, p`: the address where the tape handle is stored (augment)
  /// or read from (backward). Null: the augment returns the handle, the
  /// backward takes it as its last argument (TapeValue).
  llvm::Value *TapeAddress = nullptr;
  llvm::Value *TapeValue = nullptr;
  /// `enzyme_allocated, N`: the caller's storage at TapeAddress holds N bytes.
  std::optional<uint64_t> AllocatedBytes; ///< UINT64_MAX: not a constant.
  bool NoFree = false;
  /// Backward only: the differential of an active (floating-point) return;
  /// null means 1.0.
  llvm::Value *ReturnAdjoint = nullptr;
};

struct RequestArg {
  ArgActivity Activity = ArgActivity::Const;
  llvm::Value *Primal = nullptr;
  /// Dup/DupNoNeed only: one shadow (tangent) per lane.
  llvm::SmallVector<llvm::Value *, 1> Shadows;
};

struct DiffRequest {
  llvm::CallBase *Call = nullptr;
  llvm::Function *Fn = nullptr;
  DiffMode Mode = DiffMode::Reverse;
  /// Set when the request returns a struct through memory (x86-64 `sret`).
  llvm::Value *SRet = nullptr;
  /// Forward vector mode (enzyme_width N): tangents per active value.
  unsigned Width = 1;
  /// `eddy_tape_budget, B` (reverse mode): the request's tape budget in
  /// bytes, an integer value known at run time; null when not given.
  llvm::Value *TapeBudget = nullptr;
  llvm::SmallVector<RequestArg, 8> Args; ///< One per parameter of Fn.
  SplitOptions Split;
};

/// If \p CB calls a request entry point, returns its mode (Reverse for the
/// split-mode entry points).
std::optional<DiffMode> classifyRequest(const llvm::CallBase &CB);
/// The split-mode part \p CB asks for (None for other calls).
SplitPart classifySplit(const llvm::CallBase &CB);
/// Whether \p CB calls __eddy_tape_free (releases a split-mode tape).
bool isTapeFree(const llvm::CallBase &CB);

/// Does \p CB call a batch entry point (`__enzyme_batch`, Batch.h)?
bool isBatchRequest(const llvm::CallBase &CB);

/// The function a request's first argument names: a constant, or (at -O0) a
/// local variable only ever assigned that one function; else null.
llvm::Function *resolveFunction(llvm::Value *V);

/// Undoes the optimizer's merging of requests: at -O2, `c ? request(f, x)
/// : request(g, x)` becomes one request of `select c, f, g`. Each such call
/// becomes a branch on c with one request per function (recursively), so the
/// verdict is the same at every level. Returns the requests that replace
/// \p CB (just \p CB when nothing was merged).
llvm::SmallVector<llvm::CallBase *, 2> splitMergedRequest(llvm::CallBase &CB);

/// Parses \p CB (already classified as \p Mode). Reports misuse through
/// \p Diags and returns std::nullopt.
std::optional<DiffRequest> parseRequest(llvm::CallBase &CB, DiffMode Mode,
                                        DiagnosticSink &Diags);

} // namespace eddy

#endif // EDDY_REQUEST_REQUEST_H
