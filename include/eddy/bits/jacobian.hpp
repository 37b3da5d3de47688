//===- eddy/bits/jacobian.hpp - Jacobians ---------------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_JACOBIAN_HPP
#define EDDY_BITS_JACOBIAN_HPP

#include <eddy/bits/forward.hpp>
#include <eddy/bits/reverse.hpp>
#include <eddy/bits/selection.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 10. Jacobians
//===----------------------------------------------------------------------===//

namespace detail {

template <class T, std::size_t M, std::size_t N> struct jac_matrix {
  using type = std::array<std::array<T, N>, M>;
  static type make(std::size_t, std::size_t) { return {}; }
};
template <class T> struct jac_matrix<T, 0, 0> {
  using type = std::vector<std::vector<T>>;
  static type make(std::size_t m, std::size_t n) { return type(m, std::vector<T>(n)); }
};

template <class X> auto unit(const X &x, std::size_t j) {
  auto e = zeros_like(x);
  element(e, j) = 1;
  return e;
}

/// The eddy::output(y) of a jacobian: its shadow is set per sweep.
/// Forward-mode Jacobians take up to this many columns per vector sweep.
inline constexpr std::size_t jacobian_lanes = 8;

/// The eddy::output(y) of a jacobian: its shadow (one per lane in a vector
/// sweep) is set per sweep.
template <class Y> struct jac_output_holder {
  Y value;
  static constexpr bool has_result = false;
  std::array<void *, jacobian_lanes> shadow{};
  slot<held_value_t<Y>, true> make_slot(std::size_t k = 0) {
    return {access<held_value_t<Y>>::address(value), shadow[k]};
  }
  void finish(std::size_t) {}
};

template <class A> auto hold_jac(A &&a) {
  using B = bare<A>;
  if constexpr (is_output<B>::value) {
    using Y = decltype(B::value);
    return jac_output_holder<Y>{std::forward<Y>(a.value)};
  } else
    return hold<A, false>(std::forward<A>(a));
}
template <class H> struct is_jac_output : std::false_type {};
template <class Y> struct is_jac_output<jac_output_holder<Y>> : std::true_type {};

/// Output size and static size of the jacobian's output argument.
template <class... A> struct jac_out_type { using type = void; };
template <class A, class... Rest> struct jac_out_type<A, Rest...> : jac_out_type<Rest...> {};
template <class Y, class D, class... Rest> struct jac_out_type<output_t<Y, D>, Rest...> {
  using type = Y;
};
template <class Y, class D, class... Rest>
struct jac_out_type<output_t<Y, D> &, Rest...> : jac_out_type<output_t<Y, D>, Rest...> {};

template <class X, class... A> constexpr std::size_t count_outputs() {
  return (std::size_t(is_output<bare<A>>::value) + ... + 0);
}

template <class H> void jac_output_size(H &h, std::size_t &m) {
  if constexpr (is_jac_output<H>::value)
    m = size_of(h.value);
}

template <class Y, class H> void jac_set_shadow(H &h, void *p, std::size_t k = 0) {
  if constexpr (is_jac_output<H>::value)
    h.shadow[k] = p;
}

/// The differentiated input of a vector sweep: one point, W directions.
template <class XV, std::size_t W> struct jac_input_lanes {
  void *primal;
  std::array<void *, W> shadow;
  slot<XV, true> make_slot(std::size_t k) const { return {primal, shadow[k]}; }
};

/// Columns j0 .. j0+W-1 of the Jacobian in one vector sweep of width W.
template <std::size_t W, class Y, class T, class F, class V, class XV, class Mat, class... H>
void jacobian_columns(const F &f, V &value, XV &xv, Mat &J, std::size_t j0, std::size_t m,
                      H &...h) {
  constexpr bool returns = !std::is_same_v<V, char>;
  std::array<decltype(zeros_like(xv)), W> dirs;
  jac_input_lanes<XV, W> xs{access<XV>::address(xv), {}};
  for (std::size_t k = 0; k < W; ++k) {
    dirs[k] = unit(xv, j0 + k);
    xs.shadow[k] = shadow_of<XV>(dirs[k]);
  }
  if constexpr (returns) {
    std::array<V, W> dy{};
    vector_sweep<W>(f, &value, dy.data(), xs, h...);
    for (std::size_t k = 0; k < W; ++k)
      for (std::size_t i = 0; i < m; ++i)
        J[i][j0 + k] = element(dy[k], i);
  } else {
    std::vector<T> dy(W * m);
    for (std::size_t k = 0; k < W; ++k)
      (jac_set_shadow<Y>(h, dy.data() + k * m, k), ...);
    vector_sweep<W>(f, (void *)nullptr, (void *)nullptr, xs, h...);
    for (std::size_t k = 0; k < W; ++k)
      for (std::size_t i = 0; i < m; ++i)
        J[i][j0 + k] = dy[k * m + i];
  }
}

/// Rows i0 .. i0+W-1 of the Jacobian in one vector reverse sweep of width W:
/// lane k's cotangent is the unit vector e_(i0+k) of the output.
template <std::size_t W, class Y, class T, class F, class V, class XV, class Mat, class... H>
void jacobian_rows(const F &f, V &value, XV &xv, Mat &J, std::size_t i0, std::size_t n,
                   std::size_t m, H &...h) {
  constexpr bool returns = !std::is_same_v<V, char>;
  std::array<decltype(zeros_like(xv)), W> grads;
  jac_input_lanes<XV, W> xs{access<XV>::address(xv), {}};
  for (std::size_t k = 0; k < W; ++k) {
    grads[k] = zeros_like(xv);
    xs.shadow[k] = shadow_of<XV>(grads[k]);
  }
  if constexpr (returns) {
    std::array<V, W> seeds;
    for (std::size_t k = 0; k < W; ++k)
      seeds[k] = unit(value, i0 + k);
    vector_sweep<W, true>(f, &value, seeds.data(), xs, h...);
  } else {
    std::vector<T> seeds(W * m);
    for (std::size_t k = 0; k < W; ++k) {
      seeds[k * m + i0 + k] = 1;
      (jac_set_shadow<Y>(h, seeds.data() + k * m, k), ...);
    }
    vector_sweep<W, true>(f, (void *)nullptr, (void *)nullptr, xs, h...);
  }
  for (std::size_t k = 0; k < W; ++k)
    for (std::size_t j = 0; j < n; ++j)
      J[i0 + k][j] = element(grads[k], j);
}

/// Runs Sweep<W>(first) over [0, count) in vector sweeps: all at once when
/// count is known at compile time and small, else chunks of 8, 4, 2, 1.
/// \p extra are passed on to each sweep (f: see with_holders).
template <std::size_t Static, class Sweep, class... E>
void in_lanes(std::size_t count, Sweep &&sweep, const E &...extra) {
  if constexpr (Static > 0 && Static <= jacobian_lanes) {
    sweep(std::integral_constant<std::size_t, Static>(), std::size_t(0), extra...);
  } else {
    std::size_t j = 0;
    for (; j + jacobian_lanes <= count; j += jacobian_lanes)
      sweep(std::integral_constant<std::size_t, jacobian_lanes>(), j, extra...);
    if (count - j >= 4) {
      sweep(std::integral_constant<std::size_t, 4>(), j, extra...);
      j += 4;
    }
    if (count - j >= 2) {
      sweep(std::integral_constant<std::size_t, 2>(), j, extra...);
      j += 2;
    }
    if (count - j >= 1)
      sweep(std::integral_constant<std::size_t, 1>(), j, extra...);
  }
}

template <class M, class F, class X, class... A> auto jacobian_impl(const F &f_arg, X &&x, A &&...rest) {
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  using R = result_t<F, X, A...>;
  using T = elem_t<X>;
  constexpr bool returns = !std::is_void_v<R>;
  using Y = std::conditional_t<returns, R, bare<typename jac_out_type<A...>::type>>;
  constexpr std::size_t SN = static_size<X>(), SM = static_size<Y>();
  using Mat = jac_matrix<T, (SN && SM) ? SM : 0, (SN && SM) ? SN : 0>;
  auto holders = std::make_tuple(hold_jac(std::forward<A>(rest))...);
  return with_holders(
      [&](const auto &f, auto &...h) {
        std::conditional_t<returns, R, char> value{};
        bare<X> xv = x; // the point (f must not change it)
        using XV = bare<X>;
        std::size_t n = size_of(xv), m = 0;
        if constexpr (is_vector<R>::value) // Its length: f runs once.
          value.assign(result_length<F, R>(f, slot<XV, false>{access<XV>::address(xv), nullptr},
                                           h.make_slot(0)...),
                       T(0));
        if constexpr (returns)
          m = size_of(value);
        else
          (jac_output_size(h, m), ...);
        auto J = Mat::make(m, n);
        // The mode is a constant when it is forced or both sizes are static:
        // then only its requests exist, at every -O level (a run-time choice
        // left both, and the one LLVM folded away at -O1 and above could be
        // refused at -O0: reverse over the reverse sweep of a gradient).
        constexpr bool static_choice = !std::is_void_v<M> || (SN && SM);
        constexpr mode fixed = std::is_same_v<M, reverse_t> ||
                                       (std::is_void_v<M> && jacobian_mode(SN, SM) == mode::reverse)
                                   ? mode::reverse
                                   : mode::forward;
        const mode chosen = static_choice ? fixed : jacobian_mode(n, m);
        auto columns = [&](const auto &f) {
          in_lanes<SN>(n, [&](auto W, std::size_t j, const auto &f) {
            jacobian_columns<W(), Y, T>(f, value, xv, J, j, m, h...);
          }, f);
        };
        auto rows = [&](const auto &f) {
          in_lanes<SM>(m, [&](auto W, std::size_t i, const auto &f) {
            jacobian_rows<W(), Y, T>(f, value, xv, J, i, n, m, h...);
          }, f);
        };
        // Columns by vector forward sweeps, rows by vector reverse sweeps.
        if constexpr (static_choice && fixed == mode::forward)
          columns(f);
        else if constexpr (static_choice)
          rows(f);
        else if (chosen == mode::forward)
          columns(f);
        else
          rows(f);
        return J;
      },
      f, holders);
}

template <class M, class F, class X, class... A> auto jacobian_checked(const F &f, X &&x, A &&...rest);

/// eddy::jacobian(eddy::wrt<I...>, g, args...): the Jacobian with respect to
/// argument K of g is that of g with K moved first; several indices give a
/// std::tuple of Jacobians, one per selected argument.
template <class M, std::size_t... I, class G, class... A>
auto jacobian_select(wrt_t<I...>, const G &g, A &&...args) {
  if constexpr (runtime_function_v<G>)
    return callable_by_name<decltype(jacobian_select<M>(wrt_t<I...>(), stand_in<G>(),
                                                        std::forward<A>(args)...))>();
  else if constexpr (!wrt_ok<sizeof...(A), I...>()) {
    // Reported by wrt_ok.
  } else if constexpr (sizeof...(I) > 1)
    return std::make_tuple(jacobian_select<M>(wrt_t<I>(), g, args...)...);
  else if constexpr (((I == 0) && ...))
    return jacobian_checked<M>(g, std::forward<A>(args)...);
  else {
    constexpr std::size_t K = (I + ...);
    return with_first<K>(
        [&](auto &&x, auto &&...rest) {
          return jacobian_checked<M>(move_first<K>(g), std::forward<decltype(x)>(x),
                                     std::forward<decltype(rest)>(rest)...);
        },
        std::forward<A>(args)...);
  }
}

template <class M, class F, class X, class... A> auto jacobian_checked(const F &f, X &&x, A &&...rest) {
  using R = result_t<F, X, A...>;
  if constexpr (is_tape_budget_v<F>) {
    static_assert(always_false<F>, "eddy::jacobian: eddy::tape_budget is an option of "
                                   "eddy::gradient, value_and_gradient and vjp only");
    return refused{};
  } else if constexpr (is_wrt_v<F>) {
    return jacobian_select<M>(f, std::forward<X>(x), std::forward<A>(rest)...);
  } else if constexpr (runtime_function_v<F>) {
    return callable_by_name<decltype(jacobian_checked<M>(stand_in<F>{}, std::forward<X>(x),
                                                         std::forward<A>(rest)...))>();
  } else if constexpr (!callable_v<F, X, A...>) {
    static_assert(always_false<F>, "eddy::jacobian: f cannot be called with these arguments "
                                   "(check their number and types)");
    return refused{};
  } else if constexpr (!indexable_v<X>) {
    static_assert(always_false<F>, "eddy::jacobian: the input (first argument) must be a "
                                   "float/double, a std::array/std::vector of them or an eddy::ptr "
                                   "array");
    return refused{};
  } else if constexpr (std::is_void_v<R> ? count_outputs<X, A...>() != 1
                                       : (count_outputs<X, A...>() != 0 || !tangent_type_v<R> ||
                                          kind_of<R>() == kind::record)) {
    static_assert(always_false<F>, "eddy::jacobian: f must return a float/double or a std::array "
                                   "or std::vector of them, or return void and write exactly one "
                                   "eddy::output(y) argument");
    return refused{};
  } else if constexpr (((is_dual<bare<A>>::value) || ...)) {
    static_assert(always_false<F>, "eddy::jacobian: eddy::dual is not used here; other arguments "
                                   "are held fixed");
    return refused{};
  } else
    return jacobian_impl<M>(f, std::forward<X>(x), std::forward<A>(rest)...);
}
} // namespace detail

