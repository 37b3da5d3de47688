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

void inheritModuleSanitizerAttributes(Function &To, const Module &M) {
  for (Attribute::AttrKind K : Sanitizers)
    if (any_of(M, [K](const Function &F) {
          return !F.isDeclaration() && F.hasFnAttribute(K);
        }))
      To.addFnAttr(K);
}

} // namespace eddy
