//===- eddy/bits/budget.hpp - eddy::tape_budget: one request's budget -*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
// `eddy::tape_budget(bytes)` as the first argument of eddy::gradient,
// value_and_gradient or vjp gives that one request a tape budget: its
// outermost counted loops run under the checkpoint driver, taped while the
// whole tape fits in `bytes`, binomially checkpointed otherwise, with the
// same gradient either way (docs/checkpointing.md, "A tape budget"). It is
// what -fplugin-arg-eddy-tape-budget does for a whole translation unit, for
// one call, with a budget known at run time.
//
// How it reaches the passes: the entry point wraps the callable in a
// detail::budgeted_t (callable like it, so every check and result type is
// the callable's); the sweep unwraps it, differentiates the callable itself
// and adds `&eddy_tape_budget, bytes` to the request (eddy/abi.def).
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_BUDGET_HPP
#define EDDY_BITS_BUDGET_HPP

#include <climits>
#include <type_traits>
#include <utility>

namespace eddy {

/// What eddy::tape_budget returns: a budget in bytes (at least 1).
struct tape_budget_t {
  long long bytes;
};

#if defined(__has_attribute)
#if __has_attribute(diagnose_if)
#define EDDY_BUDGET_AT_LEAST_ONE(b)                                                                \
  __attribute__((diagnose_if((b) < 1,                                                              \
                             "eddy::tape_budget: the budget is a number of bytes, at least 1",    \
                             "error")))
#endif
#endif
#ifndef EDDY_BUDGET_AT_LEAST_ONE
#define EDDY_BUDGET_AT_LEAST_ONE(b)
#endif

/// `eddy::tape_budget(64 << 20)`: a tape budget of 64 MiB for the request it
/// comes first in (eddy::gradient, value_and_gradient, vjp). Any integer
/// type; a run-time value is fine. A constant below 1 is a compile error; a
/// run-time value below 1 stops the program with a message when the request
/// runs. Values above LLONG_MAX are LLONG_MAX (no tape that large fits in
/// memory anyway).
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wgcc-compat" // diagnose_if under -pedantic
#endif
template <class T>
constexpr tape_budget_t tape_budget(T bytes) EDDY_BUDGET_AT_LEAST_ONE(bytes) {
  static_assert(std::is_integral_v<T> && !std::is_same_v<T, bool>,
                "eddy::tape_budget: the budget is a number of bytes, an integer (write "
                "64 << 20 or std::size_t(6.4e7), not 6.4e7)");
  if constexpr (std::is_unsigned_v<T>)
    return {bytes > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)bytes};
  else
    return {(long long)bytes};
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

#undef EDDY_BUDGET_AT_LEAST_ONE

namespace detail {

template <class T> struct is_tape_budget : std::false_type {};
template <> struct is_tape_budget<tape_budget_t> : std::true_type {};
template <class T>
inline constexpr bool is_tape_budget_v =
    is_tape_budget<std::remove_cv_t<std::remove_reference_t<T>>>::value;

/// The callable of a request with a budget: called as `f` is (so the entry
/// points' checks and result types are f's), and recognised by the sweep,
/// which differentiates `f` itself and passes `bytes` in the request. It
/// refers to `f` (alive for the whole entry-point call).
template <class F> struct budgeted_t {
  const F &f;
  long long bytes;
  template <class... P>
  auto operator()(P &&...p) const -> decltype(f(std::forward<P>(p)...)) {
    return f(std::forward<P>(p)...);
  }
};

template <class T> struct is_budgeted : std::false_type {};
template <class F> struct is_budgeted<budgeted_t<F>> : std::true_type {};
template <class T>
inline constexpr bool is_budgeted_v = is_budgeted<std::remove_cv_t<std::remove_reference_t<T>>>::value;

/// The callable a sweep differentiates: f itself for a budgeted_t<F>.
template <class F> struct unbudgeted { using type = F; };
template <class F> struct unbudgeted<budgeted_t<F>> { using type = F; };
template <class F> using unbudgeted_t = typename unbudgeted<F>::type;

template <class F> const unbudgeted_t<F> &unbudget(const F &f) {
  if constexpr (is_budgeted<F>::value)
    return f.f;
  else
    return f;
}

} // namespace detail
} // namespace eddy

#endif // EDDY_BITS_BUDGET_HPP
