//===- eddy/bits/second_order.hpp - Second order --------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_SECOND_ORDER_HPP
#define EDDY_BITS_SECOND_ORDER_HPP

#include <eddy/bits/jacobian.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 11. Second order: Hessian-vector products, Hessians, Hessian diagonals
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

/// The forward request over the gradient: x and its W tangents, then g (the
/// gradient) and its W tangents, which are H·v_k.
template <auto Run, class XV, std::size_t K, class Vec, std::size_t W, std::size_t... L>
void hvp_request(const closure_t<K> *c, void *x, std::array<Vec, W> &vt, void *g,
                 std::array<Vec, W> &hv, std::index_sequence<L...>) {
  forward_request_n<Run, int(W)>(c, x, shadow_of<XV>(vt[L])..., g, shadow_of<XV>(hv[L])...);
}

/// f as the checks see it when x is its argument Pos (eddy::wrt<Pos>).
template <std::size_t Pos, class F>
using with_x_first_t = std::conditional_t<Pos == 0, F, moved_first<Pos, F>>;

/// W Hessian-vector products H·v_k in one vector forward sweep over the
/// reverse sweep (the gradient's forward and reverse sweeps run once): the
/// directions are dir(k, i) = element i of v_k. x is f's argument Pos.
template <std::size_t W, std::size_t Pos, class F, class X, class Dir, class... A>
auto hvp_lanes(const F &f_arg, const X &x, Dir &&dir, A &&...rest) {
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  using R = result_t<with_x_first_t<Pos, F>, X, A...>;
  auto holders = std::make_tuple(hold<A, false>(std::forward<A>(rest))...);
  return with_holders(
      [&](const auto &f, auto &...h) {
        bare<X> xv = x;
        using XV = bare<X>;
        slot<XV, true> xs{access<XV>::address(xv), nullptr};
        // The slots in f's order, x at Pos: the trampoline calls f itself (a
        // wrapper moving x first would be differentiated too, and forward
        // over reverse refuses its references at -O0).
        auto in_order = [&](const auto &f, auto... s) {
          using Tr = trampoline_for<F, R, decltype(s)...>;
          callable_copy_t<F> fc = f;
          const auto c = make_closure((const void *)std::addressof(fc), s...);
          using G = gradient_of<Tr, R, 1 + sizeof...(A)>;
          using Vec = decltype(zeros_like(xv));
          std::array<Vec, W> vt, hv;
          for (std::size_t k = 0; k < W; ++k) {
            vt[k] = zeros_like(xv);
            hv[k] = zeros_like(xv);
            for (std::size_t i = 0; i < size_of(xv); ++i)
              element(vt[k], i) = dir(k, i);
          }
          auto g = zeros_like(xv);
          hvp_request<&G::run, XV>(&c, xs.primal, vt, shadow_of<XV>(g), hv,
                                   std::make_index_sequence<W>());
          return hv;
        };
        return call_inserted_with<Pos>(in_order, f, std::make_index_sequence<Pos>(),
                                       std::make_index_sequence<sizeof...(A) - Pos>(), xs,
                                       h.make_slot()...);
      },
      f, holders);
}

template <std::size_t Pos, class F, class X, class V, class... A>
auto hvp_impl(const F &f, const X &x, const V &v, A &&...rest) {
  auto dir = [&](std::size_t, std::size_t i) { return get(v, i); };
  return std::move(hvp_lanes<1, Pos>(f, x, dir, std::forward<A>(rest)...)[0]);
}

/// What eddy::hvp can read a direction from (see get()).
template <class V, class = void> struct subscriptable : std::false_type {};
template <class V>
struct subscriptable<V, std::void_t<decltype(std::declval<const V &>()[std::size_t()])>>
    : std::true_type {};
template <class V>
inline constexpr bool direction_v =
    std::is_floating_point_v<V> || is_ptr<V>::value || subscriptable<V>::value;

