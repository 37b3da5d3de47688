//===- eddy/bits/arguments.hpp - Argument wrappers ------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_ARGUMENTS_HPP
#define EDDY_BITS_ARGUMENTS_HPP

#include <array>
#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace eddy {

//===----------------------------------------------------------------------===//
// 1. Argument wrappers
//===----------------------------------------------------------------------===//

/// A raw array of `size` elements (`eddy::ptr(x, n)`); `f` receives `T *`.
template <class T> struct ptr_t {
  T *data;
  std::size_t size;
};
template <class T> ptr_t<T> ptr(T *data, std::size_t size) { return {data, size}; }

/// C arrays are held as pointers (f receives `T *`, as it would anyway).
template <class X>
using held_t = std::conditional_t<std::is_array_v<std::remove_reference_t<X>>, std::decay_t<X>, X>;

/// An argument held fixed: never differentiated, passed to `f` as it is.


/// An argument held fixed: never differentiated, passed to `f` as it is.
template <class X> struct constant_t { X value; };
template <class X> constant_t<held_t<X>> constant(X &&x) { return {std::forward<X>(x)}; }

/// An argument with a shadow owned by the caller (see the header comment).
template <class X, class D> struct dual_t {
  X value;
  D shadow;
};
template <class X, class D> dual_t<held_t<X>, held_t<D>> dual(X &&x, D &&dx) {
  return {std::forward<X>(x), std::forward<D>(dx)};
}

/// An array `f` writes, with the cotangent that seeds it in reverse mode
/// (`ybar` is read, not modified). In forward mode `ybar` receives the
/// tangent of `y`, as with eddy::dual. `eddy::output(y)` names the output of
/// eddy::jacobian for a function that returns void.
struct no_seed {};
template <class Y, class D> struct output_t {
  Y value;
  D seed;
};
template <class Y, class D> output_t<held_t<Y>, held_t<D>> output(Y &&y, D &&ybar) {
  return {std::forward<Y>(y), std::forward<D>(ybar)};
}
template <class Y> output_t<held_t<Y>, no_seed> output(Y &&y) { return {std::forward<Y>(y), {}}; }

/// A free function or member function known at compile time, as a callable:
/// `eddy::fn<f>`, `eddy::fn<&f<double>>`, `eddy::fn<&Model::loss>` (whose
/// first argument is then the object: eddy::constant(m) or eddy::dual(m, dm)).
/// A function pointer held in a variable cannot be used: the compiler must
/// see which function it calls.
/// (The trailing return types keep the call operators SFINAE-friendly, so
/// that a wrong argument list is a readable static_assert, not an error
/// inside this header.)
template <auto F, bool = std::is_member_function_pointer_v<decltype(F)>> struct fn_t {
  template <class... A>
  auto operator()(A &&...a) const -> decltype(F(std::forward<A>(a)...)) {
    return F(std::forward<A>(a)...);
  }
};
template <auto F> struct fn_t<F, true> {
  template <class O, class... A>
  auto operator()(O &&o, A &&...a) const
      -> decltype((std::forward<O>(o).*F)(std::forward<A>(a)...)) {
    return (std::forward<O>(o).*F)(std::forward<A>(a)...);
  }
  // An &&-qualified member function (the object arrives as an lvalue): called
  // on a copy of the object, so that every sweep sees the object as given and
  // the caller's object is never consumed.
  template <class O, class... A,
            class = std::enable_if_t<!std::is_invocable_v<decltype(F), O, A...>>>
  auto operator()(O &&o, A &&...a) const
      -> decltype((std::remove_cv_t<std::remove_reference_t<O>>(o).*F)(std::forward<A>(a)...)) {
    return (std::remove_cv_t<std::remove_reference_t<O>>(o).*F)(std::forward<A>(a)...);
  }
};
template <auto F> inline constexpr fn_t<F> fn{};

/// Modes, for eddy::jacobian's override and eddy::jacobian_mode's answer.
enum class mode { forward, reverse };
struct forward_t { static constexpr mode value = mode::forward; };
struct reverse_t { static constexpr mode value = mode::reverse; };
inline constexpr forward_t forward{};
inline constexpr reverse_t reverse{};

/// The seeds' decision table: forward mode costs one sweep per input, reverse
/// mode one per output; take the cheaper, forward on a tie.
constexpr mode jacobian_mode(std::size_t inputs, std::size_t outputs) {
  return inputs <= outputs ? mode::forward : mode::reverse;
}

/// Results with a value.
template <class V, class T> struct value_and_tangent {
  V value;
  T tangent;
};
template <class V, class G> struct value_and_grad {
  V value;
  G gradient;
};

} // namespace eddy

#endif // EDDY_BITS_ARGUMENTS_HPP
