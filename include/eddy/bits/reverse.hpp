//===- eddy/bits/reverse.hpp - Reverse mode -------------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_REVERSE_HPP
#define EDDY_BITS_REVERSE_HPP

#include <eddy/bits/selection.hpp>
#include <eddy/bits/shadow_checks.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 9. Reverse mode
//===----------------------------------------------------------------------===//

namespace detail {
inline constexpr char vjp_name[] = "eddy::vjp";
inline constexpr char gradient_name[] = "eddy::gradient";

template <const char *Who, std::size_t N, class F, class W, class... A>
auto vjp_value(const F &f, const W &w, A &&...args) {
  using R = result_t<F, A...>;
  // f is argument 1; eddy::vjp's cotangent is argument 2.
  constexpr std::size_t first = Who == gradient_name ? 2 : 3;
  if constexpr ((is_tape_budget_v<A> || ...) || is_tape_budget_v<W>) {
    static_assert(always_false<F>, "eddy::tape_budget(bytes) comes first: "
                                   "eddy::gradient(eddy::tape_budget(bytes), f, args...)");
    return refused{};
  } else if constexpr (runtime_function_v<F>) {
    return callable_by_name<decltype(vjp_value<Who, N>(stand_in<F>{}, w, std::forward<A>(args)...))>();
  } else if constexpr (!callable_v<F, A...>) {
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: f cannot be called with these "
                                   "arguments (check their number and types)");
    return refused{};
  } else if constexpr (Who == gradient_name && !std::is_floating_point_v<R>) {
    static_assert(always_false<F>, "eddy::gradient: f must return one float or double; for "
                                   "several outputs use eddy::vjp or eddy::jacobian");
    return refused{};
  } else if constexpr (!tangent_type_v<R> || std::is_void_v<R>) {
    static_assert(always_false<F>, "eddy::vjp: f must return a float/double, a std::array or "
                                   "std::vector of them or a trivially copyable struct (for a "
                                   "function "
                                   "returning void: vjp(f, args...) with eddy::output(y, ybar))");
    return refused{};
  } else if constexpr (!std::is_convertible_v<const W &, R>) {
    static_assert(always_false<F>, "eddy::vjp: the cotangent must have the type of f's result");
    return refused{};
  } else if constexpr (!(dual_shape_ok<A>() && ...)) {
    static_assert(always_false<F>, "eddy::vjp: eddy::dual / eddy::output need a float/double, a "
                                   "std::array/std::vector of them or an eddy::ptr array, and a "
                                   "shadow (eddy::output(eddy::ptr(y, n), ybar) for a raw array)");
    return refused{};
  } else if constexpr ((unusable_in_reverse_v<A> || ...)) {
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: an argument is not "
                                   "differentiable: pass a raw pointer as eddy::ptr(p, n), other "
                                   "objects as eddy::constant(x) or eddy::dual(x, shadow)");
    return refused{};
  } else if constexpr (!(active_arg_v<A, true> || ...)) {
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: nothing to differentiate: every "
                                   "argument is an integer or eddy::constant");
    return refused{};
  } else if constexpr (!shadow_types_ok<first, N, true, A...>()) {
    // Reported by shadow_types_ok, at the argument whose shadow does not fit.
    return refused{};
  } else {
    check_shadow_lengths<N>(Who, first, args...);
    return reverse_with<R>(f, R(w), std::forward<A>(args)...);
  }
}

template <class F, class... A> constexpr bool returns_void() {
  if constexpr (callable_v<F, A...>)
    return std::is_void_v<result_t<F, A...>>;
  else
    return false;
}

/// eddy::vjp<N>'s N seeds of an eddy::output: a std::array of N.
template <std::size_t N, class A> constexpr bool output_batch_ok() {
  using B = bare<A>;
  if constexpr (is_output<B>::value)
    return batched_shadow<bare<decltype(B::seed)>, N>::value;
  else
    return true;
}

