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
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);

/* The generated code's tape, Eddy/Transform/Tape.h. */
typedef struct {
  void *data;
  int64_t size;
  int64_t capacity;
} eddy_tape;

struct eddy_team_tapes;

/* A thread's tape, and the team it belongs to (the generated code sees the
 * tape; the runtime finds the team from it). */
/* A private shadow waiting to be added into the shared one. */
typedef struct {
  void *buffer;
  uint64_t lo, n; /* The shared shadow's first element's address, elements. */
  int is_float;
} pending_shadow;

#define MAX_PENDING 8

typedef struct {
  eddy_tape tape;
  struct eddy_team_tapes *team;
  pending_shadow pending[MAX_PENDING];
  int npending;
} eddy_team_tape;

typedef struct eddy_team_tapes {
  eddy_team_tape *tapes; /* One per thread of the forward team. */
  int32_t threads;       /* The forward team's size. */
  /* The shared shadow addresses the team's stores touch (private shadows). */
  uint64_t stores_lo, stores_hi;
  /* The adjoint team's threads that finished, and whose turn it is to add
   * its private shadows into the shared ones. */
  int32_t finished, turn;
} eddy_team_tapes;

static void add_plainly(const pending_shadow *p);
static void keep_spares_until_exit(void);

/* The thread's buffer for the tapes of the teams it joins (the generated
 * code's own spare, Tape.h, is held by the gradient around the region). */
static _Thread_local eddy_tape spare_tape;

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
  team->stores_lo = UINT64_MAX;
  return team;
}

/* The team's tapes are made by the first of its threads to arrive, when the
 * team's size is known (a num_threads clause, nesting, limits: only the
 * team itself knows it). */
