//===- eddy/bits/higher_order.hpp - N-th derivatives ----------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
// eddy::derivative<N>(f, x, rest...) nests N forward-mode requests: level k
// differentiates a callable whose body is level k-1's request. Each level
// doubles the straight-line code Eddy generates (a tangent of every value of
// the level below), so the derivative costs about 2^N evaluations of f and
// its code grows as 2^N; N is capped at max_derivative_order to keep
// compilation time reasonable (N = 4 compiles in seconds).
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_HIGHER_ORDER_HPP
#define EDDY_BITS_HIGHER_ORDER_HPP

#include <eddy/bits/forward.hpp>

#include <tuple>

namespace eddy {

/// The largest N that eddy::derivative<N> accepts.
inline constexpr std::size_t max_derivative_order = 6;

namespace detail {

/// An argument held fixed, as the levels keep it: by value (an
/// eddy::constant's value too).
template <class A> struct kept { using type = std::decay_t<A>; };
template <class X> struct kept<constant_t<X>> { using type = constant_t<bare<X>>; };
template <class A> using kept_t = typename kept<std::decay_t<A>>::type;

/// What level k may copy without copying a pointer: numbers, and
/// std::arrays of them, plain or as eddy::constant. (Eddy cannot give a
/// shadow to a pointer copied inside a differentiated callable from memory
/// it does not differentiate: the levels above reach f and the arguments
/// through their requests' constant closures.)
template <class A> constexpr bool copyable_level_arg() {
  using B = bare<A>;
  if constexpr (is_constant<B>::value)
    return copyable_level_arg<decltype(B::value)>();
  else if constexpr (is_std_array<B>::value)
    return std::is_arithmetic_v<typename B::value_type>;
  else
    return std::is_arithmetic_v<B> || std::is_enum_v<B>;
}

/// A held-fixed argument as an eddy::constant that owns a copy: the inner
/// request then points at that copy, a local of this level. (A constant
/// slot pointing at the caller's variable gave a null shadow in nested
/// forward mode.)
template <class A> auto as_constant(const A &a) {
  if constexpr (is_constant<A>::value)
    return constant_t<bare<decltype(a.value)>>{a.value};
  else
    return constant_t<A>{a};
}

template <class A> kept_t<A> keep(const A &a) {
  if constexpr (is_constant<bare<A>>::value)
    return {a.value};
  else
    return a;
}

/// The K-th derivative of f in its first argument, as a callable of that
/// argument (K >= 1), holding f (stateless) and the other arguments by
/// value. Inside a differentiated callable, Eddy can give a shadow only to
/// memory the callable owns: each level copies the arguments from the level
/// above (reached through that request's constant closure) into new locals,
/// and never stores a pointer to the level above or to the caller's data.
template <std::size_t K, class F, class Rest> struct nth_derivative {
  F f;
  Rest rest;
  template <class X> auto operator()(X x) const {
    if constexpr (K == 1)
      return innermost(x, std::make_index_sequence<std::tuple_size_v<Rest>>());
    else
      return eddy::derivative(nth_derivative<K - 1, F, Rest>{f, rest}, x);
  }
  template <class X, std::size_t... I> auto innermost(X x, std::index_sequence<I...>) const {
    const F fc = f; // see above
    return eddy::derivative(fc, x, as_constant(std::get<I>(rest))...);
  }
};

} // namespace detail

/// The N-th derivative of f with respect to its first argument x (a float or
/// double), the other arguments held fixed, by N nested forward-mode sweeps.
/// N = 1 is eddy::derivative(f, x, rest...); 1 <= N <= max_derivative_order.
template <std::size_t N, class F, class X, class... A>
auto derivative(const F &f, X x, A &&...rest) {
  using namespace detail;
  if constexpr (N == 0)
    static_assert(always_false<F>, "eddy::derivative<N>: N must be at least 1 (the 0-th "
                                   "derivative is f itself)");
  else if constexpr (N > max_derivative_order)
    static_assert(always_false<F>, "eddy::derivative<N>: N is at most "
                                   "eddy::max_derivative_order (6): each order doubles the "
                                   "generated code; nest eddy::derivative<N> calls for more");
  else if constexpr (!std::is_floating_point_v<X>)
    static_assert(always_false<F>, "eddy::derivative<N>: the variable (first argument) must be "
                                   "a float or double, e.g. 2.0 rather than 2");
  else if constexpr ((is_dual<bare<A>>::value || ...) || (is_output<bare<A>>::value || ...))
    static_assert(always_false<F>, "eddy::derivative<N>: the arguments after x are held fixed; "
                                   "eddy::dual and eddy::output are not used here");
  else if constexpr (N == 1)
    return eddy::derivative(f, x, std::forward<A>(rest)...);
  else if constexpr (!std::is_empty_v<F> && !runtime_function_v<F>)
    static_assert(always_false<F>, "eddy::derivative<N>: for N >= 2, f must have no state (a "
                                   "captureless lambda, eddy::fn<f> or an empty function "
                                   "object): pass what it captures as arguments after x");
  else if constexpr (!(copyable_level_arg<A>() && ...))
    static_assert(always_false<F>, "eddy::derivative<N>: for N >= 2, the arguments after x "
                                   "must be numbers or std::arrays of numbers (plain or "
                                   "eddy::constant): each level copies them");
  else if constexpr (runtime_function_v<F>)
    return callable_by_name<decltype(derivative<N>(stand_in<F>{}, x, std::forward<A>(rest)...))>();
  else if constexpr (!callable_v<F, X, A...>)
    static_assert(always_false<F>, "eddy::derivative<N>: f cannot be called with these "
                                   "arguments (check their number and types)");
  else if constexpr (!tangent_type_v<result_t<F, X, A...>> ||
                     std::is_void_v<result_t<F, X, A...>> ||
                     is_vector<result_t<F, X, A...>>::value)
    static_assert(always_false<F>, "eddy::derivative<N>: f must return a float/double, a "
                                   "std::array of them or a trivially copyable struct");
  else {
    using Rest = std::tuple<kept_t<A>...>;
    return eddy::derivative(nth_derivative<N - 1, F, Rest>{f, Rest(keep(rest)...)}, x);
  }
}

} // namespace eddy

#endif // EDDY_BITS_HIGHER_ORDER_HPP
