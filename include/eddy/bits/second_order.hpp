//===- eddy/bits/second_order.hpp - Second order --------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_SECOND_ORDER_HPP
#define EDDY_BITS_SECOND_ORDER_HPP

#include <eddy/bits/jacobian.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 11. Second order: Hessian-vector products and Hessians
//===----------------------------------------------------------------------===//

namespace detail {

/// g += ∇f(x): a function containing a reverse request, so that a forward
/// request over it differentiates the gradient (forward over reverse).
template <class Tr, class R, std::size_t K> struct gradient_of {
  static void run(const closure_t<K> *c, void *x, void *g) {
    R out{}, seed = R(1);
    reverse_request<&Tr::run>(c, (void *)&out, (void *)&seed, x, g);
  }
};

template <class F, class X, class... A> constexpr bool second_order_ok() {
  return !(is_dual<bare<A>>::value || ...) && !(is_output<bare<A>>::value || ...);
}

template <class F, class X, class V, class... A>
auto hvp_impl(const F &f, const X &x, const V &v, A &&...rest) {
  using R = result_t<F, X, A...>;
  auto holders = std::make_tuple(hold<A, false>(std::forward<A>(rest))...);
  return std::apply(
      [&](auto &...h) {
        bare<X> xv = x;
        using XV = bare<X>;
        slot<XV, true> xs{access<XV>::address(xv), nullptr};
        using Tr = trampoline_for<F, R, slot<XV, true>, decltype(h.make_slot())...>;
        const auto c = make_closure((const void *)std::addressof(f), xs, h.make_slot()...);
        using G = gradient_of<Tr, R, 1 + sizeof...(A)>;
        auto vt = zeros_like(xv);
        for (std::size_t i = 0; i < size_of(xv); ++i)
          element(vt, i) = get(v, i);
        auto g = zeros_like(xv), hv = zeros_like(xv);
        forward_request<&G::run>(&c, xs.primal, shadow_of<XV>(vt), shadow_of<XV>(g),
                                 shadow_of<XV>(hv));
        return hv;
      },
      holders);
}

template <class F, class X, class... A> constexpr bool hvp_checks() {
  using R = result_t<F, X, A...>;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (!callable_v<F, X, A...>)
    static_assert(always_false<F>, "eddy::hvp / eddy::hessian: f cannot be called with these "
                                   "arguments (check their number and types)");
  else if constexpr (!differentiable_v<X>)
    static_assert(always_false<F>, "eddy::hvp / eddy::hessian: the variable (first argument) must "
                                   "be a float/double, a std::array/std::vector of them or an "
                                   "eddy::ptr array");
  else if constexpr (!std::is_floating_point_v<R>)
    static_assert(always_false<F>, "eddy::hvp / eddy::hessian: f must return one float or double");
  else if constexpr (!second_order_ok<F, X, A...>())
    static_assert(always_false<F>, "eddy::hvp / eddy::hessian: the arguments after x are held "
                                   "fixed; eddy::dual and eddy::output are not used here");
  else
    return true;
  return false;
}
} // namespace detail

/// Hessian-vector product H(x)·v of a function returning one float/double,
/// with respect to its first argument x (other arguments fixed), by one
/// forward sweep over the reverse sweep. v is indexable like x (for an
/// eddy::ptr x: a pointer, std::vector or eddy::ptr); the result has x's shape
/// (a std::vector for an eddy::ptr).
template <class F, class X, class V, class... A> auto hvp(const F &f, const X &x, const V &v, A &&...rest) {
  if constexpr (detail::hvp_checks<F, const X &, A...>())
    return detail::hvp_impl(f, x, v, std::forward<A>(rest)...);
}

/// The Hessian of a function returning one float/double with respect to its
/// first argument x: one Hessian-vector product per element of x (each a
/// forward-over-reverse sweep). A scalar x gives the second derivative; a
/// std::array<T, n> gives std::array<std::array<T, n>, n>; a std::vector or
/// eddy::ptr gives a std::vector of rows.
template <class F, class X, class... A> auto hessian(const F &f, const X &x, A &&...rest) {
  using namespace detail;
  if constexpr (hvp_checks<F, const X &, A...>()) {
    using T = elem_t<X>;
    if constexpr (kind_v<X> == kind::scalar)
      return hvp_impl(f, x, T(1), rest...);
    else {
      constexpr std::size_t SN = static_size<X>();
      const std::size_t n = size_of(x);
      auto H = jac_matrix<T, SN, SN>::make(n, n);
      for (std::size_t j = 0; j < n; ++j) {
        std::vector<T> e(n);
        e[j] = 1;
        auto col = hvp_impl(f, x, e, rest...);
        for (std::size_t i = 0; i < n; ++i)
          H[i][j] = element(col, i);
      }
      return H;
    }
  }
}

} // namespace eddy

#endif // EDDY_BITS_SECOND_ORDER_HPP