void *__eddy_omp_tape_enter(void *record) {
  eddy_team_tapes *team = record;
  int threads = omp_get_num_threads();
  eddy_team_tape *tapes = __atomic_load_n(&team->tapes, __ATOMIC_ACQUIRE);
  if (!tapes) {
    size_t bytes = (size_t)threads * sizeof(eddy_team_tape);
    eddy_team_tape *fresh = calloc(threads, sizeof(eddy_team_tape));
    if (!fresh)
      __eddy_out_of_memory("a parallel region", bytes, "team of tapes");
    for (int k = 0; k < threads; ++k)
      fresh[k].team = team;
    eddy_team_tape *none = NULL;
    if (__atomic_compare_exchange_n(&team->tapes, &none, fresh, 0,
                                    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
      tapes = fresh;
      __atomic_store_n(&team->threads, threads, __ATOMIC_RELAXED);
    } else {
      free(fresh);
      tapes = none;
    }
  }
  eddy_tape *tape = &tapes[omp_get_thread_num()].tape;
  /* Repeated gradients reuse the thread's buffer: fresh pages would fault. */
  tape->data = spare_tape.data;
  tape->capacity = spare_tape.capacity;
  spare_tape.data = NULL;
  spare_tape.capacity = 0;
  return tape;
}

void __eddy_omp_tape_leave(void *tape) {
  eddy_team_tape *slot = tape;
  eddy_team_tapes *team = slot->team;
  /* Private shadows: once every thread of the team has finished its adjoint
   * (nothing else adds into the shared shadows any more), the threads add
   * their buffers plainly, one after another in thread order -- no atomics,
   * and the same sums whatever the timing. Every thread of the team calls
   * this once, so waiting for the others cannot deadlock. */
  int thread = omp_get_thread_num();
  __atomic_fetch_add(&team->finished, 1, __ATOMIC_ACQ_REL);
  if (team->threads > 1) {
    while (__atomic_load_n(&team->finished, __ATOMIC_ACQUIRE) < team->threads)
      sched_yield();
    while (__atomic_load_n(&team->turn, __ATOMIC_ACQUIRE) != thread)
      sched_yield();
  }
  for (int k = 0; k < slot->npending; ++k)
    add_plainly(&slot->pending[k]);
  slot->npending = 0;
  __atomic_store_n(&team->turn, thread + 1, __ATOMIC_RELEASE);
  eddy_tape *t = &slot->tape;
  if (spare_tape.capacity < t->capacity) {
    free(spare_tape.data);
    spare_tape = *t;
    keep_spares_until_exit();
  } else {
    free(t->data);
  }
  t->data = NULL;
  t->size = t->capacity = 0;
}

int32_t __eddy_omp_team_size(void *record) {
  return ((eddy_team_tapes *)record)->threads;
}

void *__eddy_omp_tape_reenter(void *record) {
  eddy_team_tapes *team = record;
  int threads = omp_get_num_threads();
  if (threads != team->threads)
    team_mismatch(threads, team->threads);
  return &team->tapes[omp_get_thread_num()].tape;
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
/* Each thread keeps its private shadow buffers for the next gradient (a
 * large calloc'd block is fresh pages, and faulting them in costs more than
 * zeroing): a few per thread, freed when the thread ends or at exit. */
#define SPARE_BUFFERS 4
typedef struct {
  void *data;
  uint64_t size;
} spare_buffer;
static _Thread_local spare_buffer spares[SPARE_BUFFERS];

static void *take_zeroed(uint64_t size) {
  for (int k = 0; k < SPARE_BUFFERS; ++k)
    if (spares[k].data && spares[k].size >= size) {
      void *data = spares[k].data;
      spares[k].data = NULL;
      memset(data, 0, size);
      return data;
    }
  void *data = calloc(1, size);
  if (!data)
    __eddy_out_of_memory("a parallel region", size, "shadow memory");
  return data;
}

static void give_back(void *data, uint64_t size) {
  keep_spares_until_exit();
  for (int k = 0; k < SPARE_BUFFERS; ++k)
    if (!spares[k].data) {
      spares[k].data = data;
      spares[k].size = size;
      return;
    }
  int smallest = 0;
  for (int k = 1; k < SPARE_BUFFERS; ++k)
    if (spares[k].size < spares[smallest].size)
      smallest = k;
  if (spares[smallest].size < size) {
    free(spares[smallest].data);
    spares[smallest].data = data;
    spares[smallest].size = size;
    return;
  }
  free(data);
}

/* A thread's spares (its team tape buffer and private shadow buffers) are
 * freed when the thread ends: a pthread key's destructor, registered once
 * per thread. The main thread's stay reachable until exit. */
static pthread_key_t spares_key;
static pthread_once_t spares_once = PTHREAD_ONCE_INIT;
static _Thread_local int spares_registered;

static void free_spares(void *unused) {
  (void)unused;
  free(spare_tape.data);
  spare_tape.data = NULL;
  spare_tape.capacity = 0;
  for (int k = 0; k < SPARE_BUFFERS; ++k) {
    free(spares[k].data);
    spares[k].data = NULL;
  }
}

static void make_spares_key(void) { pthread_key_create(&spares_key, free_spares); }

static void keep_spares_until_exit(void) {
  if (spares_registered)
    return;
  spares_registered = 1;
  pthread_once(&spares_once, make_spares_key);
  pthread_setspecific(spares_key, (void *)1);
}

static void atomic_min(uint64_t *at, uint64_t value) {
  uint64_t old = __atomic_load_n(at, __ATOMIC_RELAXED);
  while (value < old && !__atomic_compare_exchange_n(at, &old, value, 1,
                                                     __ATOMIC_RELAXED,
                                                     __ATOMIC_RELAXED))
    ;
}

static void atomic_max(uint64_t *at, uint64_t value) {
  uint64_t old = __atomic_load_n(at, __ATOMIC_RELAXED);
  while (value > old && !__atomic_compare_exchange_n(at, &old, value, 1,
                                                     __ATOMIC_RELAXED,
                                                     __ATOMIC_RELAXED))
    ;
}

void __eddy_omp_note_stores(void *tape, uint64_t lo, uint64_t hi) {
  if (hi < lo)
    return;
  eddy_team_tapes *team = ((eddy_team_tape *)tape)->team;
  atomic_min(&team->stores_lo, lo);
  atomic_max(&team->stores_hi, hi);
}

/* (Called in the adjoint, after every thread's forward sweep: the team's
 * store range is complete.) An element stored is at most 16 bytes. */
void *__eddy_omp_private_shadow(void *tape, uint64_t lo, uint64_t hi,
                                uint64_t bytes) {
  if (hi < lo)
    return NULL;
  eddy_team_tapes *team = ((eddy_team_tape *)tape)->team;
  if (team->stores_lo <= team->stores_hi && team->stores_lo < hi + bytes &&
      lo < team->stores_hi + 16)
    return NULL;
  uint64_t size = hi - lo + bytes;
  return take_zeroed(size);
}

/* Adds a buffer into the shared shadow while other threads may add too. */
static void team_add_atomically(const pending_shadow *p) {
  for (uint64_t k = 0; k < p->n; ++k) {
    if (p->is_float) {
      float add = ((const float *)p->buffer)[k];
      uint32_t *at = (uint32_t *)(uintptr_t)p->lo + k, old, sum;
      if (add == 0.0f)
        continue;
      old = __atomic_load_n(at, __ATOMIC_RELAXED);
      do {
        float value;
        __builtin_memcpy(&value, &old, sizeof value);
        value += add;
        __builtin_memcpy(&sum, &value, sizeof sum);
      } while (!__atomic_compare_exchange_n(at, &old, sum, 1, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED));
    } else {
      double add = ((const double *)p->buffer)[k];
      uint64_t *at = (uint64_t *)(uintptr_t)p->lo + k, old, sum;
      if (add == 0.0)
        continue;
      old = __atomic_load_n(at, __ATOMIC_RELAXED);
      do {
        double value;
        __builtin_memcpy(&value, &old, sizeof value);
        value += add;
        __builtin_memcpy(&sum, &value, sizeof sum);
      } while (!__atomic_compare_exchange_n(at, &old, sum, 1, __ATOMIC_RELAXED,
                                            __ATOMIC_RELAXED));
    }
  }
  give_back(p->buffer, p->n * (p->is_float ? sizeof(float) : sizeof(double)));
}

static void add_plainly(const pending_shadow *p) {
  if (p->is_float) {
    float *shared = (float *)(uintptr_t)p->lo;
    const float *add = p->buffer;
    for (uint64_t k = 0; k < p->n; ++k)
      shared[k] += add[k];
  } else {
    double *shared = (double *)(uintptr_t)p->lo;
    const double *add = p->buffer;
    for (uint64_t k = 0; k < p->n; ++k)
      shared[k] += add[k];
  }
  give_back(p->buffer, p->n * (p->is_float ? sizeof(float) : sizeof(double)));
}

/* At the end of a thread's adjoint of the region: the buffer waits with the
 * thread's tape until the whole team is done (__eddy_omp_tape_leave). */
static void defer(void *tape, void *buffer, uint64_t lo, uint64_t hi,
                  int is_float) {
  if (!buffer)
    return;
  eddy_team_tape *slot = tape;
  pending_shadow p = {buffer, lo,
                      (hi - lo) / (is_float ? sizeof(float) : sizeof(double)) + 1,
                      is_float};
  if (slot->npending == MAX_PENDING) { /* Not expected: adds it now. */
    if (omp_get_num_threads() == 1) {
      add_plainly(&p);
      return;
    }
    team_add_atomically(&p);
    return;
  }
  slot->pending[slot->npending++] = p;
}

void __eddy_omp_flush_shadow_f64(void *tape, void *buffer, uint64_t lo,
                                 uint64_t hi) {
  defer(tape, buffer, lo, hi, 0);
}

void __eddy_omp_flush_shadow_f32(void *tape, void *buffer, uint64_t lo,
                                 uint64_t hi) {
  defer(tape, buffer, lo, hi, 1);
}
