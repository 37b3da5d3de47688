/*===- Parallel.c - Per-thread tapes of OpenMP parallel regions -----------===*
 *
 * The reverse mode of a parallel region (lib/Transform/ReverseParallel.cpp):
 * its augmented sweep forks a team whose thread k pushes on tape k of a team
 * record; the adjoint sweep forks a team of the same size whose thread k
 * replays tape k. The record holds one tape per thread of the forward team,
 * made when the team starts, and the team's size.
 *
 * The functions are called only from modules compiled with -fopenmp, which
 * link the OpenMP runtime; the few omp_* queries are declared here, not
 * taken from omp.h, so that the runtime builds without it.
 *===----------------------------------------------------------------------===*/
#include "EddyRuntime.h"

#include <stdio.h>
#include <sched.h>
#include <stdlib.h>

extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);

/* The generated code's tape, Eddy/Transform/Tape.h. */
typedef struct {
  void *data;
  int64_t size;
  int64_t capacity;
} eddy_tape;

typedef struct {
  eddy_tape *tapes;   /* One per thread of the forward team. */
  int32_t threads;    /* The forward team's size. */
} eddy_team_tapes;

_Noreturn static void team_mismatch(int have, int want) {
  fprintf(stderr,
          "eddy: the adjoint of a parallel region ran with %d threads, but "
          "its forward sweep with %d; do not change the number of threads "
          "(omp_set_dynamic, thread limits) between the sweeps\n",
          have, want);
  abort();
}

void *__eddy_omp_tapes_new(void) {
  eddy_team_tapes *team = calloc(1, sizeof(eddy_team_tapes));
  if (!team)
    __eddy_out_of_memory("a parallel region", sizeof(eddy_team_tapes),
                         "team of tapes");
  return team;
}

/* The team's tapes are made by the first of its threads to arrive, when the
 * team's size is known (a num_threads clause, nesting, limits: only the
 * team itself knows it). */
void *__eddy_omp_tape_enter(void *record) {
  eddy_team_tapes *team = record;
  int threads = omp_get_num_threads();
  eddy_tape *tapes = __atomic_load_n(&team->tapes, __ATOMIC_ACQUIRE);
  if (!tapes) {
    size_t bytes = (size_t)threads * sizeof(eddy_tape);
    eddy_tape *fresh = calloc(threads, sizeof(eddy_tape));
    if (!fresh)
      __eddy_out_of_memory("a parallel region", bytes, "team of tapes");
    eddy_tape *none = NULL;
    if (__atomic_compare_exchange_n(&team->tapes, &none, fresh, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      tapes = fresh;
      __atomic_store_n(&team->threads, threads, __ATOMIC_RELAXED);
    } else {
      free(fresh);
      tapes = none;
    }
  }
  return &tapes[omp_get_thread_num()];
}

int32_t __eddy_omp_team_size(void *record) {
  return ((eddy_team_tapes *)record)->threads;
}

void *__eddy_omp_tape_reenter(void *record) {
  eddy_team_tapes *team = record;
  int threads = omp_get_num_threads();
  if (threads != team->threads)
    team_mismatch(threads, team->threads);
  return &team->tapes[omp_get_thread_num()];
}

void __eddy_omp_tape_leave(void *tape) {
  eddy_tape *t = tape;
  free(t->data);
  t->data = NULL;
  t->size = t->capacity = 0;
}

void __eddy_omp_tapes_free(void *record) {
  eddy_team_tapes *team = record;
  free(team->tapes);
  free(team);
}

/* Critical sections: the forward sweep takes tickets in the order threads
 * enter (under the section's lock); the adjoint of ticket t runs when the
 * adjoints of all later tickets are done, and the counter is back at 0 when
 * the last one is. */
int64_t __eddy_omp_ticket(int64_t *turn) {
  return __atomic_fetch_add(turn, 1, __ATOMIC_RELAXED);
}

void __eddy_omp_turn_wait(int64_t *turn, int64_t ticket) {
  while (__atomic_load_n(turn, __ATOMIC_ACQUIRE) != ticket + 1)
    sched_yield();
}

void __eddy_omp_turn_done(int64_t *turn, int64_t ticket) {
  __atomic_store_n(turn, ticket, __ATOMIC_RELEASE);
}

/* Private shadows (ReverseSharedShadows.cpp): a zeroed buffer over the
 * shadow addresses [lo, hi + bytes) a thread's loads of one shared pointer
 * touched (none when it touched none), and, when the thread's adjoint ends,
 * the buffer added into the shared shadow, atomically, element by element,
 * skipping zeros. */
void *__eddy_omp_private_shadow(uint64_t lo, uint64_t hi, uint64_t bytes) {
  if (hi < lo)
    return NULL;
  uint64_t size = hi - lo + bytes;
  void *buffer = calloc(1, size);
  if (!buffer)
    __eddy_out_of_memory("a parallel region", size, "shadow memory");
  return buffer;
}

void __eddy_omp_flush_shadow_f64(void *buffer, uint64_t lo, uint64_t hi) {
  if (!buffer)
    return;
  const double *add = buffer;
  uint64_t *shared = (uint64_t *)(uintptr_t)lo;
  for (uint64_t k = 0, n = (hi - lo) / sizeof(double) + 1; k < n; ++k) {
    if (add[k] == 0.0)
      continue;
    uint64_t old = __atomic_load_n(&shared[k], __ATOMIC_RELAXED), sum;
    do {
      double value;
      __builtin_memcpy(&value, &old, sizeof value);
      value += add[k];
      __builtin_memcpy(&sum, &value, sizeof sum);
    } while (!__atomic_compare_exchange_n(&shared[k], &old, sum, 1,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  }
  free(buffer);
}

void __eddy_omp_flush_shadow_f32(void *buffer, uint64_t lo, uint64_t hi) {
  if (!buffer)
    return;
  const float *add = buffer;
  uint32_t *shared = (uint32_t *)(uintptr_t)lo;
  for (uint64_t k = 0, n = (hi - lo) / sizeof(float) + 1; k < n; ++k) {
    if (add[k] == 0.0f)
      continue;
    uint32_t old = __atomic_load_n(&shared[k], __ATOMIC_RELAXED), sum;
    do {
      float value;
      __builtin_memcpy(&value, &old, sizeof value);
      value += add[k];
      __builtin_memcpy(&sum, &value, sizeof sum);
    } while (!__atomic_compare_exchange_n(&shared[k], &old, sum, 1,
                                          __ATOMIC_RELAXED, __ATOMIC_RELAXED));
  }
  free(buffer);
}
