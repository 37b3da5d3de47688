/*===- Parallel.c - Per-thread tapes of OpenMP parallel regions -----------===*
 *
 * The reverse mode of a parallel region (lib/Transform/ReverseParallel.cpp):
 * its augmented sweep forks a team whose thread k pushes on tape k of a team
 * record; the adjoint sweep forks a team of the same size whose thread k
 * replays tape k. The record holds one tape per possible thread number (the
 * team is at most omp_get_max_threads(), or the num_threads clause's value)
 * and the size of the team that filled it.
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
extern int omp_get_max_threads(void);

/* The generated code's tape, Eddy/Transform/Tape.h. */
typedef struct {
  void *data;
  int64_t size;
  int64_t capacity;
} eddy_tape;

typedef struct {
  int32_t capacity; /* Tapes. */
  int32_t threads;  /* The forward team's size. */
  eddy_tape tapes[];
} eddy_team_tapes;

_Noreturn static void team_mismatch(const char *what, int have, int want) {
  fprintf(stderr,
          "eddy: the %s of a parallel region ran with %d threads, but its "
          "tapes were made for %d; do not change the number of threads "
          "(omp_set_dynamic, thread limits) between the sweeps\n",
          what, have, want);
  abort();
}

void *__eddy_omp_tapes_new(int32_t requested) {
  int32_t capacity = omp_get_max_threads();
  if (requested > capacity)
    capacity = requested;
  size_t bytes = sizeof(eddy_team_tapes) + (size_t)capacity * sizeof(eddy_tape);
  eddy_team_tapes *team = calloc(1, bytes);
  if (!team)
    __eddy_out_of_memory("a parallel region", bytes, "team of tapes");
  team->capacity = capacity;
  return team;
}

void *__eddy_omp_tape_enter(void *record) {
  eddy_team_tapes *team = record;
  int thread = omp_get_thread_num(), threads = omp_get_num_threads();
  if (thread >= team->capacity)
    team_mismatch("forward sweep", threads, team->capacity);
  /* Every thread stores the same number. */
  __atomic_store_n(&team->threads, threads, __ATOMIC_RELAXED);
  return &team->tapes[thread];
}

int32_t __eddy_omp_team_size(void *record) {
  return ((eddy_team_tapes *)record)->threads;
}

void *__eddy_omp_tape_reenter(void *record) {
  eddy_team_tapes *team = record;
  int threads = omp_get_num_threads();
  if (threads != team->threads)
    team_mismatch("adjoint", threads, team->threads);
  return &team->tapes[omp_get_thread_num()];
}

void __eddy_omp_tape_leave(void *tape) {
  eddy_tape *t = tape;
  free(t->data);
  t->data = NULL;
  t->size = t->capacity = 0;
}

void __eddy_omp_tapes_free(void *record) { free(record); }

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