/// eddy::vjp<N> (N > 1): N cotangents in one vector reverse sweep.
template <std::size_t N, class F, class... A> auto vjp_lanes(const F &f, A &&...args);
template <std::size_t N, class F, class Ws, class... A>
auto vjp_lanes_value(const F &f, const Ws &ws, A &&...args) {
  using R = result_t<F, A...>;
  if constexpr (!is_std_array<bare<Ws>>::value || std::tuple_size<bare<Ws>>::value != N) {
    static_assert(always_false<F>, "eddy::vjp<N>: pass the N cotangents as a std::array of N "
                                   "values of f's result type");
    return refused{};
  } else if constexpr (!std::is_convertible_v<const typename bare<Ws>::value_type &, R>) {
    static_assert(always_false<F>, "eddy::vjp: the cotangent must have the type of f's result");
    return refused{};
  } else {
    // The checks of the single-cotangent form, on its first cotangent's type.
    using Checked = decltype(vjp_value<vjp_name, N>(f, R(ws[0]), std::forward<A>(args)...));
    if constexpr (is_refused_v<Checked>) {
      return refused{};
    } else {
      check_shadow_lengths<N>("eddy::vjp<N>", 3, args...);
      return reverse_lanes<R, N>(f, ws, std::forward<A>(args)...);
    }
  }
}
template <std::size_t N, class F, class... A> auto vjp_lanes(const F &f, A &&...args) {
  if constexpr (!(batch_shape_ok<N, A>() && ...) || !(output_batch_ok<N, A>() && ...)) {
    static_assert(always_false<F>, "eddy::vjp<N>: each eddy::dual shadow and eddy::output seed "
                                   "must be a std::array of N");
    return refused{};
  } else if constexpr (returns_void<F, A...>()) {
    if constexpr (!(dual_shape_ok<A>() && ...) || (unusable_in_reverse_v<A> || ...) ||
                  !(active_arg_v<A, true> || ...)) {
      static_assert(always_false<F>, "eddy::vjp<N>: for a function returning void, seed each "
                                     "output with eddy::output(y, seeds) (a std::array of N) "
                                     "and differentiate at least one argument");
      return refused{};
    } else if constexpr (shadow_types_ok<2, N, true, A...>()) {
      check_shadow_lengths<N>("eddy::vjp<N>", 2, args...);
      return reverse_lanes<void, N>(f, 0, std::forward<A>(args)...);
    } else {
      return refused{}; // Reported by shadow_types_ok.
    }
  } else
    return vjp_lanes_value<N>(f, std::forward<A>(args)...);
}
/// An entry point called with eddy::tape_budget(b) first:
/// `entry([eddy::wrt<I...>,] budgeted f, args...)`, where the budgeted f is
/// called as f is and makes the sweep add the budget to the request.
template <class E, class W, class G, class... A>
auto budget_after_wrt(const tape_budget_t &b, const E &entry, const W &w, const G &g,
                      A &&...args) {
  if constexpr (runtime_function_v<G>)
    return callable_by_name<decltype(entry(w, std::declval<budgeted_t<stand_in<G>>>(),
                                           std::forward<A>(args)...))>();
  else
    return entry(w, budgeted_t<G>{g, b.bytes}, std::forward<A>(args)...);
}
template <class E, class X, class... A>
auto with_budget(const tape_budget_t &b, const E &entry, const X &x, A &&...args) {
  if constexpr (is_tape_budget_v<X>) {
    static_assert(always_false<X>, "eddy::tape_budget: given twice; a request takes one budget");
    return refused{};
  } else if constexpr (is_wrt_v<X>) {
    if constexpr (sizeof...(A) == 0) {
      static_assert(always_false<X>, "eddy::tape_budget(bytes), eddy::wrt<I...>: f is missing");
      return refused{};
    } else
      return budget_after_wrt(b, entry, x, std::forward<A>(args)...);
  } else if constexpr (runtime_function_v<X>)
    return callable_by_name<decltype(entry(std::declval<budgeted_t<stand_in<X>>>(),
                                           std::forward<A>(args)...))>();
  else
    return entry(budgeted_t<X>{x, b.bytes}, std::forward<A>(args)...);
}
} // namespace detail

