//===- eddy/eddy.hpp - Eddy's typed C++ API ------------------------*- C++ -*-===//
//
// One vocabulary for every mode of Eddy, header-only, C++17:
//
//   forward   eddy::derivative, eddy::jvp, eddy::jvp<N> (N directions)
//   reverse   eddy::gradient, eddy::value_and_gradient, eddy::vjp
//   both      eddy::jacobian (forward when inputs <= outputs, else reverse;
//             eddy::forward / eddy::reverse override), eddy::jacobian_mode
//   second    eddy::hvp, eddy::hessian (forward over reverse)
//
// Arguments: float/double scalars, std::array<T,N> and std::vector<T> (T
// floating), raw arrays as eddy::ptr(p, n), trivially copyable structs
// (Vec3, std::complex<double>: the derivative is a struct of the same type),
// integers (never differentiated). Results: a scalar, a std::array, a
// trivially copyable struct, or void.
// eddy::constant(x) holds any argument fixed; eddy::dual(x, dx) gives x a
// shadow you own (a tangent in forward mode, an adjoint that is ADDED to in
// reverse mode); eddy::output(y, ybar) seeds an output array in reverse mode.
// Callables: lambdas (capturing or not), function objects, generic lambdas,
// and free or member functions named at compile time as eddy::fn<f>.
// docs/user-guide.md shows each entry point with a tested example.
//
// Every entry point lowers to Eddy's request ABI (docs/request-abi.md):
//
//   __enzyme_fwddiff_eddy<void>(&trampoline::run, &enzyme_const, &closure,
//                               out, dout, x1, dx1, ...)
//
// The trampoline is a function the compiler can see; it calls the callable
// (whose address sits in the `enzyme_const` closure, with the addresses of the
// constant arguments) and stores the result through `out`. Every
// differentiated argument travels as a pointer with its shadow (a `dup`
// pair), so scalars, arrays and containers all get their derivatives in
// shadow memory and the request never needs a struct return.
//
// Several directions run as one vector sweep (enzyme_width N: f's primal
// once, N tangents): eddy::jvp<N> and the forward Jacobian's columns (up to
// 8 at a time). Reverse-mode rows and Hessians are one sweep per direction.
//===----------------------------------------------------------------------===//
#ifndef EDDY_EDDY_HPP
#define EDDY_EDDY_HPP

#include <eddy/eddy.h>

#include <array>
#include <cstddef>
#include <memory>
#include <tuple>
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