template <class F, class X, class... A> constexpr bool hvp_checks() {
  using R = result_t<F, X, A...>;
  if constexpr (!callable_v<F, X, A...>)
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

/// eddy::hvp and eddy::hessian with x as f's argument Pos.
template <std::size_t Pos, class F, class X, class V, class... A>
auto hvp_at(const F &f, const X &x, const V &v, A &&...rest) {
  if constexpr (!hvp_checks<with_x_first_t<Pos, F>, const X &, A...>()) {
    return refused{}; // hvp_checks' static_assert said why.
  } else if constexpr (!direction_v<V>) {
    static_assert(always_false<F>, "eddy::hvp: the direction v (argument 3) must be indexable "
                                   "like x: a float/double for a scalar x, else a std::array, "
                                   "std::vector, pointer or eddy::ptr");
    return refused{};
  } else {
    check_direction_length(x, v);
    return hvp_impl<Pos>(f, x, v, std::forward<A>(rest)...);
  }
}

template <std::size_t Pos, class F, class X, class... A>
auto hessian_at(const F &f_arg, const X &x, A &&...rest) {
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  if constexpr (hvp_checks<with_x_first_t<Pos, F>, const X &, A...>()) {
    using T = elem_t<X>;
    if constexpr (kind_v<X> == kind::scalar)
      return hvp_impl<Pos>(f, x, T(1), rest...);
    else {
      constexpr std::size_t SN = static_size<X>();
      const std::size_t n = size_of(x);
      auto H = jac_matrix<T, SN, SN>::make(n, n);
      in_lanes<SN>(n, [&](auto W, std::size_t j0, const auto &f) {
        auto unit_dir = [&](std::size_t k, std::size_t i) { return T(i == j0 + k); };
        auto cols = hvp_lanes<W(), Pos>(f, x, unit_dir, rest...);
        for (std::size_t k = 0; k < W(); ++k)
          for (std::size_t i = 0; i < n; ++i)
            H[i][j0 + k] = element(cols[k], i);
      }, f);
      return H;
    }
  } else {
    return refused{}; // hvp_checks' static_assert said why.
  }
}

/// eddy::hvp's checks, with messages that name eddy::hessian_diagonal.
template <class F, class X, class... A> constexpr bool hessian_diagonal_checks() {
  using R = result_t<F, X, A...>;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (!callable_v<F, X, A...>)
    static_assert(always_false<F>, "eddy::hessian_diagonal: f cannot be called with these "
                                   "arguments (check their number and types)");
  else if constexpr (!differentiable_v<X> || kind_v<X> == kind::record)
    static_assert(always_false<F>, "eddy::hessian_diagonal: the variable (first argument) must "
                                   "be a float/double, a std::array/std::vector of them or an "
                                   "eddy::ptr array");
  else if constexpr (!std::is_floating_point_v<R>)
    static_assert(always_false<F>, "eddy::hessian_diagonal: f must return one float or double");
  else if constexpr (!second_order_ok<F, X, A...>())
    static_assert(always_false<F>, "eddy::hessian_diagonal: the arguments after x are held "
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
/// (a std::vector for an eddy::ptr). `hvp(eddy::wrt<k>, f, v, args...)`: with
/// respect to f's argument k.
template <class F, class X, class V, class... A> auto hvp(const F &f, const X &x, const V &v, A &&...rest) {
  using namespace detail;
  if constexpr (is_tape_budget_v<F>) {
    static_assert(always_false<F>, "eddy::hvp: eddy::tape_budget is an option of "
                                   "eddy::gradient, value_and_gradient and vjp only (forward "
                                   "over a checkpointed gradient is not supported)");
    return refused{};
  } else if constexpr (is_wrt_v<F>) {
    // Here x is the callable and v the direction; rest are f's arguments.
    auto entry = [&v](auto pos, const auto &g, const auto &xk, auto &&...r) {
      return hvp_at<decltype(pos)::value>(g, xk, v, std::forward<decltype(r)>(r)...);
    };
    return select_one(f, entry, x, std::forward<A>(rest)...);
  } else if constexpr (runtime_function_v<F>)
    return callable_by_name<decltype(hvp(stand_in<F>{}, x, v, std::forward<A>(rest)...))>();
  else
    return hvp_at<0>(f, x, v, std::forward<A>(rest)...);
}

/// The Hessian of a function returning one float/double with respect to its
/// first argument x: its columns are Hessian-vector products with the unit
/// vectors, computed by vector forward-over-reverse sweeps (all columns in
/// one when x's size is known and at most 8, else 8, 4, 2, 1 at a time). A
/// scalar x gives the second derivative; a
/// std::array<T, n> gives std::array<std::array<T, n>, n>; a std::vector or
/// eddy::ptr gives a std::vector of rows. `hessian(eddy::wrt<k>, f, args...)`:
/// with respect to f's argument k.
template <class F, class X, class... A> auto hessian(const F &f, const X &x, A &&...rest) {
  using namespace detail;
  if constexpr (is_tape_budget_v<F>) {
    static_assert(always_false<F>, "eddy::hessian: eddy::tape_budget is an option of "
                                   "eddy::gradient, value_and_gradient and vjp only (forward "
                                   "over a checkpointed gradient is not supported)");
    return refused{};
  } else if constexpr (is_wrt_v<F>) {
    auto entry = [](auto pos, const auto &g, const auto &xk, auto &&...r) {
      return hessian_at<decltype(pos)::value>(g, xk, std::forward<decltype(r)>(r)...);
    };
    return select_one(f, entry, x, std::forward<A>(rest)...);
  } else if constexpr (runtime_function_v<F>)
    return callable_by_name<decltype(hessian(stand_in<F>{}, x, std::forward<A>(rest)...))>();
  else
    return hessian_at<0>(f, x, std::forward<A>(rest)...);
}

/// The diagonal of the Hessian of a function returning one float/double,
/// with respect to its first argument x, without the matrix: entry i is
/// (H·e_i)_i, from the same vector forward-over-reverse sweeps as
/// eddy::hessian (n Hessian-vector products, 8 per sweep), keeping O(n)
/// memory instead of O(n^2). The result has x's shape (a std::vector for an
/// eddy::ptr, the second derivative for a scalar x).
template <class F, class X, class... A>
auto hessian_diagonal(const F &f_arg, const X &x, A &&...rest) {
  using namespace detail;
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  if constexpr (runtime_function_v<F>) {
    return callable_by_name<decltype(hessian_diagonal(stand_in<F>{}, x, std::forward<A>(rest)...))>();
  } else if constexpr (hessian_diagonal_checks<F, const X &, A...>()) {
    using T = elem_t<X>;
    if constexpr (kind_v<X> == kind::scalar)
      return hvp_impl<0>(f, x, T(1), rest...);
    else {
      const std::size_t n = size_of(x);
      auto diag = zeros_like(x);
      in_lanes<static_size<X>()>(n, [&](auto W, std::size_t j0, const auto &f) {
        auto unit_dir = [&](std::size_t k, std::size_t i) { return T(i == j0 + k); };
        auto cols = hvp_lanes<W(), 0>(f, x, unit_dir, rest...);
        for (std::size_t k = 0; k < W(); ++k)
          element(diag, j0 + k) = element(cols[k], j0 + k);
      }, f);
      return diag;
    }
  }
}

} // namespace eddy

#endif // EDDY_BITS_SECOND_ORDER_HPP
