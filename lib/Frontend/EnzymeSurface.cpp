//===- EnzymeSurface.cpp - Enzyme names that Eddy does not serve ---------===//
//
// The lists follow Enzyme's own recognition (Enzyme.cpp's entry-point
// dispatch and its argument decoder): an entry point is any function whose
// name *contains* the spelling, a marker is the global it names.
//===----------------------------------------------------------------------===//
#include "EnzymeSurface.h"

#include "llvm/ADT/STLExtras.h"

namespace eddy {
namespace {

/// The implemented entry points: any name containing one of these is a
/// request, whatever else this file says.
constexpr llvm::StringLiteral Served[] = {
#define EDDY_ENTRY(Substring, Mode) #Substring,
#define EDDY_SPLIT_ENTRY(Substring, Part) #Substring,
#define EDDY_BATCH_ENTRY(Substring) #Substring,
#include "eddy/abi.def"
};

struct Unserved {
  llvm::StringLiteral Spelling;
  llvm::StringLiteral Remedy;
};

// Longer spellings first where one contains another (`__enzyme_truncate_mem_
// func` before `__enzyme_truncate`).
constexpr Unserved Entries[] = {
    {"__enzyme_fwdsplit",
     "forward split mode has no Eddy counterpart; use __enzyme_fwddiff"},
    {"__enzyme_virtualreverse",
     "Eddy does not build derivatives of virtual functions as objects; "
     "differentiate the caller through the virtual call, or give the "
     "function a custom rule (EDDY_ADJOINT_RULE)"},
    {"__enzyme_error_estimate",
     "Eddy computes derivatives, not floating-point error estimates; use "
     "__enzyme_fwddiff for the tangent"},
    {"__enzyme_post_sparse_todense",
     "Eddy has no sparse derivatives; use dense arrays"},
    {"__enzyme_todense", "Eddy has no sparse derivatives; use dense arrays"},
    {"__enzyme_truncate", "Eddy does not change floating-point precision; "
                          "call a version of the function written in the "
                          "narrower type"},
    {"__enzyme_expand_mem_value",
     "Eddy does not change floating-point precision; convert the value "
     "explicitly"},
    {"__enzyme_fprt", "Eddy does not change floating-point precision; call a "
                      "version of the function written in the narrower type"},
    {"__enzyme_likelihood", "Eddy has no probabilistic programming"},
    {"__enzyme_condition", "Eddy has no probabilistic programming"},
    {"__enzyme_sample", "Eddy has no probabilistic programming"},
    {"__enzyme_observe", "Eddy has no probabilistic programming"},
    {"__enzyme_trace", "Eddy has no probabilistic programming"},
    {"__enzyme_float", "Eddy infers the types of memory itself; remove the "
                       "type hint"},
    {"__enzyme_double", "Eddy infers the types of memory itself; remove the "
                        "type hint"},
    {"__enzyme_integer", "Eddy infers the types of memory itself; remove the "
                         "type hint"},
    {"__enzyme_pointer", "Eddy infers the types of memory itself; remove the "
                         "type hint"},
    {"__enzyme_iter", "remove the hint and use the value itself"},
    {"__enzyme_ignore_derivatives",
     "compute the value in a function registered inactive "
     "(EDDY_INACTIVE_FUNCTION) or pass it as enzyme_const"},
    {"__enzyme_call_inactive",
     "register the callee inactive (EDDY_INACTIVE_FUNCTION) and call it "
     "directly"},
};

/// Names that start like an entry point but belong to work that serves them
/// outside eddy/abi.def (the global shadows of issue 11, item 4), so that
/// their calls reach the passes.
constexpr llvm::StringLiteral ServedElsewhere[] = {
    "__enzyme_context", "__enzyme_shadow", "__enzyme_zero_shadows"};

constexpr llvm::StringLiteral EntryPrefix = "__enzyme_";

// Markers owned elsewhere (split mode: enzyme_tape, enzyme_allocated,
// enzyme_nofree; batch mode: enzyme_vector, enzyme_scalar; global shadows:
// enzyme_context) are deliberately absent: until they are served, the
// generic unknown-marker message applies.
constexpr Unserved Markers[] = {
    {"enzyme_primal_return",
     "the request returns the derivative only: call the function itself for "
     "its value"},
    {"enzyme_noret", "a request returns the derivative only, never the "
                     "primal value: remove the marker"},
    {"enzyme_const_return",
     "Eddy differentiates a floating-point return value; to leave it out, "
     "differentiate a wrapper that calls the function and returns void"},
    {"enzyme_active_return",
     "a floating-point return value is already active (seeded with 1.0 in "
     "reverse mode): remove the marker"},
    {"enzyme_dup_return",
     "a pointer return value has no shadow in Eddy; return through an "
     "output parameter marked enzyme_dup"},
    {"enzyme_runtime_activity",
     "Eddy decides activity at compile time: pass memory that is not "
     "differentiated as enzyme_const, and a shadow distinct from the value "
     "for memory that is"},
    {"enzyme_strong_zero",
     "Eddy's reverse mode always uses strong zeros (docs/edge-values.md); in "
     "forward mode mark the inputs whose tangent is zero enzyme_const"},
    {"enzyme_dupv", "use enzyme_width, N and pass the N shadows one by one"},
    {"enzyme_dupnoneedv",
     "use enzyme_width, N and pass the N shadows one by one"},
    {"enzyme_interleave",
     "use enzyme_width, N and pass the N shadows one by one"},
    {"enzyme_byref", "pass the value itself, or a pointer with enzyme_dup"},
    {"enzyme_not_overwritten", "remove the marker: Eddy keeps what the "
                               "adjoint sweep needs whether or not it is "
                               "overwritten"},
};

} // namespace

std::optional<UnservedEntry> unservedEntry(llvm::StringRef Callee) {
  if (!Callee.contains(EntryPrefix))
    return std::nullopt;
  for (llvm::StringRef S : Served)
    if (Callee.contains(S))
      return std::nullopt;
  for (llvm::StringRef S : ServedElsewhere)
    if (Callee == S)
      return std::nullopt;
  for (const Unserved &U : Entries)
    if (Callee.contains(U.Spelling))
      return UnservedEntry{Callee.str(), U.Remedy.str()};
  std::string List;
  for (llvm::StringRef S : Served)
    List += (List.empty() ? "" : ", ") + S.str();
  return UnservedEntry{Callee.str(), "Eddy's entry points are " + List};
}

std::optional<llvm::StringRef> unservedMarkerRemedy(llvm::StringRef Marker) {
  for (const Unserved &U : Markers)
    if (Marker == U.Spelling)
      return llvm::StringRef(U.Remedy);
  return std::nullopt;
}

} // namespace eddy
