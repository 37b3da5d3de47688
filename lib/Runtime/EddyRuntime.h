/*===- EddyRuntime.h - The ABI between generated code and the runtime -*- C -*-===*
 *
 * Eddy's run-time library is C compiled to LLVM bitcode when Eddy is built,
 * embedded in libEddyPasses.so and linked into each module that needs it
 * (RuntimeLinker.cpp, every definition linkonce_odr): users link nothing.
 * The passes emit calls to exactly the functions below; the public part (the
 * statistics and the out-of-memory handler) is declared in eddy/eddy.h.
 *
 * Checkpointed loops (docs/checkpointing.md, "Run-time driver"). The loop's
 * state is exactly the bytes of `state` (what its body writes); `inputs` are
 * what it only reads. One call of advance or record moves the state from
 * step i to step i + 1.
 *===----------------------------------------------------------------------===*/
#ifndef EDDY_RUNTIME_EDDYRUNTIME_H
#define EDDY_RUNTIME_EDDYRUNTIME_H

#include "eddy/eddy.h"
#include <stdint.h>

/* Memory the loop body writes (or reads). */
typedef struct {
  void *base;
  uint64_t bytes;
} eddy_region;

typedef struct {
  void *ctx;
  /* One step as the primal runs it; nonzero if the loop goes on. */
  int (*advance)(void *ctx);
  /* One step's augmented forward sweep: runs it and pushes its tape;
   * returns the bytes it pushed. */
  int64_t (*record)(void *ctx);
  /* The backward sweep of the step recorded last (pops what record pushed). */
  void (*adjoint)(void *ctx);
} eddy_steps;

/* BUDGET: -fplugin-arg-eddy-tape-budget; param is the budget in bytes. Step
 * 0 is recorded; if n times its tape fits the budget (or the thread's
 * eddy_set_tape_budget), every step is recorded; otherwise steps 1..n-1 are
 * reversed with the binomial schedule and as many snapshots as the rest of
 * the budget holds (at least 2). */
enum {
  EDDY_CKPT_BINOMIAL = 0,
  EDDY_CKPT_PERIODIC = 1,
  EDDY_CKPT_ONLINE = 2,
  EDDY_CKPT_BUDGET = 3
};

/* Runs the whole loop from the state in memory (before step 0) and returns
 * the object owning the snapshots. param: snapshot slots S (counting the one
 * for step 0's state) for binomial and online, the period K for periodic.
 * n: the trip count (>= 0) for binomial; -1 (run until advance returns 0,
 * that step being the last) or the trip count for periodic and online.
 * Binomial records the last step (its tape is left for the reverse); the
 * others run every step with advance. `function` names the differentiated
 * function in messages. */
void *__eddy_ckpt_forward(int kind, int64_t param, int64_t n,
                          const eddy_region *state, int64_t nstate,
                          const eddy_region *inputs, int64_t ninputs,
                          const eddy_steps *steps, const char *function);

/* A checkpointed loop that runs on a copy of its memory that the driver
 * owns, in both sweeps: the backward sweep comes after code that may have
 * freed the caller's memory. `scratch` are regions the body writes before it
 * reads them in every step: dead when a step starts, so no snapshot holds
 * them (unless another region overlaps them). group[k] is the pointer group
 * of region k of state ++ inputs ++ scratch (the regions the step reaches
 * through one pointer), or -1 for a global, which the step names directly
 * and which stays in place. begin copies each group's span into the
 * driver's block (overlapping groups become one span) and fills moved[2g],
 * moved[2g + 1] with the address group g's pointers are relative to and
 * where that address now is. The caller moves the step's pointers of group
 * g by that difference, then calls run, which runs the loop as
 * __eddy_ckpt_forward does and leaves what it wrote in the caller's memory. */
void *__eddy_ckpt_begin(int kind, int64_t param, int64_t n,
                        const eddy_region *state, int64_t nstate,
                        const eddy_region *inputs, int64_t ninputs,
                        const eddy_region *scratch, int64_t nscratch,
                        const int32_t *group, int64_t ngroups, void **moved,
                        const char *function);
void __eddy_ckpt_run(void *ckpt, const eddy_steps *steps);

/* moved, as begin gave it, for the pointers of the reverse sweep's frame
 * (the regions as that frame sees them). */
void __eddy_ckpt_moved(void *ckpt, const eddy_region *state, int64_t nstate,
                       const eddy_region *inputs, int64_t ninputs,
                       const eddy_region *scratch, int64_t nscratch,
                       const int32_t *group, void **moved);

/* Calls adjoint for steps n-1, ..., 0, each right after recording it from
 * its state, then frees `ckpt`. The regions that run in place take the
 * addresses given (the backward sweep of a callee runs in a frame of its
 * own, where the loop's locals have other addresses; same sizes), and what
 * they hold is put back at the end; the inputs among them are put back as
 * the forward call found them first. reverse: after __eddy_ckpt_forward;
 * reverse_moved: after begin and run. */
void __eddy_ckpt_reverse(void *ckpt, const eddy_region *state, int64_t nstate,
                         const eddy_region *inputs, int64_t ninputs,
                         const eddy_steps *steps);
void __eddy_ckpt_reverse_moved(void *ckpt, const eddy_region *state,
                               int64_t nstate, const eddy_region *inputs,
                               int64_t ninputs, const eddy_region *scratch,
                               int64_t nscratch, const eddy_steps *steps);

/* Where a struct field read once before a checkpointed loop was read in the
 * loop: stops the program with a message if it changed (the values differ,
 * and `once` is not the relocated copy of `loaded`). */
void __eddy_ckpt_check_invariant(uint64_t loaded, uint64_t once,
                                 const char *function, int line);

/* Prints one line on stderr, calls the user's handler, aborts. `what`:
 * "tape", "shadow memory", "checkpoint snapshots", "split-mode tape". */
_Noreturn void __eddy_out_of_memory(const char *function, uint64_t bytes,
                                    const char *what);

/* OpenMP parallel regions in reverse mode (Parallel.c): a team record of
 * per-thread tapes for a fork of the augmented sweep, the calling thread's
 * tape in it (forward sweep: sets the team's size; adjoint: checks it), the
 * team's size, a spent tape's release (its buffer kept for the thread's next
 * one), and the record's. */
void *__eddy_omp_tapes_new(void);
void *__eddy_omp_tape_enter(void *team);
void *__eddy_omp_tape_reenter(void *team);
int32_t __eddy_omp_team_size(void *team);
void __eddy_omp_tape_leave(void *tape);
void __eddy_omp_tapes_free(void *team);
/* Critical sections: a ticket per entry in the forward sweep; the adjoint
 * of ticket t waits for its turn and then passes it on. */
int64_t __eddy_omp_ticket(int64_t *turn);
void __eddy_omp_turn_wait(int64_t *turn, int64_t ticket);
void __eddy_omp_turn_done(int64_t *turn, int64_t ticket);
/* A thread's private shadow over [lo, hi] of a shared pointer's shadow, and
 * its addition into the shared one, when the whole team's adjoint is done
 * (__eddy_omp_tape_leave). */
void __eddy_omp_note_stores(void *tape, uint64_t lo, uint64_t hi);
void *__eddy_omp_private_shadow(void *tape, uint64_t lo, uint64_t hi,
                                uint64_t bytes);
void __eddy_omp_flush_shadow_f64(void *tape, void *buffer, uint64_t lo,
                                 uint64_t hi);
void __eddy_omp_flush_shadow_f32(void *tape, void *buffer, uint64_t lo,
                                 uint64_t hi);

#endif /* EDDY_RUNTIME_EDDYRUNTIME_H */
