//===- eddy/bits/gradcheck.hpp - Gradient checker -------------*- C++ -*-===//
//
// Part of eddy/eddy.hpp (include that instead); see its header comment.
//
// eddy::check_gradient(f, args...) computes every partial derivative of a
// scalar f three ways — reverse mode (one sweep), forward mode (one sweep per
// entry) and central differences (two evaluations of f per entry) — and
// reports, entry by entry, whether they agree within tolerances the caller
// may override. Like torch.autograd.gradcheck, it is for testing derivatives:
// a custom rule (EDDY_ADJOINT_RULE, EDDY_TANGENT_RULE) that is wrong shows up
// as a disagreement of the mode that uses it with the other two.
//
// The step of entry x: h = cbrt(eps) * max(1, |x|), rounded so that x + h is
// exactly h away from x. The central difference's truncation error is
// f''' h^2 / 6 and its rounding error about eps |f| / h; h ~ cbrt(eps)
// balances them, both then ~ eps^(2/3) (4e-11 in double, 2.4e-5 in float)
// relative to the size of f and its derivatives; max(1, |x|) keeps the step
// above x's own rounding.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BITS_GRADCHECK_HPP
#define EDDY_BITS_GRADCHECK_HPP

#include <eddy/bits/reverse.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <tuple>
#include <vector>

namespace eddy {

/// When two derivatives d1, d2 agree: |d1 - d2| <= atol + rtol * max(|d1|, |d2|).
/// `mode_*` compares reverse with forward mode (both exact up to rounding);
/// `fd_*` compares reverse mode with central differences (see above: the
/// central difference is good to ~eps^(2/3) of f's scale). The defaults fit a
/// double-valued f of moderate size (|f| up to ~100); a float-valued f gets
/// float_gradient_tolerances.
struct gradient_tolerances {
  double mode_rtol = 1e-10, mode_atol = 1e-12;
  double fd_rtol = 1e-6, fd_atol = 1e-8;
};
inline constexpr gradient_tolerances float_gradient_tolerances{1e-5, 1e-6, 1e-2, 1e-3};

/// One partial derivative, three ways.
struct gradient_check_entry {
  std::size_t arg;   ///< Which argument of f, counting from 0.
  std::size_t index; ///< Which element of it (0 for a number).
  double x;          ///< The argument's value there.
  double step;       ///< The central difference's h.
  double reverse, forward, central;
  double mode_error; ///< |reverse - forward|
  double fd_error;   ///< |reverse - central|
  bool mode_ok, fd_ok;
  bool ok() const { return mode_ok && fd_ok; }
};

/// What eddy::check_gradient found: one entry per partial derivative, in
/// argument and element order.
struct gradient_check {
  double value = 0; ///< f at the point.
  gradient_tolerances tolerances;
  std::vector<gradient_check_entry> entries;

  bool ok() const { return failures() == 0; }
  std::size_t failures() const {
    std::size_t n = 0;
    for (const auto &e : entries)
      n += !e.ok();
    return n;
  }
  /// The largest |reverse - forward| and |reverse - central| (NaN if any is).
  double max_mode_error() const { return max_of(&gradient_check_entry::mode_error); }
  double max_fd_error() const { return max_of(&gradient_check_entry::fd_error); }

