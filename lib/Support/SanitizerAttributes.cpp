//===- SanitizerAttributes.cpp - Instrument what Eddy emits ---------------===//
#include "Eddy/Support/SanitizerAttributes.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {

/// Instrumentation that a function asks for.
static constexpr Attribute::AttrKind Sanitizers[] = {
    Attribute::SanitizeAddress,   Attribute::SanitizeHWAddress,
    Attribute::SanitizeMemory,    Attribute::SanitizeThread,
    Attribute::SanitizeMemTag,    Attribute::SanitizeNumericalStability};

/// Instrumentation that a function opts out of.
static constexpr Attribute::AttrKind OptOuts[] = {
    Attribute::DisableSanitizerInstrumentation, Attribute::NoSanitizeBounds,
    Attribute::NoSanitizeCoverage};

void inheritSanitizerAttributes(Function &To, const Function &From) {
  for (auto List : {ArrayRef(Sanitizers), ArrayRef(OptOuts)})
    for (Attribute::AttrKind K : List)
      if (From.hasFnAttribute(K))
        To.addFnAttr(K);
}

SmallVector<Attribute::AttrKind, 2> moduleSanitizers(const Module &M) {
  SmallVector<Attribute::AttrKind, 2> Found;
  for (const Function &F : M)
    if (!F.isDeclaration())
      for (Attribute::AttrKind K : Sanitizers)
        if (F.hasFnAttribute(K) && !is_contained(Found, K))
          Found.push_back(K);
  return Found;
}

void inheritModuleSanitizerAttributes(Function &To, const Module &M) {
  for (Attribute::AttrKind K : moduleSanitizers(M))
    To.addFnAttr(K);
}

} // namespace eddy
