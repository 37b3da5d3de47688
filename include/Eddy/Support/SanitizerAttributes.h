//===- Eddy/Support/SanitizerAttributes.h - Instrument what Eddy emits -*- C++ -*-===//
//
// Clang decides sanitizer instrumentation per function, by attributes on each
// definition it emits (`sanitize_address` under -fsanitize=address, none under
// __attribute__((no_sanitize("address"))), ...); the sanitizer passes run
// after Eddy (OptimizerLast) and instrument exactly the functions carrying
// them. A function Eddy generates has no attributes of its own, so without
// these helpers ASan would not check a derivative that writes past a
// too-short shadow, and MSan would see its stores as uninstrumented writes.
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_SANITIZERATTRIBUTES_H
#define EDDY_SUPPORT_SANITIZERATTRIBUTES_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Attributes.h"

namespace llvm {
class Function;
class Module;
} // namespace llvm

namespace eddy {

/// Gives \p To the sanitizer attributes of \p From (its primal): the
/// sanitize_* kinds and the opt-outs (disable_sanitizer_instrumentation,
/// nosanitize_bounds, nosanitize_coverage), so that `no_sanitize` on the
/// primal holds for its derivatives too.
void inheritSanitizerAttributes(llvm::Function &To, const llvm::Function &From);

/// The sanitize_* kinds that some defined function of \p M has (one pass
/// over the module: the runtime's functions all ask, and a chain of 30,000
/// functions made a pass per kind and function 6% of a compile).
llvm::SmallVector<llvm::Attribute::AttrKind, 2>
moduleSanitizers(const llvm::Module &M);

/// For a helper shared by the whole module (the tape's functions, complex
/// runtime bodies): each of moduleSanitizers(M).
void inheritModuleSanitizerAttributes(llvm::Function &To, const llvm::Module &M);

} // namespace eddy

#endif // EDDY_SUPPORT_SANITIZERATTRIBUTES_H