/// The Jacobian J[i][j] = d y_i / d x_j of f with respect to its first
/// argument x (a scalar, std::array, std::vector or eddy::ptr); y is f's
/// result, or its one eddy::output(y) argument; other arguments are fixed.
/// Forward mode (columns, in vector sweeps of up to 8) when x has no more
/// elements than y, reverse mode (one sweep per row) otherwise — eddy::jacobian_mode(n, m) —
/// unless eddy::forward or eddy::reverse is given first. The result is a
/// std::array of rows when both sizes are known at compile time, else a
/// std::vector of rows.
template <class F, class X, class... A,
          class = std::enable_if_t<!std::is_same_v<F, forward_t> && !std::is_same_v<F, reverse_t>>>
auto jacobian(const F &f, X &&x, A &&...rest) {
  return detail::jacobian_checked<void>(f, std::forward<X>(x), std::forward<A>(rest)...);
}
template <class F, class X, class... A> auto jacobian(forward_t, const F &f, X &&x, A &&...rest) {
  return detail::jacobian_checked<forward_t>(f, std::forward<X>(x), std::forward<A>(rest)...);
}
template <class F, class X, class... A> auto jacobian(reverse_t, const F &f, X &&x, A &&...rest) {
  return detail::jacobian_checked<reverse_t>(f, std::forward<X>(x), std::forward<A>(rest)...);
}

/// The mode eddy::jacobian(f, x, rest...) picks, decided at compile time when
/// the sizes are known then (std::array and scalar inputs and outputs).
template <class F, class X, class... A> constexpr mode jacobian_mode_of() {
  using namespace detail;
  using R = result_t<F, X, A...>;
  using Y = std::conditional_t<std::is_void_v<R>, bare<typename jac_out_type<A...>::type>, R>;
  static_assert(static_size<X>() && static_size<Y>(),
                "eddy::jacobian_mode_of: sizes known only at run time; use "
                "eddy::jacobian_mode(n, m)");
  return jacobian_mode(static_size<X>(), static_size<Y>());
}

} // namespace eddy

#endif // EDDY_BITS_JACOBIAN_HPP
