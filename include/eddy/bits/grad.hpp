//===- eddy/bits/grad.hpp - The gradient as a function object -*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_GRAD_HPP
#define EDDY_BITS_GRAD_HPP

#include <eddy/bits/forward.hpp>
#include <eddy/bits/reverse.hpp>
#include <eddy/bits/selection.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 14. eddy::grad: the derivative as a value
//===----------------------------------------------------------------------===//

/// What eddy::grad(f) returns: a function object that holds a copy of f
/// (and the selection, if any); `df(args...)` is `eddy::gradient(f,
/// args...)`. It can be copied, stored, passed and composed like f.
template <class F, class Sel = void> struct grad_fn {
  F f;
  template <class... A> auto operator()(A &&...args) const {
    // A local copy: when this call is itself differentiated (a nested
    // gradient), the request's closure must point at memory this function
    // owns, not into the enclosing request's constant closure.
    const F fc = f;
    if constexpr (std::is_void_v<Sel>)
      return gradient(fc, std::forward<A>(args)...);
    else
      return gradient(Sel(), fc, std::forward<A>(args)...);
  }
};

/// What eddy::grad(eddy::grad(g)) returns: the outer gradient of a scalar
/// function of one scalar is taken in forward mode (forward over reverse,
/// as eddy::hessian does), since reverse mode over a function that runs a
/// reverse sweep itself is not something Eddy differentiates.
template <class G> struct nested_grad_fn {
  G g;
  template <class... A> auto operator()(A &&...args) const {
    using namespace detail;
    if constexpr (sizeof...(A) != 1 || !(std::is_floating_point_v<bare<A>> && ...))
      static_assert(always_false<G>, "eddy::grad(eddy::grad(g)): the nested gradient takes one "
                                     "float/double argument; for several variables use "
                                     "eddy::hessian(g, x)");
    else {
      const G gc = g; // as in grad_fn
      return derivative(gc, args...);
    }
  }
};

namespace detail {
template <class T> struct is_grad_fn : std::false_type {};
template <class F, class S> struct is_grad_fn<grad_fn<F, S>> : std::true_type {};
template <class G> struct is_grad_fn<nested_grad_fn<G>> : std::true_type {};

template <class F, class Sel> auto make_grad(const F &f) {
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy::grad: a function name cannot be stored in a "
                                   "derivative object; write eddy::grad(eddy::fn<f>) or wrap f "
                                   "in a lambda");
  else if constexpr (is_grad_fn<F>::value && !std::is_void_v<Sel>)
    static_assert(always_false<F>, "eddy::grad(eddy::wrt<...>, eddy::grad(g)): a nested "
                                   "gradient takes one float/double argument; leave out "
                                   "eddy::wrt");
  else if constexpr (is_grad_fn<F>::value)
    return nested_grad_fn<F>{f};
  else
    return grad_fn<F, Sel>{f};
}
} // namespace detail

/// The gradient of f as a function object (JAX's `grad(f)`):
/// `auto df = eddy::grad(f); df(x, y)` returns what `eddy::gradient(f, x,
/// y)` does. `eddy::grad(eddy::wrt<I...>, f)` differentiates arguments I...
/// only. `eddy::grad(eddy::grad(g))` for g of one float/double is g''.
template <class F> auto grad(const F &f) { return detail::make_grad<F, void>(f); }
template <std::size_t... I, class F> auto grad(wrt_t<I...>, const F &f) {
  return detail::make_grad<F, wrt_t<I...>>(f);
}
/// A gradient object holds no budget: eddy::grad(eddy::tape_budget(b), f)
/// is refused with a message saying what to write instead.
template <class F> auto grad(tape_budget_t, const F &) {
  static_assert(detail::always_false<F>,
                "eddy::grad: eddy::tape_budget is an option of eddy::gradient, "
                "value_and_gradient and vjp; for a budget, write a lambda that calls "
                "eddy::gradient(eddy::tape_budget(b), f, args...)");
  return detail::refused{};
}

} // namespace eddy

#endif // EDDY_BITS_GRAD_HPP
