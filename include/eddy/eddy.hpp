//===- eddy/eddy.hpp - Eddy's typed C++ API ------------------------*- C++ -*-===//
//
// One vocabulary for every mode of Eddy, header-only, C++17:
//
//   forward   eddy::derivative, eddy::jvp, eddy::jvp<N> (N directions)
//   reverse   eddy::gradient, eddy::value_and_gradient, eddy::vjp,
//             eddy::vjp_split (forward now, backward later: a pullback)
//   both      eddy::jacobian (forward when inputs <= outputs, else reverse;
//             eddy::forward / eddy::reverse override), eddy::jacobian_mode
//   second    eddy::hvp, eddy::hessian, eddy::hessian_diagonal (forward over
//             reverse)
//   higher    eddy::derivative<N> (N nested forward sweeps)
//   values    eddy::grad(f): the gradient as a function object
//   testing   eddy::check_gradient (reverse vs forward vs central differences)
//   batch     eddy::batch<N>(f, eddy::lanes(x0, ..., xN-1), y): f for N lanes
//
// Arguments: float/double scalars, std::array<T,N> and std::vector<T> (T
// floating), raw arrays as eddy::ptr(p, n), trivially copyable structs
// (Vec3, std::complex<double>: the derivative is a struct of the same type),
// integers (never differentiated). Results: a scalar, a std::array, a
// std::vector (jvp, vjp, jacobian: f runs once more first, for its length),
// a trivially copyable struct, or void.
// eddy::wrt<I...> as the first argument of gradient, value_and_gradient,
// jacobian, hessian or hvp differentiates f's arguments I... only.
// eddy::tape_budget(bytes) as the first argument of gradient,
// value_and_gradient or vjp (before eddy::wrt) gives that request a tape
// budget: f's outermost counted loops are taped while the tape fits, else
// binomially checkpointed (docs/checkpointing.md, "A tape budget").
// eddy::constant(x) holds any argument fixed; eddy::dual(x, dx) gives x a
// shadow you own (a tangent in forward mode, an adjoint that is ADDED to in
// reverse mode); eddy::output(y, ybar) seeds an output array in reverse mode.
// Callables: lambdas (capturing or not), function objects, generic lambdas,
// and free or member functions by name (`eddy::gradient(f, x)`, which the
// plugin rewrites as `eddy::gradient(eddy::fn<f>, x)`) or as eddy::fn<f>.
// docs/user-guide.md shows each entry point with a tested example.
//
// Every entry point lowers to Eddy's request ABI (docs/request-abi.md):
//
//   __enzyme_fwddiff_eddy<void>(&trampoline::run, &enzyme_const, &closure,
//                               out, dout, x1, dx1, ...)
//
// The trampoline is a function the compiler can see; it calls the callable
// (whose address sits in the `enzyme_const` closure, with the addresses of the
// constant arguments) and stores the result through `out`. Every
// differentiated argument travels as a pointer with its shadow (a `dup`
// pair), so scalars, arrays and containers all get their derivatives in
// shadow memory and the request never needs a struct return.
//
// Several directions run as one vector sweep (enzyme_width N: f's primal
// once, N tangents): eddy::jvp<N> and the forward Jacobian's columns (up to
// 8 at a time). Reverse-mode rows and Hessians are one sweep per direction.
//===----------------------------------------------------------------------===//
#ifndef EDDY_EDDY_HPP
#define EDDY_EDDY_HPP

#include <eddy/eddy.h>

// One part per concern, in dependency order.
#include <eddy/bits/arguments.hpp>    // 1. wrappers: ptr, constant, dual, output, fn
#include <eddy/bits/budget.hpp>       // eddy::tape_budget: one request's tape budget
#include <eddy/bits/request.hpp>      // 2-4. the request ABI, value kinds, trampoline
#include <eddy/bits/holders.hpp>      // 5-7. holders, checks, packaging results
#include <eddy/bits/shadow_checks.hpp> // shadows of the value's type and length
#include <eddy/bits/selection.hpp>    // eddy::wrt: which arguments to differentiate
#include <eddy/bits/forward.hpp>      // 8. jvp, jvp<N>, derivative
#include <eddy/bits/reverse.hpp>      // 9. vjp, gradient, value_and_gradient
#include <eddy/bits/jacobian.hpp>     // 10. jacobian, jacobian_mode
#include <eddy/bits/second_order.hpp> // 11. hvp, hessian
#include <eddy/bits/higher_order.hpp> // derivative<N>
#include <eddy/bits/gradcheck.hpp>    // check_gradient
#include <eddy/bits/split.hpp>        // 12. vjp_split, pullback
#include <eddy/bits/batch.hpp>        // 13. batch: N evaluations in one call
#include <eddy/bits/grad.hpp>         // 14. grad: the gradient as a function object

#endif // EDDY_EDDY_HPP
