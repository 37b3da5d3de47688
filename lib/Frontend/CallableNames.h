//===- CallableNames.h - Function names as eddy.hpp callables ---*- C++ -*-===//
//
// `eddy::gradient(f, x)` with a plain function name f: the call as written
// passes a function pointer, whose value the header's templates only know at
// run time. The plugin sees the name, so it rewrites the call as
// `eddy::gradient(eddy::fn<f>, x)` before code generation; a function pointer
// that is not a name is refused at its argument.
//
// Shared by the Clang plugin (EddyClang.so) and eddy-transform.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_CALLABLENAMES_H
#define EDDY_FRONTEND_CALLABLENAMES_H

#include <memory>

namespace clang {
class ASTConsumer;
} // namespace clang

namespace eddy {

/// Returns a consumer that rewrites the calls of eddy.hpp's entry points in
/// each top-level declaration it sees (and each template instantiation), so
/// it must come before the code generator's consumer.
std::unique_ptr<clang::ASTConsumer> createCallableNameRewriter();

} // namespace eddy

#endif // EDDY_FRONTEND_CALLABLENAMES_H
