//===- eddy/bits/forward.hpp - Forward mode -------------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_FORWARD_HPP
#define EDDY_BITS_FORWARD_HPP

#include <eddy/bits/shadow_checks.hpp>

namespace eddy {

//===----------------------------------------------------------------------===//
// 8. Forward mode
//===----------------------------------------------------------------------===//

/// Jacobian-vector product: f's value and its tangent along the directions of
/// the eddy::dual arguments (every other argument is held fixed). For a
/// function returning void, the tangents of its outputs land in the shadows
/// of their eddy::dual(y, dy) and jvp returns nothing. `eddy::jvp<N>` takes N
/// directions at once (each dual's shadow a std::array of N) and returns N
/// tangents, from one vector sweep (f runs once).
template <std::size_t N = 1, class F, class... A> auto jvp(const F &f_arg, A &&...args) {
  using namespace detail;
  callable_copy_t<F> f = f_arg; // see callable_copy_t
  using R = result_t<F, A...>;
  if constexpr (is_tape_budget_v<F>) {
    static_assert(always_false<F>, "eddy::jvp: eddy::tape_budget is an option of reverse mode "
                                   "(eddy::gradient, value_and_gradient, vjp); forward mode "
                                   "keeps no tape");
    return refused{};
  } else if constexpr (runtime_function_v<F>) {
    return callable_by_name<decltype(jvp<N>(stand_in<F>{}, std::forward<A>(args)...))>();
  } else if constexpr (!callable_v<F, A...>) {
    static_assert(always_false<F>, "eddy::jvp: f cannot be called with these arguments "
                                   "(check their number and types)");
    return refused{};
  } else if constexpr (!(active_arg_v<A, false> || ...)) {
    static_assert(always_false<F>, "eddy::jvp: no argument has a tangent: pass "
                                   "eddy::dual(x, dx) for each direction");
    return refused{};
  } else if constexpr (N == 0) {
    static_assert(always_false<F>, "eddy::jvp<N>: N must be at least 1");
    return refused{};
  } else if constexpr (!(batch_shape_ok<N, A>() && ...)) {
    static_assert(always_false<F>, "eddy::jvp<N>: each eddy::dual shadow must be a "
                                   "std::array of N tangents");
    return refused{};
  } else if constexpr (!shadow_types_ok<2, N, false, A...>()) {
    // Reported by shadow_types_ok, at the argument whose shadow does not fit.
    return refused{};
  } else if constexpr (!(dual_shape_ok<A>() && ...)) {
    static_assert(always_false<F>, "eddy::jvp: eddy::dual needs a float/double, a "
                                   "std::array/std::vector of them or an eddy::ptr array, and a "
                                   "tangent; integers and other objects have no tangent");
    return refused{};
  } else if constexpr (!tangent_type_v<R>) {
    static_assert(always_false<F>, "eddy::jvp: f must return a float/double, a std::array or "
                                   "std::vector of them, a trivially copyable struct, or void "
                                   "(write outputs "
                                   "through eddy::dual arguments)");
    return refused{};
  } else {
    check_shadow_lengths<N>("eddy::jvp", 2, args...);
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
  if constexpr (is_tape_budget_v<F>) {
    static_assert(always_false<F>, "eddy::derivative: eddy::tape_budget is an option of reverse "
                                   "mode (eddy::gradient, value_and_gradient, vjp); forward mode "
                                   "keeps no tape");
    return refused{};
  } else if constexpr (!std::is_floating_point_v<X>) {
    static_assert(always_false<F>, "eddy::derivative: the variable (first argument) must be a "
                                   "float or double, e.g. 2.0 rather than 2; use eddy::jvp for "
                                   "arrays");
    return refused{};
  } else
    return jvp(f, dual(x, X(1)), std::forward<A>(rest)...).tangent;
}

} // namespace eddy

#endif // EDDY_BITS_FORWARD_HPP
