//===- eddy/bits/selection.hpp - eddy::wrt: what to differentiate -*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_SELECTION_HPP
#define EDDY_BITS_SELECTION_HPP

#include <eddy/bits/holders.hpp>

#include <tuple>

namespace eddy {

/// `eddy::wrt<0, 2>` as the first argument of eddy::gradient,
/// value_and_gradient, vjp, jacobian, hessian or hvp: differentiate with
/// respect to f's arguments 0 and 2 (counted from 0, in increasing order)
/// and hold the other plain arguments fixed, like JAX's `argnums`.
template <std::size_t... I> struct wrt_t {};
template <std::size_t... I> inline constexpr wrt_t<I...> wrt{};

namespace detail {

template <class T> struct is_wrt : std::false_type {};
template <std::size_t... I> struct is_wrt<wrt_t<I...>> : std::true_type {};
template <class T> inline constexpr bool is_wrt_v = is_wrt<bare<T>>::value;

template <std::size_t... I> constexpr bool increasing() {
  constexpr std::size_t idx[] = {I..., 0};
  for (std::size_t k = 1; k < sizeof...(I); ++k)
    if (idx[k] <= idx[k - 1])
      return false;
  return true;
}

/// The checks every entry point makes on eddy::wrt<I...> for \p Args
/// arguments of f; true when they pass (a static_assert has failed otherwise).
template <std::size_t Args, std::size_t... I> constexpr bool wrt_ok() {
  if constexpr (sizeof...(I) == 0)
    static_assert(always_false<wrt_t<I...>>, "eddy::wrt: name at least one argument index");
  else if constexpr (!((I < Args) && ...))
    static_assert(always_false<wrt_t<I...>>, "eddy::wrt: an argument index is out of range "
                                             "(f's arguments are counted from 0)");
  else if constexpr (!increasing<I...>())
    static_assert(always_false<wrt_t<I...>>, "eddy::wrt: list the argument indices in "
                                             "increasing order, each once");
  else
    return true;
  return false;
}

/// Argument K of a call with a selection: a selected one as given, another
/// plain one held fixed (eddy::constant), eddy::constant / dual / output as
/// given. A small trivially copyable value held fixed is copied, as the
/// holders copy such values (holders.hpp, stored_t): a reference to it would
/// be a pointer Eddy cannot shadow when the call is itself differentiated.
template <std::size_t K, std::size_t... I, class A> decltype(auto) select_arg(A &&a) {
  using B = bare<A>;
  if constexpr (((K == I) || ...) || is_constant<B>::value || is_dual<B>::value ||
                is_output<B>::value)
    return std::forward<A>(a);
  else if constexpr (std::is_trivially_copyable_v<B> && !std::is_array_v<B> && sizeof(B) <= 256)
    return constant(B(a));
  else
    return constant(std::forward<A>(a));
}

/// A selected argument must be something to differentiate.
template <std::size_t K, class Args> constexpr bool selectable() {
  using A = std::tuple_element_t<K, Args>;
  return (differentiable_v<A> && !is_constant<bare<A>>::value) || is_dual<bare<A>>::value;
}

/// Calls `g(args...)` with every argument not in I... held fixed.
template <std::size_t... I, class G, std::size_t... K, class... A>
decltype(auto) with_selection(G &&g, std::index_sequence<K...>, A &&...args) {
  return g(select_arg<K, I...>(std::forward<A>(args))...);
}

/// Argument I of a pack, as a reference. (Not through a std::tuple of
/// references: inside differentiated code that would be memory holding
/// pointers to differentiated and to constant data side by side, which Eddy
/// refuses at -O0.)
template <std::size_t I, class A0, class... A> constexpr decltype(auto) nth(A0 &&a0, A &&...a) {
  if constexpr (I == 0)
    return std::forward<A0>(a0);
  else
    return nth<I - 1>(std::forward<A>(a)...);
}

/// f with its argument K moved to the front: `moved_first<K, F>{f}(x, rest...)`
/// calls `f(rest[0..K), x, rest[K..))`. eddy::jacobian, hessian and hvp
/// differentiate with respect to their first argument; this gives them
/// argument K.
template <std::size_t K, class F, std::size_t... B, std::size_t... E, class X, class... R>
auto call_inserted(const F &f, std::index_sequence<B...>, std::index_sequence<E...>, X &&x,
                   R &&...r)
    -> decltype(f(nth<B>(std::forward<R>(r)...)..., std::forward<X>(x),
                  nth<K + E>(std::forward<R>(r)...)...)) {
  return f(nth<B>(std::forward<R>(r)...)..., std::forward<X>(x),
           nth<K + E>(std::forward<R>(r)...)...);
}
/// call_inserted with \p first passed ahead of the arguments (f, handed
/// down as an argument: see with_holders).
template <std::size_t K, class F, class P, std::size_t... B, std::size_t... E, class X, class... R>
auto call_inserted_with(const F &f, const P &first, std::index_sequence<B...>,
                        std::index_sequence<E...>, X &&x, R &&...r) {
  return f(first, nth<B>(std::forward<R>(r)...)..., std::forward<X>(x),
           nth<K + E>(std::forward<R>(r)...)...);
}
template <std::size_t K, class F> struct moved_first {
  F f;
  template <class X, class... R, class = std::enable_if_t<(K <= sizeof...(R))>>
  auto operator()(X &&x, R &&...r) const
      -> decltype(call_inserted<K>(f, std::make_index_sequence<K>(),
                                   std::make_index_sequence<sizeof...(R) - K>(),
                                   std::forward<X>(x), std::forward<R>(r)...)) {
    return call_inserted<K>(f, std::make_index_sequence<K>(),
                            std::make_index_sequence<sizeof...(R) - K>(), std::forward<X>(x),
                            std::forward<R>(r)...);
  }
};
template <std::size_t K, class F> moved_first<K, F> move_first(const F &f) { return {f}; }

/// Calls `g(args[K], args without K...)`, forwarding each argument.
template <std::size_t K, class G, std::size_t... B, std::size_t... E, class... A>
decltype(auto) apply_moved(G &&g, std::index_sequence<B...>, std::index_sequence<E...>,
                           A &&...args) {
  return g(nth<K>(std::forward<A>(args)...), nth<B>(std::forward<A>(args)...)...,
           nth<K + 1 + E>(std::forward<A>(args)...)...);
}
template <std::size_t K, class G, class... A> decltype(auto) with_first(G &&g, A &&...args) {
  return apply_moved<K>(std::forward<G>(g), std::make_index_sequence<K>(),
                        std::make_index_sequence<sizeof...(A) - K - 1>(),
                        std::forward<A>(args)...);
}

/// gradient / value_and_gradient with eddy::wrt<I...>: `entry(g, args...)`
/// with the arguments not in I... held fixed.
template <std::size_t... I, class E, class G, class... A>
auto select(wrt_t<I...>, const E &entry, const G &g, A &&...args) {
  if constexpr (is_tape_budget_v<G>)
    static_assert(always_false<G>, "eddy::tape_budget(bytes) comes before eddy::wrt<...>: "
                                   "eddy::gradient(eddy::tape_budget(bytes), eddy::wrt<I...>, "
                                   "f, args...)");
  else if constexpr (runtime_function_v<G>)
    return callable_by_name<decltype(select(wrt_t<I...>(), entry, stand_in<G>(),
                                            std::forward<A>(args)...))>();
  else if constexpr (wrt_ok<sizeof...(A), I...>()) {
    if constexpr (!(selectable<I, std::tuple<A...>>() && ...))
      static_assert(always_false<G>, "eddy::wrt: a selected argument must be a float/double, a "
                                     "std::array/std::vector of them, an eddy::ptr array, a "
                                     "trivially copyable struct or an eddy::dual");
    else
      return with_selection<I...>(
          [&](auto &&...s) { return entry(g, std::forward<decltype(s)>(s)...); },
          std::index_sequence_for<A...>(), std::forward<A>(args)...);
  }
}

/// hessian / hvp with eddy::wrt<K>: `entry(K, g, args[K], others...)` (K as
/// a std::integral_constant). One index: the Hessian of several arguments
/// is the Hessian of one array holding them.
template <std::size_t... I, class E, class G, class... A>
auto select_one(wrt_t<I...>, const E &entry, const G &g, A &&...args) {
  if constexpr (runtime_function_v<G>)
    return callable_by_name<decltype(select_one(wrt_t<I...>(), entry, stand_in<G>(),
                                                std::forward<A>(args)...))>();
  else if constexpr (sizeof...(I) != 1)
    static_assert(always_false<G>, "eddy::hessian / eddy::hvp: eddy::wrt takes one argument "
                                   "index here; for several variables, pass them in one "
                                   "std::array");
  else if constexpr (wrt_ok<sizeof...(A), I...>()) {
    constexpr std::size_t K = (I + ...);
    return with_first<K>(
        [&](auto &&x, auto &&...rest) {
          return entry(std::integral_constant<std::size_t, K>(), g, std::forward<decltype(x)>(x),
                       std::forward<decltype(rest)>(rest)...);
        },
        std::forward<A>(args)...);
  }
}

} // namespace detail
} // namespace eddy

#endif // EDDY_BITS_SELECTION_HPP