  /// A summary line, then one line per entry (`ok` or `FAIL` first).
  std::string str() const {
    std::string s;
    char line[400];
    std::snprintf(line, sizeof line,
                  "eddy::check_gradient: %s: %zu of %zu entries failed; max |reverse-forward| "
                  "%.3g (tolerance %.3g + %.3g*|d|), max |reverse-central| %.3g (tolerance "
                  "%.3g + %.3g*|d|)\n",
                  ok() ? "ok" : "FAILED", failures(), entries.size(), max_mode_error(),
                  tolerances.mode_atol, tolerances.mode_rtol, max_fd_error(), tolerances.fd_atol,
                  tolerances.fd_rtol);
    s += line;
    for (const auto &e : entries) {
      std::snprintf(line, sizeof line,
                    "  %-4s arg %zu[%zu] at %.10g: reverse %.10g, forward %.10g, central %.10g "
                    "(h %.3g)%s%s\n",
                    e.ok() ? "ok" : "FAIL", e.arg, e.index, e.x, e.reverse, e.forward, e.central,
                    e.step, e.mode_ok ? "" : "; reverse and forward differ",
                    e.fd_ok ? "" : "; reverse and central differences differ");
      s += line;
    }
    return s;
  }
  void print(std::FILE *out = stdout) const { std::fputs(str().c_str(), out); }

private:
  double max_of(double gradient_check_entry::*field) const {
    double m = 0;
    for (const auto &e : entries) {
      if (std::isnan(e.*field))
        return e.*field;
      m = std::max(m, e.*field);
    }
    return m;
  }
};

namespace detail {

/// What check_gradient does with an argument.
enum class check_role { checked, fixed, refused };
template <class A> constexpr check_role check_role_of() {
  using B = bare<A>;
  if constexpr (is_constant<B>::value || kind_v<B> == kind::integer)
    return check_role::fixed;
  else if constexpr (kind_v<B> == kind::scalar || kind_v<B> == kind::container ||
                     kind_v<B> == kind::array_ptr)
    return check_role::checked;
  else
    return check_role::refused;
}

inline bool agree(double a, double b, double rtol, double atol) {
  if (std::isnan(a) || std::isnan(b))
    return false;
  if (std::isinf(a) || std::isinf(b))
    return a == b;
  return std::fabs(a - b) <= atol + rtol * std::max(std::fabs(a), std::fabs(b));
}

/// The object f receives for an argument as the caller passed it.
template <class A> decltype(auto) plain(A &a) {
  if constexpr (is_constant<bare<A>>::value)
    return (a.value);
  else if constexpr (is_ptr<bare<A>>::value)
    return a.data;
  else
    return (a);
}

/// An argument's own copy, for perturbing (an eddy::ptr's data in a
/// std::vector, viewed again as an eddy::ptr).
template <class X> struct perturbable {
  bare<X> value;
  explicit perturbable(const X &x) : value(x) {}
  bare<X> &get() { return value; }
  auto &at(std::size_t j) { return element(value, j); }
};
template <class E> struct perturbable<ptr_t<E>> {
  std::vector<std::remove_const_t<E>> data;
  ptr_t<E> view;
  explicit perturbable(const ptr_t<E> &p) : data(p.data, p.data + p.size), view{data.data(), p.size} {}
  ptr_t<E> &get() { return view; }
  auto &at(std::size_t j) { return data[j]; }
};
template <class E> struct perturbable<const ptr_t<E>> : perturbable<ptr_t<E>> {
  using perturbable<ptr_t<E>>::perturbable;
};

/// f with argument I replaced by \p v.
template <std::size_t I, class F, class Refs, class V, std::size_t... K>
double call_replacing(const F &f, Refs &refs, V &v, std::index_sequence<K...>) {
  auto pick = [&](auto k, auto &a) -> decltype(auto) {
    if constexpr (decltype(k)::value == I)
      return plain(v);
    else
      return plain(a);
  };
  return double(f(pick(std::integral_constant<std::size_t, K>(), std::get<K>(refs))...));
}

/// Argument I with a tangent (the unit vector along element j, from zero
/// \p unit): the other arguments are passed as they are (held fixed).
template <std::size_t I, class F, class Refs, class U, std::size_t... K>
double forward_partial(const F &f, Refs &refs, U &unit, std::index_sequence<K...>) {
  auto pick = [&](auto k, auto &a) -> decltype(auto) {
    if constexpr (decltype(k)::value == I)
      return dual(a, unit);
    else
      return (a);
  };
  return double(jvp(f, pick(std::integral_constant<std::size_t, K>(), std::get<K>(refs))...).tangent);
}

/// The reverse-mode adjoint buffer of a checked argument (nothing otherwise).
template <class A> auto adjoint_buffer(const A &a) {
  if constexpr (check_role_of<A>() == check_role::checked)
    return zeros_like(a);
  else
    return (void)a, char{};
}
template <class A, class Buf> decltype(auto) with_adjoint(A &a, Buf &buf) {
  if constexpr (check_role_of<A>() == check_role::checked)
    return dual(a, buf);
  else
    return (void)buf, a;
}

/// Adds argument I's entries to the report.
template <std::size_t I, class F, class Refs, class Adj>
void check_argument(const F &f, Refs &refs, Adj &adjoints, gradient_check &report) {
  using A = std::remove_reference_t<std::tuple_element_t<I, Refs>>;
  if constexpr (check_role_of<A>() == check_role::checked) {
    using T = elem_t<A>;
    const auto &arg = std::get<I>(refs);
    auto &adj = std::get<I>(adjoints);
    constexpr auto all = std::make_index_sequence<std::tuple_size_v<Refs>>();
    const gradient_tolerances &tol = report.tolerances;
    for (std::size_t j = 0; j < size_of(arg); ++j) {
      gradient_check_entry e{};
      e.arg = I;
      e.index = j;
      const T xj = get(arg, j);
      e.x = double(xj);
      e.reverse = double(element(adj, j));
      // Forward mode: the tangent along element j.
      auto unit = zeros_like(arg);
      element(unit, j) = T(1);
      e.forward = forward_partial<I>(f, refs, unit, all);
      // Central differences on a copy of the argument.
      T h = std::cbrt(std::numeric_limits<T>::epsilon()) * std::max(T(1), std::fabs(xj));
      volatile T xph = xj + h; // the step as stored, so that the divisor is exact
      h = xph - xj;
      perturbable<A> copy(arg);
      copy.at(j) = xj + h;
      const double fp = call_replacing<I>(f, refs, copy.get(), all);
      copy.at(j) = xj - h;
      const double fm = call_replacing<I>(f, refs, copy.get(), all);
      e.step = double(h);
      e.central = (fp - fm) / (2 * double(h));
      e.mode_error = std::fabs(e.reverse - e.forward);
      e.fd_error = std::fabs(e.reverse - e.central);
      e.mode_ok = agree(e.reverse, e.forward, tol.mode_rtol, tol.mode_atol);
      e.fd_ok = agree(e.reverse, e.central, tol.fd_rtol, tol.fd_atol);
      report.entries.push_back(e);
    }
  }
}

template <class F, class Refs, class Adj, std::size_t... K>
void check_arguments(const F &f, Refs &refs, Adj &adjoints, gradient_check &report,
                     std::index_sequence<K...>) {
  (check_argument<K>(f, refs, adjoints, report), ...);
}

template <class F, class... A>
gradient_check check_gradient_impl(const gradient_tolerances &tol, const F &f, A &&...args) {
  auto refs = std::forward_as_tuple(args...); // every argument as an lvalue
  auto adjoints = std::make_tuple(adjoint_buffer(args)...);
  gradient_check report;
  report.tolerances = tol;
  constexpr auto all = std::index_sequence_for<A...>();
  // Reverse mode: every checked argument's adjoint, from one sweep.
  report.value = double(std::apply(
      [&](auto &...buf) {
        return vjp_value<gradient_name, 1>(f, result_t<F, A...>(1), with_adjoint(args, buf)...)
            .first;
      },
      adjoints));
  check_arguments(f, refs, adjoints, report, all);
  return report;
}

template <class F, class... A> constexpr bool check_gradient_ok() {
  if constexpr (runtime_function_v<F>)
    static_assert(always_false<F>, "eddy: a function pointer known only at run time cannot be "
                                   "differentiated: pass eddy::fn<f> or a lambda");
  else if constexpr (((check_role_of<A>() == check_role::refused) || ...))
    static_assert(always_false<F>, "eddy::check_gradient: each argument must be a float/double, "
                                   "a std::array/std::vector of them or an eddy::ptr array "
                                   "(checked), or an integer or eddy::constant(x) (held fixed); "
                                   "pass structs and raw pointers as eddy::constant(x)");
  else if constexpr (!callable_v<F, A...>)
    static_assert(always_false<F>, "eddy::check_gradient: f cannot be called with these "
                                   "arguments (check their number and types)");
  else if constexpr (!std::is_floating_point_v<result_t<F, A...>>)
    static_assert(always_false<F>, "eddy::check_gradient: f must return one float or double");
  else if constexpr (!((check_role_of<A>() == check_role::checked) || ...))
    static_assert(always_false<F>, "eddy::check_gradient: nothing to check: every argument is "
                                   "an integer or eddy::constant");
  else
    return true;
  return false;
}

} // namespace detail

/// Checks f's gradient (f returns one float/double) at args: reverse mode,
/// forward mode and central differences, entry by entry, with the default
/// tolerances for f's result type (gradient_tolerances{} or
/// float_gradient_tolerances).
template <class F, class... A,
          class = std::enable_if_t<!std::is_same_v<detail::bare<F>, gradient_tolerances>>>
gradient_check check_gradient(const F &f, A &&...args) {
  using namespace detail;
  if constexpr (runtime_function_v<F>) {
    return callable_by_name<gradient_check>();
  } else if constexpr (check_gradient_ok<F, A...>()) {
    const gradient_tolerances tol = std::is_same_v<result_t<F, A...>, float>
                                        ? float_gradient_tolerances
                                        : gradient_tolerances{};
    return check_gradient_impl(tol, f, std::forward<A>(args)...);
  } else
    return {};
}

/// The same with the caller's tolerances.
template <class F, class... A>
gradient_check check_gradient(const gradient_tolerances &tol, const F &f, A &&...args) {
  using namespace detail;
  if constexpr (runtime_function_v<F>)
    return callable_by_name<gradient_check>();
  else if constexpr (check_gradient_ok<F, A...>())
    return check_gradient_impl(tol, f, std::forward<A>(args)...);
  else
    return {};
}

} // namespace eddy

#endif // EDDY_BITS_GRADCHECK_HPP
