//===- EnzymeSurface.h - Enzyme names that Eddy does not serve --*- C++ -*-===//
//
// Enzyme's C ABI has more entry points and markers than Eddy serves. Without a
// word from Eddy, a call of an entry point it does not implement is a link
// error naming an unrelated symbol, and Eddy's own marker message lists only
// Eddy's markers. These tables let the AST checker name the construct and a
// remedy at its line instead, at every -O level.
//
// What Eddy *does* serve comes from include/eddy/abi.def (EDDY_ENTRY,
// EDDY_MARKER): a name added there is accepted without touching this file.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_ENZYMESURFACE_H
#define EDDY_FRONTEND_ENZYMESURFACE_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace eddy {

/// Why a called `__enzyme_*` function is not served: \c Name is the
/// callee's name and \c Remedy the sentence after the error's semicolon.
struct UnservedEntry {
  std::string Name;
  std::string Remedy;
};

/// If \p Callee (the link name of a declared-only function) spells one of
/// Enzyme's `__enzyme_*` entry points that Eddy does not implement, or an
/// unknown `__enzyme_*` function, says which; none for the entry points in
/// eddy/abi.def and for names that are not Enzyme's.
std::optional<UnservedEntry> unservedEntry(llvm::StringRef Callee);

/// For one of Enzyme's `enzyme_*` markers that Eddy does not accept, what to
/// do instead; none for names that are not Enzyme markers (a typo).
std::optional<llvm::StringRef> unservedMarkerRemedy(llvm::StringRef Marker);

} // namespace eddy

#endif // EDDY_FRONTEND_ENZYMESURFACE_H
