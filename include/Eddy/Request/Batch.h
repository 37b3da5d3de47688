//===- Eddy/Request/Batch.h - A batch request as plain data -----*- C++ -*-===//
//
// A batch request, `__enzyme_batch(f, enzyme_width, N, args...)`, evaluates
// f for N lanes of arguments and returns the N results. Each argument is a
// vector (N values, one per lane: `enzyme_vector`, the default), a scalar
// shared by the lanes (`enzyme_scalar`), or a strided buffer
// (`enzyme_buffer, stride, p`: lane k gets p + k * stride bytes). No
// derivative is involved; see BatchLowering.cpp for the generated code.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_REQUEST_BATCH_H
#define EDDY_REQUEST_BATCH_H

#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace llvm {
class CallBase;
class Function;
class Value;
} // namespace llvm

namespace eddy {
class DiagnosticSink;

enum class BatchKind { Vector, Scalar, Buffer };

struct BatchArg {
  BatchKind Kind = BatchKind::Vector;
  /// Vector: one value per lane. Scalar: the shared value. Buffer: the base
  /// pointer.
  llvm::SmallVector<llvm::Value *, 4> Values;
  /// Buffer only: the byte distance between consecutive lanes.
  llvm::Value *Stride = nullptr;
};

struct BatchRequest {
  llvm::CallBase *Call = nullptr;
  llvm::Function *Fn = nullptr;
  /// Set when the request returns its struct through memory (x86-64 sret).
  llvm::Value *SRet = nullptr;
  unsigned Width = 0;
  /// One per IR parameter of Fn, after its own sret parameter if it has one
  /// (the lowering gives each lane its own return slot).
  llvm::SmallVector<BatchArg, 8> Args;
};

/// Parses \p CB (isBatchRequest(CB) holds). Reports misuse at the call's
/// line through \p Diags and returns std::nullopt.
std::optional<BatchRequest> parseBatchRequest(llvm::CallBase &CB,
                                              DiagnosticSink &Diags);

} // namespace eddy

#endif // EDDY_REQUEST_BATCH_H
