/*===- eddy/eddy.h - Eddy's C request ABI ---------------------------*- C -*-===*
 *
 * Include this header and compile with
 *     clang-19 -fplugin=/path/to/EddyClang.so ...
 * to ask Eddy for derivatives. The ABI is Enzyme's, so code written for Enzyme
 * compiles unchanged:
 *
 *     double f(double x, double y);
 *     double dfdx = __enzyme_autodiff((void *)f, x, enzyme_const, y);
 *     double tan  = __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0);
 *
 * Markers select the activity of the argument(s) after them:
 *   enzyme_const x        x is not differentiated;
 *   enzyme_dup x, dx      x has a shadow dx (reverse: adjoints are ADDED into *dx,
 *                         the caller zeroes it; forward: dx is the tangent);
 *   enzyme_dupnoneed x,dx as dup, the primal result written through x may be skipped;
 *   enzyme_out x          (reverse) x is an active scalar whose adjoint is returned.
 * Defaults: integers are const; floating-point scalars are `out` in reverse mode
 * and are followed by their tangent in forward mode; pointers are dup.
 *
 * Vector forward mode: `enzyme_width, N` right after the function; every
 * active argument is then followed by N tangents (N shadows), the primal runs
 * once, and the request returns N tangents (declare an entry point returning
 * a struct of N floating-point members):
 *     typedef struct { double t[3]; } T3;   T3 __enzyme_fwddiff_w3(void *, ...);
 *     T3 t = __enzyme_fwddiff_w3((void *)f, enzyme_width, 3, x, dx0, dx1, dx2);
 *
 * A tape budget for one reverse request: `eddy_tape_budget, B` right after the
 * function (B an integer, in bytes, >= 1, known at run time) puts its
 * outermost counted loops under the checkpoint driver: their steps are taped
 * while the tape fits in B bytes, else binomially checkpointed; the same
 * gradient either way (docs/checkpointing.md, "A tape budget"):
 *     double dk = __enzyme_autodiff((void *)heat, eddy_tape_budget,
 *                                   (long long)64 << 20, u, du, k);
 *
 * Reverse mode returns the adjoints of the active scalar arguments in order (one
 * as a plain double, several as a struct of them); a floating-point return of the
 * function is seeded with 1.0. Forward mode returns the tangent of the return.
 *
 * Split reverse mode: the forward sweep now, the backward sweep later, with
 * a tape in between (a framework's custom backward, docs/user-guide.md 12):
 *     void *tape = __enzyme_augmentfwd((void *)g, x, dx);      (void g(double *))
 *     ... any code, on any thread ...
 *     __enzyme_reverse((void *)g, x, dx, tape);     adds into dx, frees the tape
 *   For a function returning a double, __enzyme_augmentfwd returns
 *   struct { void *tape; double value; } and __enzyme_reverse takes the
 *   differential of the return before the tape: (f, args..., dret, tape).
 *   `enzyme_tape, &t` (anywhere a marker may stand) stores the handle at / reads
 *   it from &t instead (then the forward returns only f's value);
 *   `enzyme_allocated, N` says that storage holds N bytes (at least
 *   __enzyme_augmentsize((void *)f, ...) == 8: the handle); `enzyme_nofree` on
 *   __enzyme_reverse keeps the tape for another backward call. A tape whose
 *   backward call will not come is released with __eddy_tape_free(tape). The
 *   sweeps must come from one translation unit; a tape given to the backward
 *   call of another function or unit stops the program with a message.
 *   __enzyme_reverse takes the arguments and shadows the forward call was
 *   given (the same values and pointers, checked at run time; the memory may
 *   have changed, the shadows reseeded); enzyme_width is refused in split
 *   mode.
 *
 * Batch mode (no derivative): `__enzyme_batch(f, enzyme_width, N, ...)`
 * evaluates f for N lanes and returns the N results (declare an entry point
 * returning a struct of N results). After the width, each parameter of f
 * takes `enzyme_vector` (the default) and N values, one per lane, or
 * `enzyme_scalar` and one value for all lanes, or `enzyme_buffer, stride, p`
 * (lane k gets p + k * stride bytes); pointers work as any value, so a void
 * f writes each lane's results through that lane's pointers:
 *     typedef struct { double r[4]; } R4;   R4 __enzyme_batch(void *, ...);
 *     R4 r = __enzyme_batch((void *)f, enzyme_width, 4, x0, x1, x2, x3,
 *                           enzyme_scalar, y);         r.r[k] = f(xk, y)
 * `enzyme_width, N` (N constant, 1 to 64) is required right after f.
 *
 * Declare further entry points of your own as you need them: any declared-only
 * function whose name contains __enzyme_autodiff / __enzyme_fwddiff /
 * __enzyme_batch (or __enzyme_augmentfwd / __enzyme_reverse /
 * __enzyme_augmentsize) is a request,
 * e.g.  typedef struct { double dx, dy; } Grad2;
 *       Grad2 __enzyme_autodiff_xy(void *, ...);
 *===----------------------------------------------------------------------===*/
