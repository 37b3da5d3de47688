//===- Eddy/Request/Request.h - A derivative request as plain data -*- C++ -*-===//
//
// A request is a call to a declared-only function whose name contains
// __enzyme_autodiff (reverse) or __enzyme_fwddiff (forward). parseRequest
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
  llvm::SmallVector<RequestArg, 8> Args; ///< One per parameter of Fn.
};

/// If \p CB calls a request entry point, returns its mode.
std::optional<DiffMode> classifyRequest(const llvm::CallBase &CB);

/// Does \p CB call a batch entry point (`__enzyme_batch`, Batch.h)?
bool isBatchRequest(const llvm::CallBase &CB);

/// The function a request's first argument names: a constant, or (at -O0) a
/// local variable only ever assigned that one function; else null.
llvm::Function *resolveFunction(llvm::Value *V);

/// Parses \p CB (already classified as \p Mode). Reports misuse through
/// \p Diags and returns std::nullopt.
std::optional<DiffRequest> parseRequest(llvm::CallBase &CB, DiffMode Mode,
                                        DiagnosticSink &Diags);

} // namespace eddy

#endif // EDDY_REQUEST_REQUEST_H
