//===- NonVirtualCallee.h - Devirtualizing a named virtual member -*- C++ -*-===//
//
// `eddy::gradient(&Model::energy, eddy::constant(s), x)` names a virtual
// member function: the header would call it through a pointer to member,
// which dispatches through the object's vtable at run time. When the object's
// dynamic type is known at the call -- the argument is a variable of class
// type (a complete object), or its class or the function is `final` -- the
// override is known too: the callable becomes a function of this translation
// unit that calls that override with a qualified name, which is a direct
// call at every -O level.
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_FRONTEND_NONVIRTUALCALLEE_H
#define EDDY_LIB_FRONTEND_NONVIRTUALCALLEE_H

namespace clang {
class CXXMethodDecl;
class Expr;
class FunctionDecl;
class Sema;
} // namespace clang

namespace eddy {

/// `static R __eddy_nonvirtual_<C>_<m>(cv C &o, P... p) { return o.C::m(p...); }`
/// for the override of \p MD that object argument \p Object (as written, maybe
/// wrapped in eddy::constant or eddy::dual) selects, handed to the code
/// generator; null when the dynamic type is not known here or the function's
/// shape is not supported (non-scalar results, ref-qualifiers, variadics).
clang::FunctionDecl *makeNonVirtualCallee(clang::Sema &S,
                                          const clang::CXXMethodDecl &MD,
                                          clang::Expr *Object);

} // namespace eddy

#endif // EDDY_LIB_FRONTEND_NONVIRTUALCALLEE_H