#ifndef EDDY_EDDY_H
#define EDDY_EDDY_H

#ifdef __cplusplus
extern "C" {
#endif

#define EDDY_MARKER(Name, Kind) extern int Name;
#define EDDY_WIDTH_MARKER(Name) extern int Name;
#define EDDY_SPLIT_MARKER(Name) extern int Name;
#define EDDY_BATCH_MARKER(Name, Kind) extern int Name;
#define EDDY_BUDGET_MARKER(Name) extern int Name;
#include "eddy/abi.def"

/* The default request entry points. Both are resolved at compile time by the
 * Eddy passes; calling them without the plugin fails at link time. */
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
/* For functions whose derivative is returned only through shadows. */
void __enzyme_autodiff_void(void *, ...);
void __enzyme_fwddiff_void(void *, ...);
float __enzyme_autodiff_float(void *, ...);
float __enzyme_fwddiff_float(void *, ...);
/* Split reverse mode (see above). */
void *__enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);
__SIZE_TYPE__ __enzyme_augmentsize(void *, ...);
/* Releases a split-mode tape without its backward call (null: nothing). */
void __eddy_tape_free(void *tape);
/* Batch requests (no derivative) of functions that return void; declare
 * your own entry point for a result, see the comment at the top. */
void __enzyme_batch_void(void *, ...);

/* Out of memory (docs/user-guide.md). When the tape, a shadow or a
 * checkpoint snapshot cannot be allocated, the generated code prints one line
 * on stderr naming the differentiated function, the bytes and the remedy,
 * then calls the handler installed here (if any), then abort()s. The handler
 * may longjmp or exit; if it returns, the program aborts. One handler per
 * program (null: none); install it before starting threads. Call this from a
 * file compiled with the plugin: the definition comes with the code Eddy
 * generates, there is no library to link. */
typedef void (*eddy_out_of_memory_handler)(const char *function,
                                           __SIZE_TYPE__ bytes, void *user);
void eddy_set_out_of_memory_handler(eddy_out_of_memory_handler handler,
                                    void *user);

/* Checkpointed loops (docs/checkpointing.md): what the run-time driver did
 * for the last outermost checkpointed loop this thread finished reversing
 * (loops nested in its steps are not added in); all zero before the first. */
typedef struct {
  __INT64_TYPE__ steps;            /* n, the loop's trip count */
  __INT64_TYPE__ forward_advances; /* steps run plainly during the loop */
  __INT64_TYPE__ reverse_advances; /* steps run again to rebuild states */
  __INT64_TYPE__ records;          /* steps run recording their tape (n) */
  __INT64_TYPE__ snapshots;        /* states copied into snapshots */
  __INT64_TYPE__ peak_snapshot_bytes; /* most snapshot bytes held at once */
} eddy_checkpoint_stats;
void eddy_checkpoint_last_stats(eddy_checkpoint_stats *out);

/* The tape budget of this thread's gradients, in bytes, for the loops a
 * compilation with -fplugin-arg-eddy-tape-budget put under the checkpoint
 * driver (docs/checkpointing.md); 0 restores the compiled budget. A request
 * with its own budget (`eddy_tape_budget, B`, eddy::tape_budget) uses B
 * while it runs, and leaves this setting as it found it. */
void eddy_set_tape_budget(__SIZE_TYPE__ bytes);

#ifdef __cplusplus
}
#endif

/* Registrations: tell Eddy about functions and variables. Write them at file
 * scope, after the declarations they name (see docs/user-guide.md).
 *
 *   EDDY_INACTIVE_FUNCTION(log_event)   no derivative flows through log_event
 *   EDDY_INACTIVE_VARIABLE(rng_state)   rng_state holds no derivative
 *   EDDY_TANGENT_RULE(f, df)            forward mode uses df for f:
 *       R df(a1, [t1], ..., an, [tn])   ti: tangent of a floating-point ai,
 *                                       shadow of a pointer ai; returns f's tangent
 *   EDDY_ADJOINT_RULE(f, bf)            reverse mode uses bf for f:
 *       void bf(a1, [p1], ..., an, [pn], [dret])
 *                                       pi: where to ADD the adjoint of a
 *                                       floating-point ai, shadow of a pointer ai
 * Custom rules serve functions whose body Eddy cannot see (library calls) or
 * should not differentiate (a more stable formula), in every mode that needs
 * them, nested ones included. Without Eddy's plugin these macros are an error,
 * never a silent no-op. */