namespace detail {

//===----------------------------------------------------------------------===//
// 2. The request ABI
//===----------------------------------------------------------------------===//

// Entry points: instantiations of these declared-only templates have mangled
// names containing __enzyme_fwddiff / __enzyme_autodiff, which is all Eddy
// needs; their parameters are typed, so nothing is promoted.
template <class R, class... A> R __enzyme_fwddiff_eddy(void *, A...);
template <class R, class... A> R __enzyme_autodiff_eddy(void *, A...);

/// What the trampoline reads through its `enzyme_const` first argument: the
/// callable and the addresses of the constant arguments (slot I at arg[I]).
template <std::size_t K> struct closure_t {
  const void *f;
  void *arg[K + 1];
};

// The requests. `Run` is a template argument, so the function to
// differentiate is a constant in the call (Eddy needs to know it at compile
// time); the closure is `enzyme_const`, every other argument is a pointer
// followed by its shadow (`dup`, the ABI's default for pointers).
template <auto Run, std::size_t K, class... P>
void forward_request(const closure_t<K> *c, P... p) {
  __enzyme_fwddiff_eddy<void>((void *)Run, &enzyme_const, c, p...);
}
/// Vector mode: N tangents follow every differentiated pointer, and the
/// trampoline (which computes f once) runs once for all N directions.
template <auto Run, int N, std::size_t K, class... P>
void forward_request_n(const closure_t<K> *c, P... p) {
  __enzyme_fwddiff_eddy<void>((void *)Run, &enzyme_width, N, &enzyme_const, c, p...);
}
template <auto Run, std::size_t K, class... P>
void reverse_request(const closure_t<K> *c, P... p) {
  __enzyme_autodiff_eddy<void>((void *)Run, &enzyme_const, c, p...);
}

//===----------------------------------------------------------------------===//
// 3. Value kinds: how an argument is passed to f and what its shadow is
//===----------------------------------------------------------------------===//

template <class A> using bare = std::remove_cv_t<std::remove_reference_t<A>>;
template <class...> inline constexpr bool always_false = false;

template <class T> struct is_vector : std::false_type {};
template <class E, class Al> struct is_vector<std::vector<E, Al>> : std::true_type {};
template <class T> struct is_std_array : std::false_type {};
template <class E, std::size_t N> struct is_std_array<std::array<E, N>> : std::true_type {};
template <class T> struct is_ptr : std::false_type {};
template <class T> struct is_ptr<ptr_t<T>> : std::true_type {};
template <class T> struct is_constant : std::false_type {};
template <class X> struct is_constant<constant_t<X>> : std::true_type {};
template <class T> struct is_dual : std::false_type {};
template <class X, class D> struct is_dual<dual_t<X, D>> : std::true_type {};
template <class T> struct is_output : std::false_type {};
template <class Y, class D> struct is_output<output_t<Y, D>> : std::true_type {};

/// record: a trivially copyable struct or class (Vec3, std::complex<double>),
/// whose shadow is a value-initialized object of its type: its floating-point
/// members carry the derivatives. object: anything else (no shadow of its own).
enum class kind { scalar, integer, container, array_ptr, raw_ptr, record, object };

template <class T> constexpr kind kind_of() {
  if constexpr (std::is_floating_point_v<T>)
    return kind::scalar;
  else if constexpr (std::is_integral_v<T> || std::is_enum_v<T>)
    return kind::integer;
  else if constexpr (is_vector<T>::value || is_std_array<T>::value) {
    if constexpr (std::is_floating_point_v<typename T::value_type>)
      return kind::container;
    else
      return kind::object;
  } else if constexpr (is_ptr<T>::value)
    return kind::array_ptr;
  else if constexpr (std::is_pointer_v<T>)
    return kind::raw_ptr;
  else if constexpr (std::is_class_v<T> && std::is_trivially_copyable_v<T> &&
                     std::is_default_constructible_v<T>)
    return kind::record;
  else
    return kind::object;
}
template <class T> inline constexpr kind kind_v = kind_of<bare<T>>();
template <class T>
inline constexpr bool differentiable_v =
    kind_v<T> == kind::scalar || kind_v<T> == kind::container || kind_v<T> == kind::array_ptr ||
    kind_v<T> == kind::record;
/// Values with elements one can count (Jacobian inputs and outputs).
template <class T>
inline constexpr bool indexable_v = differentiable_v<T> && kind_v<T> != kind::record;

/// How slot memory reaches f: most values by reference to the object; arrays
/// (eddy::ptr, raw pointers) as the element pointer itself, so that their
/// shadow is the shadow array and not a pointer to it.
template <class V> struct access {
  static void *address(V &v) { return (void *)std::addressof(v); }
  static V &pass(void *p) { return *static_cast<V *>(p); }
};
template <class T> struct access<ptr_t<T>> {
  static void *address(const ptr_t<T> &v) { return (void *)v.data; }
  static T *pass(void *p) { return static_cast<T *>(p); }
};
template <class T> struct access<const ptr_t<T>> : access<ptr_t<T>> {};
template <class T> struct access<T *> {
  static void *address(T *v) { return (void *)v; }
  static T *pass(void *p) { return static_cast<T *>(p); }
};
template <class T> struct access<T *const> : access<T *> {};

/// What f receives for a value of type V.
template <class V> using passed_t = decltype(access<V>::pass(nullptr));

/// The element type of a differentiable value (the scalar itself for one).
template <class T, kind = kind_of<T>()> struct elem { using type = void; };
template <class T> struct elem<T, kind::scalar> { using type = T; };
template <class T> struct elem<T, kind::container> { using type = typename T::value_type; };
template <class T> struct elem<ptr_t<T>, kind::array_ptr> { using type = std::remove_const_t<T>; };
template <class T> using elem_t = typename elem<bare<T>>::type;

/// The shadow (zero) of a value: same shape and type; eddy::ptr arrays get a
/// std::vector.
template <class X> auto zeros_like(const X &x) {
  using B = bare<X>;
  if constexpr (kind_v<B> == kind::scalar)
    return B(0);
  else if constexpr (is_std_array<B>::value)
    return B{};
  else if constexpr (is_vector<B>::value)
    return B(x.size());
  else if constexpr (is_ptr<B>::value)
    return std::vector<elem_t<B>>(x.size);
  else if constexpr (kind_v<B> == kind::record)
    return B{};
  else
    return (void)x, char{}; // a raw pointer: no length, so no shadow of our own
}

/// Number of scalars in a value, and element j of it (flattened).
template <class X> std::size_t size_of(const X &x) {
  if constexpr (kind_v<X> == kind::scalar)
    return 1;
  else if constexpr (is_ptr<bare<X>>::value)
    return x.size;
  else
    return x.size();
}
template <class X> auto &element(X &x, std::size_t j) {
  if constexpr (kind_v<X> == kind::scalar)
    return (void)j, x;
  else
    return x[j];
}
/// Sizes known at compile time (0: only at run time).
template <class X> constexpr std::size_t static_size() {
  using B = bare<X>;
  if constexpr (kind_v<B> == kind::scalar)
    return 1;
  else if constexpr (is_std_array<B>::value)
    return std::tuple_size<B>::value;
  else
    return 0;
}

//===----------------------------------------------------------------------===//
// 4. Slots and the trampoline
//===----------------------------------------------------------------------===//

/// One argument of f as the trampoline sees it: `V` is the value's type
/// (const-qualified when f must not write it). A constant slot's address goes
/// into the closure; an active slot becomes a (primal, shadow) pair.
template <class V, bool Active> struct slot {
  using value_type = V;
  static constexpr bool active = Active;
  void *primal;
  void *shadow;
};

/// The result of f: stored through `out` (primal) and `dout` (its shadow: the
/// tangent in forward mode, the cotangent seed in reverse mode).
template <class R> struct ret_slot {
  void *primal, *shadow;
  auto request_args() const { return std::make_tuple(primal, shadow); }
};
template <> struct ret_slot<void> {
  auto request_args() const { return std::tuple<>(); }
};

template <class S> auto request_args(const S &s) {
  if constexpr (S::active)
    return std::make_tuple(s.primal, s.shadow);
  else
    return std::tuple<>();
}

/// Position of slot I among the trampoline's pointer parameters (the result
/// pointer, if any, comes first).
template <bool HasOut, class... S> constexpr std::array<std::size_t, sizeof...(S) + 1> ranks() {
  std::array<std::size_t, sizeof...(S) + 1> r{};
  constexpr bool act[] = {S::active..., false};
  std::size_t n = HasOut ? 1 : 0;
  for (std::size_t i = 0; i < sizeof...(S); ++i) {
    r[i] = n;
    n += act[i];
  }
  r[sizeof...(S)] = n;
  return r;
}

template <std::size_t> using void_ptr = void *;

/// The function Eddy differentiates: calls f with every slot and stores its
/// result. It is a plain function the compiler sees, whatever F is.
template <class F, class R, class IdxS, class IdxP, class... S> struct trampoline;
template <class F, class R, std::size_t... I, std::size_t... J, class... S>
struct trampoline<F, R, std::index_sequence<I...>, std::index_sequence<J...>, S...> {
  // A named constant, so that no std::array accessor is called at -O0.
  template <std::size_t K> static constexpr std::size_t rank = ranks<!std::is_void_v<R>, S...>()[K];
  static void run(const closure_t<sizeof...(S)> *c, void_ptr<J>... p) {
    void *act[] = {p..., nullptr};
    const F &f = *static_cast<const F *>(c->f);
    // `S::active ? ... : ...` is a constant condition: Clang emits only the live arm.
    if constexpr (std::is_void_v<R>)
      f(access<typename S::value_type>::pass(S::active ? act[rank<I>] : c->arg[I])...);
    else if constexpr (std::is_floating_point_v<R> || kind_of<R>() == kind::record)
      *static_cast<R *>(act[0]) =
          f(access<typename S::value_type>::pass(S::active ? act[rank<I>] : c->arg[I])...);
    else {
      // Element by element: at -O0 the whole-array assignment was a memcpy
      // that Eddy refused ("cannot tell whether this memcpy copies
      // floating-point data or pointers") in eddy::jvp<3> of test/API/forward.cpp.
      const R r = f(access<typename S::value_type>::pass(S::active ? act[rank<I>] : c->arg[I])...);
      R &out = *static_cast<R *>(act[0]);
      for (std::size_t i = 0; i < r.size(); ++i)
        out[i] = r[i];
    }
  }
};
template <class F, class R, class... S>
using trampoline_for =
    trampoline<F, R, std::index_sequence_for<S...>,
               std::make_index_sequence<ranks<!std::is_void_v<R>, S...>()[sizeof...(S)]>, S...>;

template <class... S> closure_t<sizeof...(S)> make_closure(const void *f, const S &...s) {
  return {f, {(S::active ? nullptr : s.primal)..., nullptr}};
}

/// One sweep: f's derivative in the direction / with the seeds in the slots.
template <bool Reverse, class F, class R, class... S>
void sweep(const F &f, const ret_slot<R> &ret, const S &...s) {
  using T = trampoline_for<F, R, S...>;
  const auto c = make_closure((const void *)std::addressof(f), s...);
  auto args = std::tuple_cat(ret.request_args(), request_args(s)...);
  std::apply(
      [&c](auto... a) {
        if constexpr (Reverse)
          reverse_request<&T::run>(&c, a...);
        else
          forward_request<&T::run>(&c, a...);
      },
      args);
}

/// The request arguments of one held argument in vector mode: its primal
/// and its N shadows if it is differentiated, nothing otherwise.
template <std::size_t N, class H, std::size_t... K>
auto lane_args(H &h, std::index_sequence<K...>) {
  using S = decltype(h.make_slot(0));
  if constexpr (S::active) {
    const S lanes[] = {h.make_slot(K)...};
    return std::make_tuple(lanes[0].primal, lanes[K].shadow...);
  } else
    return std::tuple<>();
}

/// The result's request arguments in vector mode: where f's value goes, then
/// its N tangents (none for a function returning void).
template <class R, std::size_t... K>
auto ret_args(R *value, R *tangent, std::index_sequence<K...>) {
  if constexpr (std::is_void_v<R>)
    return std::tuple<>();
  else
    return std::make_tuple((void *)value, (void *)&tangent[K]...);
}

/// One vector sweep: N directions at once; `value` receives f's result and
/// `tangent[k]` its tangent in direction k (R = void: no result).
template <std::size_t N, class F, class R, class... H>
void vector_sweep(const F &f, R *value, R *tangent, H &...h) {
  using T = trampoline_for<F, R, decltype(h.make_slot(0))...>;
  const auto c = make_closure((const void *)std::addressof(f), h.make_slot(0)...);
  constexpr auto lanes = std::make_index_sequence<N>();
  auto args = std::tuple_cat(ret_args(value, tangent, lanes), lane_args<N>(h, lanes)...);
  std::apply([&c](auto... a) { forward_request_n<&T::run, int(N)>(&c, a...); }, args);
}

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

// A plain differentiable argument in reverse mode: its adjoint is a result.
template <class X> struct adjoint_holder {
  X value;
  decltype(zeros_like(std::declval<X &>())) adj = zeros_like(value);
  static constexpr bool has_result = true;
  slot<held_value_t<X>, true> make_slot(std::size_t = 0) {
    return {access<held_value_t<X>>::address(value), shadow_address()};
  }
  void *shadow_address() {
    if constexpr (is_ptr<bare<X>>::value)
      return (void *)adj.data();
    else
      return (void *)std::addressof(adj);
  }
  auto result() { return std::move(adj); }
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
  std::conditional_t<Output && Reverse && !scalar, decltype(zeros_like(std::declval<X &>())),
                     char>
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
      seed_copy = zeros_like(value);
      for (std::size_t i = 0; i < size_of(value); ++i)
        element(seed_copy, i) = shadow_for(k)[i];
      if constexpr (is_ptr<bare<X>>::value || std::is_pointer_v<bare<X>>)
        return {p, (void *)seed_copy.data()};
      else
        return {p, (void *)std::addressof(seed_copy)};
    } else
      return {p, shadow_address<X>(shadow_for(k))};
  }
  void finish(std::size_t k = 0) {
    if constexpr (scalar && Reverse && std::is_lvalue_reference_v<D> &&
                  !std::is_const_v<std::remove_reference_t<D>>)
      shadow_for(k) = scalar_shadow[k];
  }
};

