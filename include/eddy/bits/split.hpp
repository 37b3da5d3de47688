//===- eddy/bits/split.hpp - Split reverse mode -----------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_SPLIT_HPP
#define EDDY_BITS_SPLIT_HPP

#include <eddy/bits/reverse.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace eddy {

//===----------------------------------------------------------------------===//
// 12. Split reverse mode: the forward sweep now, the backward sweep later
//===----------------------------------------------------------------------===//

namespace detail {

template <class R, class... A> R __enzyme_augmentfwd_eddy(void *, A...);
template <class R, class... A> R __enzyme_reverse_eddy(void *, A...);

/// Everything the two sweeps share, at one address for the tape's lifetime:
/// the callable, the held arguments with their shadows, the closure that
/// points into them, and f's value with the seed of its cotangent.
template <class F, class R, class... H> struct split_state {
  using T = trampoline_for<F, R, decltype(std::declval<H &>().make_slot())...>;
  bare<F> f;
  std::tuple<H...> holders;
  closure_t<sizeof...(H)> closure{};
  R value{}, seed{};

  template <class G, class... A>
  split_state(G &&g, A &&...args)
      : f(std::forward<G>(g)), holders(hold<A, true>(std::forward<A>(args))...) {}

  template <bool Backward> void *request(void *tape) {
    return std::apply(
        [&](auto &...h) {
          closure = make_closure((const void *)std::addressof(f), h.make_slot()...);
          auto args = std::tuple_cat(ret_slot<R>{&value, &seed}.request_args(),
                                     request_args(h.make_slot())...);
          return std::apply(
              [&](auto... a) -> void * {
                if constexpr (Backward) {
                  __enzyme_reverse_eddy<void>((void *)&T::run, &enzyme_const, &closure, a...,
                                              tape);
                  return nullptr;
                } else
                  return __enzyme_augmentfwd_eddy<void *>((void *)&T::run, &enzyme_const,
                                                          &closure, a...);
              },
              args);
        },
        holders);
  }

  auto adjoints() {
    return std::apply(
        [](auto &...h) {
          (finish(h, 0), ...);
          return package(std::tuple_cat(result_tuple(h)...));
        },
        holders);
  }
};

template <class F, class... A>
using split_state_for = split_state<F, result_t<F, A...>, holder_t<A, true>...>;

} // namespace detail

/// The backward half of eddy::vjp_split: owns the tape of one forward sweep
/// (and the arguments' shadows). Move-only; calling it (on an rvalue) runs
/// the backward sweep once and consumes it. Destroyed unused, it releases
/// the tape without a backward sweep.
template <class State> class pullback {
public:
  explicit pullback(std::unique_ptr<State> s, void *tape) : state(std::move(s)), tape(tape) {}
  pullback(pullback &&o) noexcept : state(std::move(o.state)), tape(o.tape) { o.tape = nullptr; }
  pullback &operator=(pullback &&o) noexcept {
    if (this != &o) {
      release();
      state = std::move(o.state);
      tape = o.tape;
      o.tape = nullptr;
    }
    return *this;
  }
  pullback(const pullback &) = delete;
  pullback &operator=(const pullback &) = delete;
  ~pullback() { release(); }

  /// Whether the backward sweep can still run.
  explicit operator bool() const { return tape != nullptr; }

  /// The adjoints of the differentiable arguments for the cotangent `w` of
  /// f's result, shaped as eddy::vjp's; consumes the tape.
  template <class W> auto operator()(const W &w) && {
    if (!tape) { // As the shadow-length checks do (shadow_checks.hpp).
      std::fprintf(stderr, "eddy::pullback: the backward sweep already ran, or the "
                           "pullback was moved from\n");
      std::abort();
    }
    state->seed = decltype(state->seed)(w);
    void *t = tape;
    tape = nullptr;
    state->template request<true>(t); // releases t
    auto out = state->adjoints();
    state.reset();
    return out;
  }

private:
  void release() {
    if (tape)
      __eddy_tape_free(tape);
    tape = nullptr;
    state.reset();
  }
  std::unique_ptr<State> state;
  void *tape = nullptr;
};

/// Split reverse mode: runs f's forward sweep and returns {f's value, a
/// pullback} (`auto [y, back] = eddy::vjp_split(f, args...)`); later,
/// `std::move(back)(w)` runs the backward sweep for the cotangent w and
/// returns what `eddy::vjp(f, w, args...)` would. Between the two, any code
/// may run, on any thread: the tape holds what the backward sweep needs.
/// Arguments are held as eddy::vjp holds them (small trivially copyable ones
/// by value, containers and eddy::ptr arrays by reference: those must stay
/// alive until the backward call, though their contents may change).
/// f must return a float/double, a std::array of them or a trivially
/// copyable struct (the cotangent has that type).
template <class F, class... A> auto vjp_split(const F &f, A &&...args) {
  using namespace detail;
  using R = result_t<F, A...>;
  if constexpr (runtime_function_v<F>) {
    static_assert(always_false<F>, "eddy::vjp_split: pass a function as eddy::fn<f> or a lambda "
                                   "(the pullback's type holds the callable's)");
    return refused{};
  } else if constexpr (!callable_v<F, A...>) {
    static_assert(always_false<F>, "eddy::vjp_split: f cannot be called with these arguments "
                                   "(check their number and types)");
    return refused{};
  } else if constexpr (std::is_void_v<R> || !tangent_type_v<R> || is_vector<R>::value) {
    static_assert(always_false<F>, "eddy::vjp_split: f must return a float/double, a "
                                   "std::array of them or a trivially copyable struct");
    return refused{};
  } else if constexpr (!(dual_shape_ok<A>() && ...) || (unusable_in_reverse_v<A> || ...)) {
    static_assert(always_false<F>, "eddy::vjp_split: an argument is not differentiable: pass a "
                                   "raw pointer as eddy::ptr(p, n), other objects as "
                                   "eddy::constant(x) or eddy::dual(x, shadow)");
    return refused{};
  } else if constexpr (!(active_arg_v<A, true> || ...)) {
    static_assert(always_false<F>, "eddy::vjp_split: nothing to differentiate: every argument "
                                   "is an integer or eddy::constant");
    return refused{};
  } else if constexpr (shadow_types_ok<2, 1, true, A...>()) {
    check_shadow_lengths("eddy::vjp_split", 2, args...);
    using State = split_state_for<F, A...>;
    auto state = std::make_unique<State>(f, std::forward<A>(args)...);
    void *tape = state->template request<false>(nullptr);
    R value = state->value;
    return std::make_pair(value, pullback<State>(std::move(state), tape));
  } else {
    return refused{}; // Reported by shadow_types_ok.
  }
}

} // namespace eddy

#endif // EDDY_BITS_SPLIT_HPP
