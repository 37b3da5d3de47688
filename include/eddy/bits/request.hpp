//===- eddy/bits/request.hpp - Request ABI and trampoline -----*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_REQUEST_HPP
#define EDDY_BITS_REQUEST_HPP

#include <eddy/bits/arguments.hpp>
#include <eddy/bits/budget.hpp>
#include <eddy/bits/refused.hpp>
#include <eddy/eddy.h>

#include <array>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace eddy {
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
/// Vector reverse mode: N cotangents (shadows) follow every differentiated
/// pointer; the forward sweep runs once for all N.
template <auto Run, int N, std::size_t K, class... P>
void reverse_request_n(const closure_t<K> *c, P... p) {
  __enzyme_autodiff_eddy<void>((void *)Run, &enzyme_width, N, &enzyme_const, c, p...);
}
/// The same with a tape budget of `bytes` for this request (eddy::tape_budget).
template <auto Run, std::size_t K, class... P>
void reverse_request_budget(long long bytes, const closure_t<K> *c, P... p) {
  __enzyme_autodiff_eddy<void>((void *)Run, &eddy_tape_budget, bytes, &enzyme_const, c, p...);
}
template <auto Run, int N, std::size_t K, class... P>
void reverse_request_budget_n(long long bytes, const closure_t<K> *c, P... p) {
  __enzyme_autodiff_eddy<void>((void *)Run, &eddy_tape_budget, bytes, &enzyme_width, N,
                               &enzyme_const, c, p...);
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

/// Where a result of type R is stored: the object, or a std::vector's
/// elements (the trampoline copies them there, see trampoline::run).
template <class R> void *result_address(R &r) {
  if constexpr (is_vector<R>::value)
    return (void *)r.data();
  else
    return (void *)std::addressof(r);
}

/// The result of f: stored through `out` (primal) and `dout` (its shadow: the
/// tangent in forward mode, the cotangent seed in reverse mode).
template <class R> struct ret_slot {
  R *value, *shadow;
  auto request_args() const {
    return std::make_tuple(result_address(*value), result_address(*shadow));
  }
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
    else if constexpr (is_vector<R>::value) {
      // A std::vector, whose length is known only once f has run: copied into
      // the buffer at `out`, whose length the closure's last slot holds; the
      // result's own length is left there for the caller to check.
      const R r = f(access<typename S::value_type>::pass(S::active ? act[rank<I>] : c->arg[I])...);
      auto *out = static_cast<typename R::value_type *>(act[0]);
      std::size_t &length = *static_cast<std::size_t *>(c->arg[sizeof...(S)]);
      for (std::size_t i = 0; i < r.size() && i < length; ++i)
        out[i] = r[i];
      length = r.size();
    } else {
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

/// The callable as the closure refers to it. An empty one (eddy::fn<f>, a
/// captureless lambda) is copied to a local: its address is then that of
/// memory the enclosing function owns, which matters when this request is
/// itself differentiated (nested): Eddy gives locals a shadow, but not
/// constants like eddy::fn<f>, whose address it could not store into the
/// shadowed closure.
template <class F> using callable_copy_t = std::conditional_t<std::is_empty_v<F>, const F, const F &>;

template <class... S> closure_t<sizeof...(S)> make_closure(const void *f, const S &...s) {
  return {f, {(S::active ? nullptr : s.primal)..., nullptr}};
}

//===----------------------------------------------------------------------===//
// std::vector results
//===----------------------------------------------------------------------===//

// The request needs the result's buffers (value and shadows) before f runs,
// but a std::vector's length is known only after: f runs once first,
// without derivatives, to learn it. These stop the program like the
// shadow-length checks (shadow_checks.hpp), for the same reason.

inline void check_result_length(std::size_t sized, std::size_t got) {
  if (sized == got)
    return;
  std::fprintf(stderr,
               "eddy: f's std::vector result had %zu elements when it was first computed, "
               "then %zu; its length must not change between calls with the same arguments\n",
               sized, got);
  std::abort();
}

inline void check_cotangent_length(std::size_t given, std::size_t want) {
  if (given == want)
    return;
  std::fprintf(stderr,
               "eddy: eddy::vjp: the cotangent has %zu elements, but f's result has %zu; give "
               "the cotangent the result's length\n",
               given, want);
  std::abort();
}

template <class S> auto primal_args(const S &s) {
  if constexpr (S::active)
    return std::make_tuple(s.primal);
  else
    return std::tuple<>();
}

/// Runs the trampoline T once, as a plain call (no derivative), for the
/// length of f's std::vector result.
template <class T, std::size_t K, class... S>
std::size_t run_for_length(closure_t<K> &c, const S &...s) {
  std::size_t length = 0;
  c.arg[K] = &length;
  std::apply([&c](auto... p) { T::run(&c, p...); },
             std::tuple_cat(std::make_tuple((void *)nullptr), primal_args(s)...));
  return length;
}

template <class F, class R, class... S> std::size_t result_length(const F &f, const S &...s) {
  using T = trampoline_for<F, R, S...>;
  callable_copy_t<F> fc = f;
  auto c = make_closure((const void *)std::addressof(fc), s...);
  return run_for_length<T>(c, s...);
}

/// Sizes the result's buffers for a std::vector result (once: an empty
/// `value` has not been sized yet), checks the cotangents' lengths in
/// reverse mode, and points the closure's last slot at `length`.
template <bool Reverse, std::size_t N, class T, class R, std::size_t K, class... S>
void size_result(closure_t<K> &c, std::size_t &length, R *value, R *shadows, const S &...s) {
  if constexpr (is_vector<R>::value) {
    if (value->empty())
      value->assign(run_for_length<T>(c, s...), typename R::value_type(0));
    length = value->size();
    for (std::size_t k = 0; k < N; ++k) {
      if constexpr (Reverse)
        check_cotangent_length(shadows[k].size(), length);
      else
        shadows[k].assign(length, typename R::value_type(0));
    }
    c.arg[K] = &length;
  }
}

/// One sweep: f's derivative in the direction / with the seeds in the slots.
/// A budgeted_t f (eddy::tape_budget) differentiates the callable it wraps,
/// with the budget in the request.
template <bool Reverse, class F, class R, class... S>
void sweep(const F &f_arg, const ret_slot<R> &ret, const S &...s) {
  using G = unbudgeted_t<F>;
  using T = trampoline_for<G, R, S...>;
  callable_copy_t<G> fc = unbudget(f_arg);
  auto c = make_closure((const void *)std::addressof(fc), s...);
  std::size_t length = 0;
  if constexpr (!std::is_void_v<R>)
    size_result<Reverse, 1, T>(c, length, ret.value, ret.shadow, s...);
  auto args = std::tuple_cat(ret.request_args(), request_args(s)...);
  std::apply(
      [&](auto... a) {
        if constexpr (Reverse && is_budgeted_v<F>)
          reverse_request_budget<&T::run>(f_arg.bytes, &c, a...);
        else if constexpr (Reverse)
          reverse_request<&T::run>(&c, a...);
        else
          forward_request<&T::run>(&c, a...);
      },
      args);
  if constexpr (is_vector<R>::value)
    check_result_length(ret.value->size(), length);
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
    return std::make_tuple(result_address(*value), result_address(tangent[K])...);
}

/// One vector sweep: N directions at once; `value` receives f's result and
/// `tangent[k]` its tangent in direction k (R = void: no result). In reverse
/// mode `tangent[k]` is lane k's cotangent seed of the result instead, and
/// the slots' shadows receive the N adjoints.
template <std::size_t N, bool Reverse = false, class F, class R, class... H>
void vector_sweep(const F &f_arg, R *value, R *tangent, H &...h) {
  using G = unbudgeted_t<F>; // as in sweep
  using T = trampoline_for<G, R, decltype(h.make_slot(0))...>;
  callable_copy_t<G> fc = unbudget(f_arg);
  auto c = make_closure((const void *)std::addressof(fc), h.make_slot(0)...);
  std::size_t length = 0;
  if constexpr (!std::is_void_v<R>)
    size_result<Reverse, N, T>(c, length, value, tangent, h.make_slot(0)...);
  constexpr auto lanes = std::make_index_sequence<N>();
  auto args = std::tuple_cat(ret_args(value, tangent, lanes), lane_args<N>(h, lanes)...);
  std::apply(
      [&](auto... a) {
        if constexpr (Reverse && is_budgeted_v<F>)
          reverse_request_budget_n<&T::run, int(N)>(f_arg.bytes, &c, a...);
        else if constexpr (Reverse)
          reverse_request_n<&T::run, int(N)>(&c, a...);
        else
          forward_request_n<&T::run, int(N)>(&c, a...);
      },
      args);
  if constexpr (is_vector<R>::value)
    check_result_length(value->size(), length);
}

} // namespace detail
} // namespace eddy

#endif // EDDY_BITS_REQUEST_HPP