/// Vector-Jacobian product wᵀ·J: `vjp(f, w, args...)` returns the adjoints of
/// the differentiable arguments for the cotangent `w` of f's result (a
/// float/double or a std::array). For a function returning void, call
/// `vjp(f, args...)` and seed each output array with eddy::output(y, ybar).
/// Results: one adjoint as itself, several scalars of one type as a
/// std::array, otherwise a std::tuple; an eddy::ptr array's adjoint is a
/// std::vector. eddy::dual arguments receive theirs in their own shadow.
///
/// `eddy::vjp<N>(f, ws, args...)` takes N cotangents (a std::array of N; for
/// a void f, each eddy::output's seed is a std::array of N) and returns a
/// std::array of N results shaped as above, from one vector reverse sweep:
/// f's forward sweep runs once for all N.
///
/// `eddy::vjp(eddy::tape_budget(bytes), f, w, args...)` (and vjp<N>): with
/// a tape budget for this request, as for eddy::gradient.
template <std::size_t N = 1, class F, class... A> auto vjp(const F &f, A &&...args) {
  using namespace detail;
  if constexpr (is_tape_budget_v<F>) {
    auto entry = [](const auto &g, auto &&...a) {
      return vjp<N>(g, std::forward<decltype(a)>(a)...);
    };
    return with_budget(f, entry, std::forward<A>(args)...);
  } else if constexpr ((is_tape_budget_v<A> || ...)) {
    static_assert(always_false<F>, "eddy::tape_budget(bytes) comes first: "
                                   "eddy::vjp(eddy::tape_budget(bytes), f, w, args...)");
    return refused{};
  } else if constexpr (N == 0) {
    static_assert(always_false<F>, "eddy::vjp<N>: N must be at least 1");
    return refused{};
  } else if constexpr (runtime_function_v<F>) {
    return callable_by_name<decltype(vjp<N>(stand_in<F>{}, std::forward<A>(args)...))>();
  } else if constexpr (N > 1)
    return vjp_lanes<N>(f, std::forward<A>(args)...);
  else if constexpr (returns_void<F, A...>()) {
    if constexpr (!(dual_shape_ok<A>() && ...)) {
      static_assert(always_false<F>, "eddy::vjp: eddy::dual / eddy::output need a float/double, "
                                     "a std::array/std::vector of them or an eddy::ptr array, and "
                                     "a shadow");
      return refused{};
    } else if constexpr ((unusable_in_reverse_v<A> || ...)) {
      static_assert(always_false<F>, "eddy::vjp: an argument is not differentiable: pass a raw "
                                     "pointer as eddy::ptr(p, n), other objects as "
                                     "eddy::constant(x) or eddy::dual(x, shadow)");
      return refused{};
    } else if constexpr (!(active_arg_v<A, true> || ...)) {
      static_assert(always_false<F>, "eddy::vjp: nothing to differentiate: every argument is an "
                                     "integer or eddy::constant");
      return refused{};
    } else if constexpr (shadow_types_ok<2, 1, true, A...>()) {
      check_shadow_lengths("eddy::vjp", 2, args...);
      return reverse_with<void>(f, 0, std::forward<A>(args)...);
    } else {
      return refused{}; // Reported by shadow_types_ok.
    }
  } else
    return vjp_value<vjp_name, 1>(f, std::forward<A>(args)...).second;
}

/// f's value and gradient (f returns one float/double); the gradient has the
/// shape described at eddy::vjp.
///
/// `value_and_gradient(eddy::wrt<I...>, f, args...)`: with respect to f's
/// arguments I... only (see eddy::wrt). `value_and_gradient(
/// eddy::tape_budget(bytes), [eddy::wrt<I...>,] f, args...)`: with a tape
/// budget for this request (budget.hpp).
template <class F, class... A> auto value_and_gradient(const F &f, A &&...args) {
  using namespace detail;
  if constexpr (is_tape_budget_v<F>) {
    auto entry = [](const auto &g, auto &&...a) {
      return value_and_gradient(g, std::forward<decltype(a)>(a)...);
    };
    return with_budget(f, entry, std::forward<A>(args)...);
  } else if constexpr (is_wrt_v<F>) {
    auto entry = [](const auto &g, auto &&...a) {
      return value_and_gradient(g, std::forward<decltype(a)>(a)...);
    };
    return select(f, entry, std::forward<A>(args)...);
  } else {
    // A function name is checked as the eddy::fn it becomes (stand_in).
    using R = result_t<std::conditional_t<runtime_function_v<F>, stand_in<F>, F>, A...>;
    using W = std::conditional_t<std::is_floating_point_v<R>, R, int>;
    using Out = decltype(vjp_value<gradient_name, 1>(f, W(1), std::forward<A>(args)...));
    if constexpr (is_refused_v<Out>) // vjp_value's static_assert said why.
      return refused{};
    else {
      auto r = vjp_value<gradient_name, 1>(f, W(1), std::forward<A>(args)...);
      return value_and_grad<R, decltype(r.second)>{r.first, std::move(r.second)};
    }
  }
}

/// The gradient of a function returning one float/double, with respect to
/// every differentiable argument (integers and eddy::constant are fixed).
/// `gradient(eddy::wrt<I...>, f, args...)`: with respect to f's arguments
/// I... only; the other plain arguments are held fixed.
/// `gradient(eddy::tape_budget(bytes), [eddy::wrt<I...>,] f, args...)`: f's
/// outermost counted loops are taped while their tape fits in `bytes`, and
/// binomially checkpointed otherwise (budget.hpp, docs/checkpointing.md).
template <class F, class... A> auto gradient(const F &f, A &&...args) {
  if constexpr (detail::is_tape_budget_v<F>) {
    auto entry = [](const auto &g, auto &&...a) {
      return gradient(g, std::forward<decltype(a)>(a)...);
    };
    return detail::with_budget(f, entry, std::forward<A>(args)...);
  } else if constexpr (detail::is_wrt_v<F>) {
    auto entry = [](const auto &g, auto &&...a) {
      return gradient(g, std::forward<decltype(a)>(a)...);
    };
    return detail::select(f, entry, std::forward<A>(args)...);
  } else {
    using Out = decltype(value_and_gradient(f, std::forward<A>(args)...));
    if constexpr (detail::is_refused_v<Out>) // Its static_assert said why.
      return Out{};
    else
      return value_and_gradient(f, std::forward<A>(args)...).gradient;
  }
}

} // namespace eddy

#endif // EDDY_BITS_REVERSE_HPP
