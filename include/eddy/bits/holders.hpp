//===- eddy/bits/holders.hpp - Arguments held per sweep -------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_HOLDERS_HPP
#define EDDY_BITS_HOLDERS_HPP

#include <eddy/bits/request.hpp>

#include <tuple>

namespace eddy {
namespace detail {

//===----------------------------------------------------------------------===//
// 5. From user arguments to slots
//===----------------------------------------------------------------------===//

// A user argument A (a forwarding-reference type: T& for lvalues, T for
// rvalues) is held in a `holder` for the duration of the sweeps: it keeps the
// primal (a copy for scalars, a reference otherwise), the shadow it owns, and
// makes the slot. Plain differentiable arguments are active in reverse mode
// (their adjoint is a result) and constant in forward mode.

/// The value type f sees for a held X (keeping const for const objects).
template <class X> using held_value_t = std::remove_reference_t<X>;

template <class A, bool Reverse, class = void> struct holder;

// Anything that is only passed along: integers, eddy::constant, plain values
// in forward mode.
template <class X> struct const_holder {
  X value;
  static constexpr bool has_result = false;
  slot<held_value_t<X>, false> make_slot(std::size_t = 0) {
    return {access<held_value_t<X>>::address(value), nullptr};
  }
  void finish(std::size_t) {}
};

/// N copies of t.
template <std::size_t N, class T> std::array<T, N> copies(const T &t) {
  std::array<T, N> a;
  for (auto &e : a)
    e = t;
  return a;
}

// A plain differentiable argument in reverse mode: its adjoint is a result
// (one per lane in a vector sweep, eddy::vjp<N>).
template <class X, std::size_t N = 1> struct adjoint_holder {
  X value;
  std::array<decltype(zeros_like(std::declval<X &>())), N> adj = copies<N>(zeros_like(value));
  static constexpr bool has_result = true;
  slot<held_value_t<X>, true> make_slot(std::size_t k = 0) {
    return {access<held_value_t<X>>::address(value), shadow_address(k)};
  }
  void *shadow_address(std::size_t k) {
    if constexpr (is_ptr<bare<X>>::value)
      return (void *)adj[k].data();
    else
      return (void *)std::addressof(adj[k]);
  }
  auto result(std::size_t k = 0) { return std::move(adj[k]); }
  void finish(std::size_t) {}
};

/// Address of a caller-owned shadow for a value of kind K.
template <class X, class D> void *shadow_address(D &d) {
  if constexpr (is_ptr<bare<X>>::value || std::is_pointer_v<bare<X>>) {
    if constexpr (is_ptr<bare<D>>::value)
      return (void *)d.data;
    else if constexpr (std::is_pointer_v<bare<D>>)
      return (void *)d;
    else
      return (void *)d.data();
  } else
    return (void *)std::addressof(d);
}

template <class D, std::size_t N> struct batched_shadow : std::false_type {};
template <class E, std::size_t N>
struct batched_shadow<std::array<E, N>, N> : std::true_type {};

// eddy::dual(x, dx) and eddy::output(y, ybar): the caller's shadow. A scalar
// shadow is copied in (and, in reverse mode, its accumulated adjoint copied
// back to a non-const lvalue). With a batch of N directions (`eddy::jvp<N>`),
// dx holds one shadow per direction and sweep k uses dx[k].
template <class X, class D, bool Reverse, bool Output, std::size_t N> struct shadow_holder {
  X value;
  D shadow;
  static constexpr bool has_result = false;
  static constexpr bool scalar = kind_v<X> == kind::scalar;
  std::array<bare<X>, (scalar ? N : 1)> scalar_shadow{}; // one per direction
  // The seeds of a reverse sweep are consumed by it: it works on copies.
  std::array<std::conditional_t<Output && Reverse && !scalar,
                                decltype(zeros_like(std::declval<X &>())), char>,
             N>
      seed_copy{};

  decltype(auto) shadow_for(std::size_t k) {
    if constexpr (N > 1)
      return (shadow[k]);
    else
      return (void)k, (shadow);
  }
  slot<held_value_t<X>, true> make_slot(std::size_t k = 0) {
    void *p = access<held_value_t<X>>::address(value);
    if constexpr (scalar) {
      scalar_shadow[k] = shadow_for(k);
      return {p, (void *)&scalar_shadow[k]};
    } else if constexpr (Output && Reverse) {
      // The seed is consumed by the sweep: work on a copy.
      seed_copy[k] = zeros_like(value);
      for (std::size_t i = 0; i < size_of(value); ++i)
        element(seed_copy[k], i) = shadow_for(k)[i];
      if constexpr (is_ptr<bare<X>>::value || std::is_pointer_v<bare<X>>)
        return {p, (void *)seed_copy[k].data()};
      else
        return {p, (void *)std::addressof(seed_copy[k])};
    } else
      return {p, shadow_address<X>(shadow_for(k))};
  }
  void finish(std::size_t k = 0) {
    if constexpr (scalar && Reverse && std::is_lvalue_reference_v<D> &&
                  !std::is_const_v<std::remove_reference_t<D>>)
      shadow_for(k) = scalar_shadow[k];
  }
};

/// How a holder keeps an argument of type A: a const lvalue of a small
/// trivially copyable type (a number, a struct, a std::array) as a copy,
/// anything else as given. A reference into constant memory stored in a
/// holder is a pointer Eddy cannot give a shadow when the entry point is
/// itself differentiated (a request nested in a lambda that captured it).
/// Reverse mode's plain differentiable arguments are inputs (their adjoint
/// is the result), so \p AnyLvalue copies non-const lvalues too.
template <class A, bool AnyLvalue = false>
using stored_t =
    std::conditional_t<std::is_lvalue_reference_v<A> &&
                           (AnyLvalue || std::is_const_v<std::remove_reference_t<A>>) &&
                           std::is_trivially_copyable_v<bare<A>> && !std::is_array_v<bare<A>> &&
                           sizeof(bare<A>) <= 256,
                       bare<A>, A>;

template <class A, bool Reverse, std::size_t N = 1> auto hold(A &&a) {
  using B = bare<A>;
  if constexpr (is_constant<B>::value) {
    using X = decltype(a.value);
    return const_holder<stored_t<X>>{std::forward<X>(a.value)};
  } else if constexpr (is_dual<B>::value || is_output<B>::value) {
    using X = decltype(B::value);
    if constexpr (is_dual<B>::value) {
      using D = decltype(B::shadow);
      return shadow_holder<stored_t<X>, D, Reverse, false, N>{std::forward<X>(a.value),
                                                    std::forward<D>(a.shadow)};
    } else {
      using D = decltype(B::seed);
      return shadow_holder<stored_t<X>, D, Reverse, true, N>{std::forward<X>(a.value),
                                                   std::forward<D>(a.seed)};
    }
  } else if constexpr (Reverse && differentiable_v<B>)
    return adjoint_holder<stored_t<A, true>, N>{std::forward<A>(a)};
  else
    return const_holder<stored_t<A>>{std::forward<A>(a)};
}
template <class A, bool Reverse, std::size_t N = 1>
using holder_t = decltype(hold<A, Reverse, N>(std::declval<A>()));

template <class H> void finish(H &h, std::size_t k) { h.finish(k); }

//===----------------------------------------------------------------------===//
// 6. Checks with readable messages
//===----------------------------------------------------------------------===//

/// What f receives for a user argument A.
template <class A, class = void> struct passed_for {
  using type = passed_t<std::remove_reference_t<A>>;
};
template <class A> struct passed_for<A, std::enable_if_t<is_constant<bare<A>>::value>> {
  using type = passed_t<std::remove_reference_t<decltype(bare<A>::value)>>;
};
template <class A> struct passed_for<A, std::enable_if_t<is_dual<bare<A>>::value>> {
  using type = passed_t<std::remove_reference_t<decltype(bare<A>::value)>>;
};
template <class A> struct passed_for<A, std::enable_if_t<is_output<bare<A>>::value>> {
  using type = passed_t<std::remove_reference_t<decltype(bare<A>::value)>>;
};
template <class A> using passed_for_t = typename passed_for<A>::type;

template <class F, class... A>
inline constexpr bool callable_v = std::is_invocable_v<const bare<F> &, passed_for_t<A>...>;

template <class F, class... A, class = std::enable_if_t<callable_v<F, A...>>>
auto result_type_probe(int) -> std::decay_t<std::invoke_result_t<const bare<F> &, passed_for_t<A>...>>;
template <class F, class... A> auto result_type_probe(...) -> void;
template <class F, class... A> using result_t = decltype(result_type_probe<F, A...>(0));

template <class F>
inline constexpr bool runtime_function_v =
    std::is_pointer_v<bare<F>> || std::is_function_v<std::remove_reference_t<F>> ||
    std::is_member_pointer_v<bare<F>>;

/// A function object that can be called like the function, function pointer
/// or member function pointer F (what eddy::fn<f> is for that function): the
/// entry points check a call with a function name against it, and take their
/// result type from it.
template <class F> struct stand_in {
  template <class... A>
  auto operator()(A &&...a) const -> std::invoke_result_t<const F &, A...>;
  // As fn_t: an &&-qualified member function is called on a copy.
  template <class O, class... A,
            class = std::enable_if_t<!std::is_invocable_v<const F &, O, A...>>>
  auto operator()(O &&o, A &&...a) const
      -> std::invoke_result_t<const F &, std::remove_cv_t<std::remove_reference_t<O>>, A...>;
};

/// Never defined. A call of an entry point with a function name (F a function
/// or function pointer type) is rebuilt by the plugin with eddy::fn<f> in its
/// place before code is generated (lib/Frontend/CallableNames.cpp), and one
/// with a pointer known only at run time is refused there; so no generated
/// code calls this.
template <class R> R function_named_at_run_time();
template <class R> R callable_by_name() {
#ifndef __EDDY__
  static_assert(always_false<R>, "eddy: a function passed by name needs the Eddy plugin "
                                 "(-fplugin=EddyClang.so); or pass eddy::fn<f> or a lambda");
#endif
  return function_named_at_run_time<R>();
}

template <class R> constexpr bool tangent_type() {
  if constexpr (is_std_array<R>::value || is_vector<R>::value)
    return std::is_floating_point_v<typename R::value_type>;
  else if constexpr (std::is_void_v<R>)
    return true;
  else
    return std::is_floating_point_v<R> || kind_of<R>() == kind::record;
}
template <class R> inline constexpr bool tangent_type_v = tangent_type<R>();

/// Is A active (gets a shadow) in this mode?
template <class A, bool Reverse>
inline constexpr bool active_arg_v = is_dual<bare<A>>::value || is_output<bare<A>>::value ||
                                     (Reverse && !is_constant<bare<A>>::value && differentiable_v<A>);

/// A plain argument that reverse mode cannot take as it is: a raw pointer
/// (no length) or an object that is neither a number nor an array.
template <class A>
inline constexpr bool unusable_in_reverse_v =
    !is_constant<bare<A>>::value && !is_dual<bare<A>>::value && !is_output<bare<A>>::value &&
    (kind_v<A> == kind::raw_ptr || kind_v<A> == kind::object);

template <class A> constexpr bool dual_shape_ok() {
  using B = bare<A>;
  if constexpr (is_output<B>::value)
    return !std::is_same_v<bare<decltype(B::seed)>, no_seed> &&
           kind_v<decltype(B::value)> != kind::raw_ptr &&
           kind_v<decltype(B::value)> != kind::integer && kind_v<decltype(B::value)> != kind::object &&
           kind_v<decltype(B::value)> != kind::record;
  else if constexpr (is_dual<B>::value) {
    // An object (e.g. the `this` of a member function) takes a shadow object
    // of its own type, whose floating-point fields carry the derivatives.
    if constexpr (kind_v<decltype(B::value)> == kind::object ||
                  kind_v<decltype(B::value)> == kind::record)
      return std::is_same_v<bare<decltype(B::value)>, bare<decltype(B::shadow)>>;
    else
      return kind_v<decltype(B::value)> != kind::integer;
  }
  else
    return true;
}

template <std::size_t N, class A> constexpr bool batch_shape_ok() {
  using B = bare<A>;
  if constexpr (N > 1 && is_dual<B>::value)
    return batched_shadow<bare<decltype(B::shadow)>, N>::value;
  else
    return true;
}

//===----------------------------------------------------------------------===//
// 7. Packaging results
//===----------------------------------------------------------------------===//

template <class T> auto result_tuple(T &h, std::size_t k = 0) {
  if constexpr (T::has_result)
    return std::make_tuple(h.result(k));
  else
    return (void)k, std::tuple<>();
}

template <class... T> constexpr bool same_scalars() {
  if constexpr (sizeof...(T) < 2)
    return false;
  else {
    using T0 = std::tuple_element_t<0, std::tuple<T...>>;
    return std::is_floating_point_v<T0> && (std::is_same_v<T0, T> && ...);
  }
}

/// One adjoint as itself; several scalars of one type as a std::array; else a
/// std::tuple (structured bindings work for all three).
template <class... T> auto package(std::tuple<T...> &&t) {
  if constexpr (sizeof...(T) == 1)
    return std::get<0>(std::move(t));
  else if constexpr (same_scalars<T...>())
    return std::apply([](auto... v) { return std::array<std::tuple_element_t<0, std::tuple<T...>>,
                                                        sizeof...(T)>{v...}; },
                      std::move(t));
  else
    return std::move(t);
}

/// Calls body(f, h...) with the elements of the tuple \p holders. Code of
/// eddy.hpp that runs inside a differentiated callable (a nested request)
/// hands f down as an argument, never as a capture next to other data: a
/// lambda object holding both a pointer to f and one to active data needs a
/// shadow, and so would f's address stored in it, which Eddy cannot give
/// when f is a lambda capturing what the enclosing request's constant
/// closure points to. (At -O0 nothing is inlined, and such objects exist.)
template <class B, class F, class H, std::size_t... I>
decltype(auto) with_holders_at(B &&body, const F &f, H &holders, std::index_sequence<I...>) {
  return body(f, std::get<I>(holders)...);
}
template <class B, class F, class H> decltype(auto) with_holders(B &&body, const F &f, H &holders) {
  return with_holders_at(body, f, holders, std::make_index_sequence<std::tuple_size_v<H>>());
}

/// reverse_with's sweep over its holders (f an argument: see with_holders).
template <class R, class F, class W, class H, std::size_t... I>
auto reverse_with_holders(const F &f, const W &w, H &holders, std::index_sequence<I...>) {
  if constexpr (std::is_void_v<R>) {
    sweep<true>(f, ret_slot<void>{}, std::get<I>(holders).make_slot()...);
    (finish(std::get<I>(holders), 0), ...);
    return package(std::tuple_cat(result_tuple(std::get<I>(holders))...));
  } else {
    R value{}, seed = w;
    sweep<true>(f, ret_slot<R>{&value, &seed}, std::get<I>(holders).make_slot()...);
    (finish(std::get<I>(holders), 0), ...);
    return std::make_pair(value, package(std::tuple_cat(result_tuple(std::get<I>(holders))...)));
  }
}

/// Runs the reverse sweep and returns the value of f and the adjoints.
template <class R, class F, class W, class... A> auto reverse_with(const F &f_arg, const W &w, A &&...args) {
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  auto holders = std::make_tuple(hold<A, true>(std::forward<A>(args))...);
  return reverse_with_holders<R>(f, w, holders, std::index_sequence_for<A...>());
}

/// Runs one vector reverse sweep with N cotangents (eddy::vjp<N>): lane k's
/// seed of f's result is ws[k] (R = void: the seeds are in the eddy::output
/// arguments' N shadows). Returns lane by lane the packaged adjoints.
template <class R, std::size_t N, class F, class Ws, class... A>
auto reverse_lanes(const F &f_arg, const Ws &ws, A &&...args) {
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  auto holders = std::make_tuple(hold<A, true, N>(std::forward<A>(args))...);
  return std::apply(
      [&](auto &...h) {
        if constexpr (std::is_void_v<R>) {
          vector_sweep<N, true>(f, (void *)nullptr, (void *)nullptr, h...);
        } else {
          R value{};
          std::array<R, N> seeds;
          for (std::size_t k = 0; k < N; ++k)
            seeds[k] = R(ws[k]);
          vector_sweep<N, true>(f, &value, seeds.data(), h...);
        }
        using Lane = decltype(package(std::tuple_cat(result_tuple(h, 0)...)));
        std::array<Lane, N> out;
        for (std::size_t k = 0; k < N; ++k) {
          (finish(h, k), ...);
          out[k] = package(std::tuple_cat(result_tuple(h, k)...));
        }
        return out;
      },
      holders);
}

template <class X, class Buf> void *shadow_of(Buf &b) {
  if constexpr (is_ptr<bare<X>>::value || std::is_pointer_v<bare<X>>)
    return (void *)b.data();
  else
    return (void *)std::addressof(b);
}

/// Element i of a direction given as a scalar, container, raw pointer or eddy::ptr.
template <class V> auto get(const V &v, std::size_t i) {
  if constexpr (std::is_floating_point_v<V>)
    return (void)i, v;
  else if constexpr (is_ptr<V>::value)
    return v.data[i];
  else
    return v[i];
}

/// Reverse mode with a cotangent `w` for f's result (the `vjp`, `gradient`
/// and `value_and_gradient` entry points share it and its checks).
template <const char *Who, std::size_t N, class F, class W, class... A>
auto vjp_value(const F &f, const W &w, A &&...args);

} // namespace detail
} // namespace eddy

#endif // EDDY_BITS_HOLDERS_HPP