/* Named derivatives: declare a function, e.g. in a header, and Eddy defines
 * it (external linkage) in the translation unit that defines f, so other
 * translation units, C code and Python (ctypes) can call it:
 *
 *   double loss(const double *w, const double *x, int n);
 *   void loss_grad(const double *w, double *d_w, const double *x, int n)
 *       EDDY_GRADIENT_OF(loss, "w");
 *   double loss_dir(const double *w, const double *t_w, const double *x, int n)
 *       EDDY_TANGENT_OF(loss, "w");
 *
 * The optional string lists the parameters to differentiate; by default every
 * floating-point parameter and every pointer to floating-point data. The
 * signature is f's with a slot after each of those parameters:
 *   EDDY_GRADIENT_OF: void g(a1, [d1], ..., an, [dn]); di is T* for a scalar
 *       ai and the shadow for a pointer ai; adjoints are ADDED into them (zero
 *       them first); a floating-point result of f is seeded with 1.
 *   EDDY_TANGENT_OF:  R t(a1, [d1], ..., an, [dn]); di is the tangent of a
 *       scalar ai, the tangent shadow of a pointer ai; returns f's tangent.
 *   EDDY_ADJOINT_OF:  void b(a1, [d1], ..., an, [dn], [R d_ret]); the
 *       gradient's slots, then the cotangent of a floating-point result (a
 *       VJP): the signature of an EDDY_ADJOINT_RULE for f, so another
 *       translation unit can register it as one. f's pointers must point to
 *       const data (a rule must not run f's effects again); their shadows may
 *       be null (at most 4 differentiated pointers).
 * The plugin checks the declaration and spells out the expected signature.
 * Without the plugin these are an error; a translation unit that only calls
 * the derivatives may define EDDY_DECLARATIONS_ONLY before including eddy.h. */
#if defined(__EDDY__)
#define EDDY_GRADIENT_OF(...) __attribute__((eddy_gradient_of(__VA_ARGS__)))
#define EDDY_TANGENT_OF(...) __attribute__((eddy_tangent_of(__VA_ARGS__)))
#define EDDY_ADJOINT_OF(...) __attribute__((eddy_adjoint_of(__VA_ARGS__)))
#elif defined(EDDY_DECLARATIONS_ONLY)
#define EDDY_GRADIENT_OF(...)
#define EDDY_TANGENT_OF(...)
#define EDDY_ADJOINT_OF(...)
#else
/* _Pragma takes one string literal, hence the long lines. */
#define EDDY_GRADIENT_OF(...) _Pragma("GCC error \"EDDY_GRADIENT_OF needs Eddy's Clang plugin: compile with -fplugin=/path/to/EddyClang.so (or define EDDY_DECLARATIONS_ONLY to only call the derivative)\"")
#define EDDY_TANGENT_OF(...) _Pragma("GCC error \"EDDY_TANGENT_OF needs Eddy's Clang plugin: compile with -fplugin=/path/to/EddyClang.so (or define EDDY_DECLARATIONS_ONLY to only call the derivative)\"")
#define EDDY_ADJOINT_OF(...) _Pragma("GCC error \"EDDY_ADJOINT_OF needs Eddy's Clang plugin: compile with -fplugin=/path/to/EddyClang.so (or define EDDY_DECLARATIONS_ONLY to only call the derivative)\"")
#endif

#define EDDY_REGISTER_(Prefix, Name, ...)                                       \
  static __attribute__((used)) void *Prefix##Name[] = {__VA_ARGS__};
#ifdef __EDDY__
#define EDDY_INACTIVE_FUNCTION(f) EDDY_REGISTER_(__enzyme_inactivefn_, f, (void *)(f))
#define EDDY_INACTIVE_VARIABLE(v) EDDY_REGISTER_(__enzyme_inactive_global_, v, (void *)&(v))
#define EDDY_TANGENT_RULE(f, df) EDDY_REGISTER_(__eddy_tangent_rule_, f, (void *)(f), (void *)(df))
#define EDDY_ADJOINT_RULE(f, bf) EDDY_REGISTER_(__eddy_adjoint_rule_, f, (void *)(f), (void *)(bf))
#define EDDY_CHECKPOINT(f) EDDY_REGISTER_(__eddy_checkpoint_fn_, f, (void *)(f))
#else
#define EDDY_NEEDS_PLUGIN_(What)                                                \
  _Static_assert(0, What " needs Eddy's Clang plugin: compile with "           \
                          "-fplugin=/path/to/EddyClang.so");
#define EDDY_INACTIVE_FUNCTION(f) EDDY_NEEDS_PLUGIN_("EDDY_INACTIVE_FUNCTION")
#define EDDY_INACTIVE_VARIABLE(v) EDDY_NEEDS_PLUGIN_("EDDY_INACTIVE_VARIABLE")
#define EDDY_TANGENT_RULE(f, df) EDDY_NEEDS_PLUGIN_("EDDY_TANGENT_RULE")
#define EDDY_ADJOINT_RULE(f, bf) EDDY_NEEDS_PLUGIN_("EDDY_ADJOINT_RULE")
#define EDDY_CHECKPOINT(f) EDDY_NEEDS_PLUGIN_("EDDY_CHECKPOINT")
#endif

/* The attributes [[eddy::inactive]], [[eddy::tangent(df)]], ... exist only
 * with the plugin. Without it Clang would merely warn that it ignores them,
 * so after this header they are errors (as is any other unknown attribute). */
#if !defined(__EDDY__) && defined(__clang__)
#pragma clang diagnostic error "-Wunknown-attributes"
#endif

#endif /* EDDY_EDDY_H */