template <class A, bool Reverse, std::size_t N = 1> auto hold(A &&a) {
  using B = bare<A>;
  if constexpr (is_constant<B>::value) {
    using X = decltype(a.value);
    return const_holder<X>{std::forward<X>(a.value)};
  } else if constexpr (is_dual<B>::value || is_output<B>::value) {
    using X = decltype(B::value);
    if constexpr (is_dual<B>::value) {
      using D = decltype(B::shadow);
      return shadow_holder<X, D, Reverse, false, N>{std::forward<X>(a.value),
                                                    std::forward<D>(a.shadow)};
    } else {
      using D = decltype(B::seed);
      return shadow_holder<X, D, Reverse, true, N>{std::forward<X>(a.value),
                                                   std::forward<D>(a.seed)};
    }
  } else if constexpr (Reverse && differentiable_v<B>)
    return adjoint_holder<A>{std::forward<A>(a)};
  else
    return const_holder<A>{std::forward<A>(a)};
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

template <class R> constexpr bool tangent_type() {
  if constexpr (is_std_array<R>::value)
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

template <class T> auto result_tuple(T &h) {
  if constexpr (T::has_result)
    return std::make_tuple(h.result());
  else
    return std::tuple<>();
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

/// Runs the reverse sweep and returns the value of f and the adjoints.
template <class R, class F, class W, class... A> auto reverse_with(const F &f, const W &w, A &&...args) {
  auto holders = std::make_tuple(hold<A, true>(std::forward<A>(args))...);
  return std::apply(
      [&](auto &...h) {
        if constexpr (std::is_void_v<R>) {
          sweep<true>(f, ret_slot<void>{}, h.make_slot()...);
          (finish(h, 0), ...);
          return package(std::tuple_cat(result_tuple(h)...));
        } else {
          R value{}, seed = w;
          sweep<true>(f, ret_slot<R>{&value, &seed}, h.make_slot()...);
          (finish(h, 0), ...);
          return std::make_pair(value, package(std::tuple_cat(result_tuple(h)...)));
        }
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

template <class F>
inline constexpr const char *function_pointer_message =
    "eddy: a function pointer known only at run time cannot be differentiated: pass eddy::fn<f> "
    "or a lambda";

/// Reverse mode with a cotangent `w` for f's result (the `vjp`, `gradient`
/// and `value_and_gradient` entry points share it and its checks).
template <const char *Who, class F, class W, class... A> auto vjp_value(const F &f, const W &w, A &&...args);

} // namespace detail

//===----------------------------------------------------------------------===//
// 8. Forward mode
//===----------------------------------------------------------------------===//

/// Jacobian-vector product: f's value and its tangent along the directions of
/// the eddy::dual arguments (every other argument is held fixed). For a
/// function returning void, the tangents of its outputs land in the shadows
/// of their eddy::dual(y, dy) and jvp returns nothing. `eddy::jvp<N>` takes N
/// directions at once (each dual's shadow a std::array of N) and returns N
/// tangents, from one vector sweep (f runs once).
template <std::size_t N = 1, class F, class... A> auto jvp(const F &f, A &&...args) {
  using namespace detail;
  using R = result_t<F, A...>;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (!callable_v<F, A...>)
    static_assert(always_false<F>, "eddy::jvp: f cannot be called with these arguments "
                                   "(check their number and types)");
  else if constexpr (!(dual_shape_ok<A>() && ...))
    static_assert(always_false<F>, "eddy::jvp: eddy::dual needs a float/double, a "
                                   "std::array/std::vector of them or an eddy::ptr array, and a "
                                   "tangent; integers and other objects have no tangent");
  else if constexpr (!(active_arg_v<A, false> || ...))
    static_assert(always_false<F>, "eddy::jvp: no argument has a tangent: pass "
                                   "eddy::dual(x, dx) for each direction");
  else if constexpr (N == 0)
    static_assert(always_false<F>, "eddy::jvp<N>: N must be at least 1");
  else if constexpr (!(batch_shape_ok<N, A>() && ...))
    static_assert(always_false<F>, "eddy::jvp<N>: each eddy::dual shadow must be a "
                                   "std::array of N tangents");
  else if constexpr (!tangent_type_v<R>)
    static_assert(always_false<F>, "eddy::jvp: f must return a float/double, a std::array of "
                                   "them, a trivially copyable struct, or void (write outputs "
                                   "through eddy::dual arguments)");
  else {
    auto holders = std::make_tuple(hold<A, false, N>(std::forward<A>(args))...);
    return std::apply(
        [&](auto &...h) {
          if constexpr (std::is_void_v<R>) {
            if constexpr (N == 1)
              sweep<false>(f, ret_slot<void>{}, h.make_slot(0)...);
            else
              vector_sweep<N>(f, (void *)nullptr, (void *)nullptr, h...);
          } else {
            R value{};
            std::array<R, N> tangent{};
            if constexpr (N == 1)
              sweep<false>(f, ret_slot<R>{&value, &tangent[0]}, h.make_slot(0)...);
            else
              vector_sweep<N>(f, &value, tangent.data(), h...);
            if constexpr (N == 1)
              return value_and_tangent<R, R>{value, tangent[0]};
            else
              return value_and_tangent<R, std::array<R, N>>{value, tangent};
          }
        },
        holders);
  }
}

/// d f / d x for a float/double x (f's first argument); the other arguments
/// are held fixed. The result has the type of f's result.
template <class F, class X, class... A> auto derivative(const F &f, X x, A &&...rest) {
  using namespace detail;
  if constexpr (!std::is_floating_point_v<X>)
    static_assert(always_false<F>, "eddy::derivative: the variable (first argument) must be a "
                                   "float or double, e.g. 2.0 rather than 2; use eddy::jvp for "
                                   "arrays");
  else
    return jvp(f, dual(x, X(1)), std::forward<A>(rest)...).tangent;
}

//===----------------------------------------------------------------------===//
// 9. Reverse mode
//===----------------------------------------------------------------------===//

namespace detail {
inline constexpr char vjp_name[] = "eddy::vjp";
inline constexpr char gradient_name[] = "eddy::gradient";

template <const char *Who, class F, class W, class... A> auto vjp_value(const F &f, const W &w, A &&...args) {
  using R = result_t<F, A...>;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (!callable_v<F, A...>)
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: f cannot be called with these "
                                   "arguments (check their number and types)");
  else if constexpr (Who == gradient_name && !std::is_floating_point_v<R>)
    static_assert(always_false<F>, "eddy::gradient: f must return one float or double; for "
                                   "several outputs use eddy::vjp or eddy::jacobian");
  else if constexpr (!tangent_type_v<R> || std::is_void_v<R>)
    static_assert(always_false<F>, "eddy::vjp: f must return a float/double, a std::array of "
                                   "them or a trivially copyable struct (for a function "
                                   "returning void: vjp(f, args...) with eddy::output(y, ybar))");
  else if constexpr (!std::is_convertible_v<const W &, R>)
    static_assert(always_false<F>, "eddy::vjp: the cotangent must have the type of f's result");
  else if constexpr (!(dual_shape_ok<A>() && ...))
    static_assert(always_false<F>, "eddy::vjp: eddy::dual / eddy::output need a float/double, a "
                                   "std::array/std::vector of them or an eddy::ptr array, and a "
                                   "shadow (eddy::output(eddy::ptr(y, n), ybar) for a raw array)");
  else if constexpr ((unusable_in_reverse_v<A> || ...))
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: an argument is not "
                                   "differentiable: pass a raw pointer as eddy::ptr(p, n), other "
                                   "objects as eddy::constant(x) or eddy::dual(x, shadow)");
  else if constexpr (!(active_arg_v<A, true> || ...))
    static_assert(always_false<F>, "eddy::gradient / eddy::vjp: nothing to differentiate: every "
                                   "argument is an integer or eddy::constant");
  else
    return reverse_with<R>(f, R(w), std::forward<A>(args)...);
}

template <class F, class... A> constexpr bool returns_void() {
  if constexpr (callable_v<F, A...>)
    return std::is_void_v<result_t<F, A...>>;
  else
    return false;
}
} // namespace detail

/// Vector-Jacobian product wᵀ·J: `vjp(f, w, args...)` returns the adjoints of
/// the differentiable arguments for the cotangent `w` of f's result (a
/// float/double or a std::array). For a function returning void, call
/// `vjp(f, args...)` and seed each output array with eddy::output(y, ybar).
/// Results: one adjoint as itself, several scalars of one type as a
/// std::array, otherwise a std::tuple; an eddy::ptr array's adjoint is a
/// std::vector. eddy::dual arguments receive theirs in their own shadow.
template <class F, class... A> auto vjp(const F &f, A &&...args) {
  using namespace detail;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (returns_void<F, A...>()) {
    if constexpr (!(dual_shape_ok<A>() && ...))
      static_assert(always_false<F>, "eddy::vjp: eddy::dual / eddy::output need a float/double, "
                                     "a std::array/std::vector of them or an eddy::ptr array, and "
                                     "a shadow");
    else if constexpr ((unusable_in_reverse_v<A> || ...))
      static_assert(always_false<F>, "eddy::vjp: an argument is not differentiable: pass a raw "
                                     "pointer as eddy::ptr(p, n), other objects as "
                                     "eddy::constant(x) or eddy::dual(x, shadow)");
    else if constexpr (!(active_arg_v<A, true> || ...))
      static_assert(always_false<F>, "eddy::vjp: nothing to differentiate: every argument is an "
                                     "integer or eddy::constant");
    else
      return reverse_with<void>(f, 0, std::forward<A>(args)...);
  } else
    return vjp_value<vjp_name>(f, std::forward<A>(args)...).second;
}

/// f's value and gradient (f returns one float/double); the gradient has the
/// shape described at eddy::vjp.
template <class F, class... A> auto value_and_gradient(const F &f, A &&...args) {
  using namespace detail;
  using R = result_t<F, A...>;
  using W = std::conditional_t<std::is_floating_point_v<R>, R, int>;
  using Out = decltype(vjp_value<gradient_name>(f, W(1), std::forward<A>(args)...));
  if constexpr (std::is_void_v<Out>)
    vjp_value<gradient_name>(f, W(1), std::forward<A>(args)...); // reports the misuse
  else {
    auto r = vjp_value<gradient_name>(f, W(1), std::forward<A>(args)...);
    return value_and_grad<R, decltype(r.second)>{r.first, std::move(r.second)};
  }
}

/// The gradient of a function returning one float/double, with respect to
/// every differentiable argument (integers and eddy::constant are fixed).
template <class F, class... A> auto gradient(const F &f, A &&...args) {
  return value_and_gradient(f, std::forward<A>(args)...).gradient;
}

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

template <class M, class F, class X, class... A> auto jacobian_impl(const F &f, X &&x, A &&...rest) {
  using R = result_t<F, X, A...>;
  using T = elem_t<X>;
  constexpr bool returns = !std::is_void_v<R>;
  using Y = std::conditional_t<returns, R, bare<typename jac_out_type<A...>::type>>;
  constexpr std::size_t SN = static_size<X>(), SM = static_size<Y>();
  using Mat = jac_matrix<T, (SN && SM) ? SM : 0, (SN && SM) ? SN : 0>;
  auto holders = std::make_tuple(hold_jac(std::forward<A>(rest))...);
  return std::apply(
      [&](auto &...h) {
        std::conditional_t<returns, R, char> value{};
        bare<X> xv = x; // the point (f must not change it)
        using XV = bare<X>;
        std::size_t n = size_of(xv), m = 0;
        if constexpr (returns)
          m = size_of(value);
        else
          (jac_output_size(h, m), ...);
        auto J = Mat::make(m, n);
        const mode chosen = std::is_same_v<M, forward_t>   ? mode::forward
                            : std::is_same_v<M, reverse_t> ? mode::reverse
                                                           : jacobian_mode(n, m);
        if (chosen == mode::forward) {
          // Vector sweeps: all columns at once when n is known and small,
          // else chunks of 8, 4, 2, 1 columns.
          if constexpr (SN > 0 && SN <= jacobian_lanes) {
            jacobian_columns<SN, Y, T>(f, value, xv, J, 0, m, h...);
          } else {
            std::size_t j = 0;
            for (; j + jacobian_lanes <= n; j += jacobian_lanes)
              jacobian_columns<jacobian_lanes, Y, T>(f, value, xv, J, j, m, h...);
            if (n - j >= 4) {
              jacobian_columns<4, Y, T>(f, value, xv, J, j, m, h...);
              j += 4;
            }
            if (n - j >= 2) {
              jacobian_columns<2, Y, T>(f, value, xv, J, j, m, h...);
              j += 2;
            }
            if (n - j >= 1)
              jacobian_columns<1, Y, T>(f, value, xv, J, j, m, h...);
          }
        } else {
          // One row per output direction.
          for (std::size_t i = 0; i < m; ++i) {
            auto g = zeros_like(xv);
            slot<XV, true> xs{access<XV>::address(xv), shadow_of<XV>(g)};
            if constexpr (returns) {
              R w = unit(value, i);
              sweep<true>(f, ret_slot<R>{&value, &w}, xs, h.make_slot()...);
            } else {
              std::vector<T> w(m);
              w[i] = 1;
              (jac_set_shadow<Y>(h, w.data()), ...);
              sweep<true>(f, ret_slot<void>{}, xs, h.make_slot()...);
            }
            for (std::size_t j = 0; j < n; ++j)
              J[i][j] = element(g, j);
          }
        }
        return J;
      },
      holders);
}

template <class M, class F, class X, class... A> auto jacobian_checked(const F &f, X &&x, A &&...rest) {
  using R = result_t<F, X, A...>;
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (!callable_v<F, X, A...>)
    static_assert(always_false<F>, "eddy::jacobian: f cannot be called with these arguments "
                                   "(check their number and types)");
  else if constexpr (!indexable_v<X>)
    static_assert(always_false<F>, "eddy::jacobian: the input (first argument) must be a "
                                   "float/double, a std::array/std::vector of them or an eddy::ptr "
                                   "array");
  else if constexpr (std::is_void_v<R> ? count_outputs<X, A...>() != 1
                                       : (count_outputs<X, A...>() != 0 || !tangent_type_v<R> ||
                                          kind_of<R>() == kind::record))
    static_assert(always_false<F>, "eddy::jacobian: f must return a float/double or a std::array "
                                   "of them, or return void and write exactly one "
                                   "eddy::output(y) argument");
  else if constexpr (((is_dual<bare<A>>::value) || ...))
    static_assert(always_false<F>, "eddy::jacobian: eddy::dual is not used here; other arguments "
                                   "are held fixed");
  else
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

#endif // EDDY_EDDY_HPP
