//===- Eddy/Runtime/Runtime.h - Eddy's embedded run-time library -*- C++ -*-===//
//
// Eddy's run-time library (lib/Runtime/*.c: the checkpointing driver, the
// out-of-memory reporter and their public C API in eddy/eddy.h) is compiled
// to LLVM bitcode when Eddy is built and embedded in libEddyPasses.so. A
// module that calls into it gets the definitions it needs linked in, each
// linkonce_odr so that the copies in a program's modules merge: users link
// no library.
//===----------------------------------------------------------------------===//
#ifndef EDDY_RUNTIME_RUNTIME_H
#define EDDY_RUNTIME_RUNTIME_H

namespace llvm {
class Module;
} // namespace llvm

namespace eddy {

/// Whether \p M declares, without defining it, a function or global of the
/// runtime's namespaces (`__eddy_*`, `eddy_*`).
bool referencesRuntime(const llvm::Module &M);

/// Links into \p M the runtime definitions it references (transitively),
/// adapted to M's target triple, data layout and sanitizers. Returns whether
/// anything was linked. Failing to parse or link the embedded bitcode is an
/// internal error (a broken build), reported as a fatal error.
bool linkRuntime(llvm::Module &M);

} // namespace eddy

#endif // EDDY_RUNTIME_RUNTIME_H
