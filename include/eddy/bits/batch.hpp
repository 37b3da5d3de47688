//===- eddy/bits/batch.hpp - eddy::batch: N evaluations in one call -*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
//   std::array<R, N> r = eddy::batch<N>(f, eddy::lanes(x0, ..., xN-1), y);
//
// evaluates r[k] = f(xk, y) for k = 0..N-1 through Enzyme's batch request
// (`__enzyme_batch`, docs/request-abi.md): an argument wrapped in
// eddy::lanes gives each lane its own value (enzyme_vector), any other
// argument is shared by the lanes (the same object for all of them). A void
// f returns void (its lanes write through their arguments). No derivative is
// involved; f may be any callable, and may itself ask for derivatives.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_BATCH_HPP
#define EDDY_BITS_BATCH_HPP

#include <eddy/bits/request.hpp>
#include <eddy/eddy.h>

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace eddy {

/// N values of one argument of eddy::batch, lane 0 first.
template <class T, std::size_t N> struct lanes_t {
  std::array<T, N> values;
};

/// The lanes of one argument: `eddy::lanes(x0, x1, x2)` (converted to the
/// first value's type) or `eddy::lanes(std::array<T, N>{...})`.
template <class T, class... U> lanes_t<T, 1 + sizeof...(U)> lanes(T x0, U... xs) {
  return {{x0, static_cast<T>(xs)...}};
}
template <class T, std::size_t N> lanes_t<T, N> lanes(const std::array<T, N> &a) {
  return {a};
}

namespace detail {

/// The batch entry point: its mangled name contains __enzyme_batch, and its
/// parameters are typed, so nothing is promoted.
template <class R, class... A> R __enzyme_batch_eddy(void *, A...);

/// What one lane's argument is: a lanes_t gives each lane an element, any
/// other argument is shared.
template <class T> struct lane_arg {
  using type = T;
  static constexpr bool vector = false;
  static constexpr std::size_t width = 0;
};
template <class T, std::size_t N> struct lane_arg<lanes_t<T, N>> {
  using type = T;
  static constexpr bool vector = true;
  static constexpr std::size_t width = N;
};
template <class A> using lane_t = typename lane_arg<bare<A>>::type;

/// The function the request evaluates once per lane: every argument is a
/// pointer (one per lane), the callable's address is shared. All are passed
/// as void * so that the entry point's type never names a type without
/// linkage (a lambda, a local struct).
template <class> using untyped = void *;
template <class D, class R, class... V>
void batch_lane(const void *f, void *out, untyped<V>... v) {
  *static_cast<R *>(out) = std::invoke(*static_cast<const D *>(f), *static_cast<V *>(v)...);
}
template <class D, class... V> void batch_lane_void(const void *f, untyped<V>... v) {
  std::invoke(*static_cast<const D *>(f), *static_cast<V *>(v)...);
}

/// Lane \p L's address of argument \p a.
template <class A> void *lane_address(A &a, std::size_t L) {
  if constexpr (lane_arg<bare<A>>::vector)
    return (void *)std::addressof(a.values[L]);
  else
    return (void)L, (void *)std::addressof(a);
}

/// Lane addresses of one argument into \p row, and of all of them into
/// consecutive rows of N. (No lambda: at -O0 its closure would hold the
/// address of a counter next to differentiated pointers.)
template <std::size_t N, class A> void fill_row(void **row, A &a) {
  for (std::size_t L = 0; L < N; ++L)
    row[L] = lane_address(a, L);
}
template <std::size_t N, class... A, std::size_t... I>
void fill_table(void **table, std::index_sequence<I...>, A &...args) {
  (fill_row<N>(table + I * N, args), ...);
}

/// The request: the lane addresses of argument a are table[a*N .. a*N+N-1],
/// so each parameter of the lane function gets N values (enzyme_vector, the
/// default), in the order the batch ABI wants them.
template <std::size_t N, class D, class R, class... V, std::size_t... J, std::size_t... L>
auto batch_request(const void *fn, void *const *table, std::index_sequence<J...>,
                   std::index_sequence<L...>) {
  if constexpr (std::is_void_v<R>) {
    (void)table;
    __enzyme_batch_eddy<void>((void *)&batch_lane_void<D, V...>, &enzyme_width, int(N),
                              &enzyme_scalar, fn, table[J]...);
  } else {
    std::array<R, N> out{};
    __enzyme_batch_eddy<void>((void *)&batch_lane<D, R, V...>, &enzyme_width, int(N),
                              &enzyme_scalar, fn, (void *)std::addressof(out[L])...,
                              table[J]...);
    return out;
  }
}

} // namespace detail

/// f evaluated for N lanes of arguments: std::array<R, N> (void for a void
/// f). Arguments in eddy::lanes(...) have one value per lane; the others are
/// shared by all lanes.
template <std::size_t N, class F, class... A> auto batch(F &&f, A &&...args) {
  using namespace detail;
  using D = std::decay_t<F>;
  // Each failing check returns a refused (refused.hpp): its static_assert is
  // then the only error.
  if constexpr (!(N >= 1 && N <= 64)) {
    static_assert(always_false<D>, "eddy::batch: N must be between 1 and 64");
    return refused{};
  } else if constexpr (!((!lane_arg<bare<A>>::vector || lane_arg<bare<A>>::width == N) && ...)) {
    static_assert(always_false<D>, "eddy::batch<N>: every eddy::lanes(...) must hold N values");
    return refused{};
  } else if constexpr (!std::is_invocable_v<const D &, lane_t<A> &...>) {
    static_assert(always_false<D>, "eddy::batch: f cannot be called with these arguments (check "
                                   "their number and types)");
    return refused{};
  } else {
    using R = std::invoke_result_t<const D &, lane_t<A> &...>;
    const D fn = f;
    constexpr std::size_t K = sizeof...(A);
    void *table[N * K + 1];
    fill_table<N>(table, std::make_index_sequence<K>{}, args...);
    return batch_request<N, D, R, std::remove_const_t<lane_t<A>>...>(
        static_cast<const void *>(&fn), table, std::make_index_sequence<N * K>{},
        std::make_index_sequence<N>{});
  }
}

} // namespace eddy

#endif // EDDY_BITS_BATCH_HPP
