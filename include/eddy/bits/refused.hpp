//===- eddy/bits/refused.hpp - What a refused call returns ----*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
// A misused entry point stops with a readable static_assert. If the failing
// branch returned nothing, the caller's use of the result (`g[0]`,
// `r.tangent`, `auto [v, g] = ...`) would add unrelated errors about `void`
// after it. The branch returns a `refused` instead: every use a caller makes
// of a result is well-formed on it, so the static_assert is the only error.
// Nothing of this type is ever run: the program does not compile.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_REFUSED_HPP
#define EDDY_BITS_REFUSED_HPP

#include <cstddef>
#include <tuple>
#include <type_traits>

namespace eddy {
namespace detail {

struct refused {
  // The members of the entry points' results (value_and_gradient,
  // value_and_tangent, std::pair).
  static const refused value, gradient, tangent, first, second;

  template <class T, class = std::enable_if_t<std::is_default_constructible_v<T>>>
  constexpr operator T() const {
    return T();
  }
  template <class I> constexpr refused operator[](const I &) const { return {}; }
  template <class... T> constexpr refused operator()(const T &...) const { return {}; }
  template <class... T> constexpr refused backward(const T &...) const { return {}; }
  template <class T> constexpr const refused &operator=(const T &) const { return *this; }
  constexpr std::size_t size() const { return 0; }
  constexpr const refused *begin() const { return this; }
  constexpr const refused *end() const { return this; }
  constexpr refused operator-() const { return {}; }
  constexpr refused operator+() const { return {}; }
  // Structured bindings of the pairs the entry points return.
  template <std::size_t I> constexpr refused get() const { return {}; }
};
inline const refused refused::value{}, refused::gradient{}, refused::tangent{},
    refused::first{}, refused::second{};

template <class T> inline constexpr bool is_refused_v = std::is_same_v<std::decay_t<T>, refused>;

// Arithmetic, comparison and stream insertion with a refused on either side.
#define EDDY_REFUSED_OPERATOR_(op)                                                                 \
  constexpr refused operator op(const refused &, const refused &) { return {}; }                  \
  template <class T> constexpr refused operator op(const refused &, const T &) { return {}; }    \
  template <class T> constexpr refused operator op(const T &, const refused &) { return {}; }    \
  template <class T> constexpr const refused &operator op##=(const refused &r, const T &) {      \
    return r;                                                                                      \
  }
EDDY_REFUSED_OPERATOR_(+)
EDDY_REFUSED_OPERATOR_(-)
EDDY_REFUSED_OPERATOR_(*)
EDDY_REFUSED_OPERATOR_(/)
#undef EDDY_REFUSED_OPERATOR_
#define EDDY_REFUSED_OPERATOR_(op)                                                                 \
  constexpr refused operator op(const refused &, const refused &) { return {}; }                  \
  template <class T> constexpr refused operator op(const refused &, const T &) { return {}; }    \
  template <class T> constexpr refused operator op(const T &, const refused &) { return {}; }
EDDY_REFUSED_OPERATOR_(==)
EDDY_REFUSED_OPERATOR_(!=)
EDDY_REFUSED_OPERATOR_(<)
EDDY_REFUSED_OPERATOR_(>)
EDDY_REFUSED_OPERATOR_(<=)
EDDY_REFUSED_OPERATOR_(>=)
#undef EDDY_REFUSED_OPERATOR_
template <class S> S &operator<<(S &s, const refused &) { return s; }

} // namespace detail
} // namespace eddy

template <> struct std::tuple_size<eddy::detail::refused> : std::integral_constant<std::size_t, 2> {};
template <std::size_t I> struct std::tuple_element<I, eddy::detail::refused> {
  using type = eddy::detail::refused;
};

#endif // EDDY_BITS_REFUSED_HPP
