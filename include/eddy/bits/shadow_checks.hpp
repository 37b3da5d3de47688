//===- eddy/bits/shadow_checks.hpp - Shadows that fit their values -*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
// A caller-owned shadow (eddy::dual(x, dx), eddy::output(y, ybar)) reaches
// the request as a `void *`: Eddy then reads and writes it as if it had x's
// element type and length. A std::vector<float> shadow of a
// std::vector<double> is read as garbage, and a shorter shadow is written
// past its end. So element types are checked at compile time (a
// static_assert whose failed requirement names the argument's position and
// both types) and lengths at run time (a message naming the argument, then
// std::abort(): the entry points may run inside differentiated code, where
// Eddy refuses exceptions).
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_SHADOW_CHECKS_HPP
#define EDDY_BITS_SHADOW_CHECKS_HPP

#include <eddy/bits/holders.hpp>

#include <cstdio>
#include <cstdlib>

namespace eddy {
namespace detail {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// What one element of a value or shadow is, as Eddy's shadow memory sees it:
/// the scalar itself, a container's or array's element, or the object itself
/// (records and other objects, whose shadow is an object of their type).
template <class T, class = void> struct element_of { using type = T; };
template <class E, class Al> struct element_of<std::vector<E, Al>> { using type = E; };
template <class E, std::size_t N> struct element_of<std::array<E, N>> { using type = E; };
template <class E> struct element_of<ptr_t<E>> { using type = E; };
template <class E> struct element_of<E *> { using type = E; };
template <class T> using element_of_t = std::remove_cv_t<typename element_of<bare<T>>::type>;

/// The shadow of one direction (lane k of an N-wide batch).
template <class D, std::size_t N, bool Batched = (N > 1)> struct lane_of { using type = D; };
template <class E, std::size_t N> struct lane_of<std::array<E, N>, N, true> { using type = E; };
template <class D, std::size_t N> using lane_of_t = typename lane_of<D, N>::type;

/// The value and shadow types of a dual or output argument (void, void for
/// any other argument).
template <class A, class = void> struct shadow_pair {
  using value = void;
  using shadow = void;
};
template <class X, class D> struct shadow_pair<dual_t<X, D>> {
  using value = bare<X>;
  using shadow = bare<D>;
};
template <class Y, class D> struct shadow_pair<output_t<Y, D>> {
  using value = bare<Y>;
  using shadow = std::conditional_t<std::is_same_v<bare<D>, no_seed>, void, bare<D>>;
};

/// How a shadow Lane fits a value V.
enum class fit { ok, element, holder };

/// A scalar takes any number (it is converted). A std::vector, std::array,
/// struct or other object reaches f by reference, and its shadow is an
/// object of its own type (its data pointer, its fields are the shadow's).
/// An array (eddy::ptr, a raw pointer) takes any contiguous shadow of its
/// element type: a raw pointer, eddy::ptr, std::vector or std::array.
template <class V, class Lane> constexpr fit shadow_fit() {
  if constexpr (std::is_void_v<V> || std::is_void_v<Lane>)
    return fit::ok;
  else if constexpr (std::is_floating_point_v<V>)
    return std::is_arithmetic_v<Lane> ? fit::ok : fit::holder;
  else if constexpr (!std::is_same_v<element_of_t<V>, element_of_t<Lane>>)
    return fit::element;
  else if constexpr (is_ptr<V>::value || std::is_pointer_v<V>)
    return fit::ok;
  else
    return std::is_same_v<V, Lane> ? fit::ok : fit::holder;
}

/// In reverse mode an eddy::output's seeds are copied element by element
/// (and converted) into a shadow of the value's type: any array fits.
template <std::size_t N, bool Reverse, class A> constexpr fit shadow_fit_of() {
  using P = shadow_pair<bare<A>>;
  if constexpr (Reverse && is_output<bare<A>>::value)
    return fit::ok;
  else
    return shadow_fit<typename P::value, lane_of_t<typename P::shadow, N>>();
}
template <std::size_t N, bool Reverse, class A> constexpr bool shadow_type_ok() {
  return shadow_fit_of<N, Reverse, A>() == fit::ok;
}

/// Spelled so that Clang's "static assertion failed due to requirement
/// 'eddy_argument_shadow_matches<3, double, float>'" names the argument (f
/// is argument 1) and the two element (or object) types: the messages refer
/// to them as <1>, <2> and <3>.
template <std::size_t Argument, class ValueElement, class ShadowElement>
inline constexpr bool eddy_argument_shadow_matches = false;
template <std::size_t Argument, class Value, class Shadow>
inline constexpr bool eddy_argument_shadow_has_value_type = false;

template <std::size_t Position, std::size_t N, bool Reverse, class A>
constexpr void report_shadow_type() {
  using P = shadow_pair<bare<A>>;
  using V = typename P::value;
  using Lane = lane_of_t<typename P::shadow, N>;
  if constexpr (shadow_fit_of<N, Reverse, A>() == fit::element)
    static_assert(eddy_argument_shadow_matches<Position, element_of_t<V>, element_of_t<Lane>>,
                  "eddy::dual / eddy::output: the shadow of argument <1> (f is argument 1) "
                  "holds elements of type <3>, but its value holds <2>: give the shadow the "
                  "value's element type (e.g. std::vector<double> for a "
                  "std::vector<double>); Eddy reads and writes it as the value's type");
  else if constexpr (shadow_fit_of<N, Reverse, A>() == fit::holder)
    static_assert(eddy_argument_shadow_has_value_type<Position, V, Lane>,
                  "eddy::dual / eddy::output: the shadow of argument <1> (f is argument 1) is a "
                  "<3>, but its value is a <2>: the shadow of a number is a number, that of a "
                  "std::vector, std::array or struct an object of the same type (a raw pointer or "
                  "eddy::ptr array takes any array of its element type)");
}

template <std::size_t First, std::size_t N, bool Reverse, class... A> struct shadow_type_report {
  template <std::size_t... I> static constexpr void each(std::index_sequence<I...>) {
    (report_shadow_type<First + I, N, Reverse, A>(), ...);
  }
};

/// True when every shadow fits; otherwise instantiates one static_assert per
/// argument that does not (\p First is the position of the first of \p A in
/// the user's call, f being 1).
template <std::size_t First, std::size_t N, bool Reverse, class... A>
constexpr bool shadow_types_ok() {
  if constexpr ((shadow_type_ok<N, Reverse, A>() && ...))
    return true;
  else {
    shadow_type_report<First, N, Reverse, A...>::each(std::index_sequence_for<A...>());
    return false;
  }
}

//===----------------------------------------------------------------------===//
// Lengths
//===----------------------------------------------------------------------===//

/// The number of elements of a value or shadow, when it has one that the API
/// can know (containers and eddy::ptr arrays; raw pointers have none).
template <class T> bool known_length(const T &t, std::size_t &n) {
  using B = bare<T>;
  if constexpr (is_vector<B>::value || is_std_array<B>::value)
    n = t.size();
  else if constexpr (is_ptr<B>::value)
    n = t.size;
  else
    return (void)t, (void)n, false;
  return true;
}

[[noreturn, gnu::cold, gnu::noinline]] inline void
shadow_length_error(const char *who, std::size_t position, std::size_t lanes, std::size_t lane,
                    std::size_t got, std::size_t want) {
  if (lanes > 1)
    std::fprintf(stderr,
                 "eddy: %s: the shadow of argument %zu (direction %zu of %zu) has %zu "
                 "element%s, but its value has %zu; give each shadow the value's length\n",
                 who, position, lane, lanes, got, got == 1 ? "" : "s", want);
  else
    std::fprintf(stderr,
                 "eddy: %s: the shadow of argument %zu has %zu element%s, but its value "
                 "has %zu; give the shadow the value's length\n",
                 who, position, got, got == 1 ? "" : "s", want);
  std::abort();
}

template <class X, class D> const D &shadow_member(const dual_t<X, D> &a) { return a.shadow; }
template <class Y, class D> const D &shadow_member(const output_t<Y, D> &a) { return a.seed; }

template <std::size_t N, class A>
void check_shadow_length(const char *who, std::size_t position, const A &a) {
  using B = bare<A>;
  if constexpr (is_dual<B>::value || is_output<B>::value) {
    using P = shadow_pair<B>;
    if constexpr (!std::is_void_v<typename P::shadow>) {
      const auto &shadow = shadow_member(a);
      std::size_t want = 0, got = 0;
      if (!known_length(a.value, want))
        return;
      for (std::size_t k = 0; k < N; ++k) {
        bool known;
        if constexpr (N > 1 && batched_shadow<bare<decltype(shadow)>, N>::value)
          known = known_length(shadow[k], got);
        else
          known = known_length(shadow, got);
        if (known && got != want)
          shadow_length_error(who, position, N, k, got, want);
      }
    }
  }
}

/// Checks the length of every shadow among \p args (\p first: the position
/// of the first of them in the user's call, f being 1).
template <std::size_t N = 1, class... A>
void check_shadow_lengths(const char *who, std::size_t first, const A &...args) {
  std::size_t position = first;
  (check_shadow_length<N>(who, position++, args), ...);
}

/// eddy::hvp's direction v (argument 3) must have x's length (argument 2).
template <class X, class V> void check_direction_length(const X &x, const V &v) {
  std::size_t want = 0, got = 0;
  if (known_length(x, want) && known_length(v, got) && got != want) {
    std::fprintf(stderr,
                 "eddy: eddy::hvp: the direction v (argument 3) has %zu element%s, but x "
                 "(argument 2) has %zu; give v the length of x\n",
                 got, got == 1 ? "" : "s", want);
    std::abort();
  }
}

} // namespace detail
} // namespace eddy

#endif // EDDY_BITS_SHADOW_CHECKS_HPP
