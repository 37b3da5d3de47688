/*===- Checkpoint.c - The run-time driver of checkpointed loops ----------===*
 *
 * A checkpointed loop's gradient does not tape every step: it keeps copies
 * of the loop's state (snapshots) at some steps and, in the backward sweep,
 * rebuilds each step's state from the nearest snapshot below it by running
 * the steps in between again (advance), records the step (record) and runs
 * its adjoint at once. The schedules (docs/checkpointing.md):
 *
 *   binomial(S)  Griewank and Walther's binomial schedule (Revolve) for a
 *                known trip count n: with S snapshots it runs the fewest
 *                steps again, r*n - C(S+r, S+1) advances in all (forward and
 *                reverse sweeps), r the least integer with C(S+r, S) >= n.
 *   periodic(K)  a snapshot before steps 0, K, 2K, ...; the backward sweep
 *                records K steps from a snapshot, then runs their adjoints.
 *   online(S)    unknown n: a snapshot every `stride` steps; when all S are
 *                taken, every other one is dropped and the stride doubles.
 *                The backward sweep reverses each stretch between two
 *                snapshots with the binomial schedule on the slots left.
 *   budget(B)    -fplugin-arg-eddy-tape-budget: step 0 is recorded and its
 *                tape measured; if n such tapes fit in B bytes every step
 *                is recorded (the stored tape), else steps 1..n-1 are
 *                reversed with the binomial schedule on the snapshots the
 *                rest of B holds. The same steps' adjoints run in the same
 *                order either way: the gradients are identical.
 *
 * Both sweeps run the steps on a copy of the loop's memory that the driver
 * owns (__eddy_ckpt_begin, "Relocation" below): code after the loop may
 * free or change the original before the backward sweep. What the loop only
 * reads (the inputs) is copied there once; scratch (written before it is
 * read in every step) is never stored. Memory that must stay in place (a
 * global the step names) is saved by the reverse call and put back.
 *
 * The binomial reversal is a stack of snapshots: the top one holds the
 * state the current range [top, fine) starts from. Reversing the range
 * advances m steps from the top, pushes a snapshot and reverses the upper
 * part with one slot fewer, then the lower part with the slot freed; m is
 * the split for which both parts need the fewest advances (binomial_split).
 *===----------------------------------------------------------------------===*/
#include "EddyRuntime.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a region is to a step: STATE is read and written (a snapshot holds
 * it); INPUT only read (stored once); SCRATCH written before it is read in
 * every step (dead when a step starts: no snapshot holds it). */
enum { STATE = 0, INPUT = 1, SCRATCH = 2 };

typedef struct {
  int64_t pos;          /* The step whose start state it holds. */
  unsigned char *bytes; /* Null until first used; then kept for reuse. */
} eddy_slot;

typedef struct eddy_ckpt {
  int kind;
  int64_t param;
  int64_t n;            /* Trip count; -1 while unknown. */
  const char *function; /* For messages. */
  /* The regions, state ++ inputs ++ scratch as the caller lists them (a
   * copy: the caller's arrays may be gone later), where the steps see them. */
  eddy_region *r;
  int64_t nstate, ninputs, nscratch, nr;
  unsigned char *role;     /* Per region: STATE, INPUT or SCRATCH. */
  unsigned char *in_place; /* Per region: not moved to the driver's block. */
  eddy_region *home;       /* Per region: where the caller has it. */
  uint64_t state_bytes;    /* One snapshot: the STATE regions. */
  unsigned char *input_copy; /* The INPUT regions in place, as first read. */
  unsigned char *work;     /* The driver's copy of the loop's memory. */
  struct {
    uintptr_t lo;        /* A group's span where the caller has it, */
    unsigned char *work; /* and where the steps see it. */
    uint64_t bytes;
  } *spans;
  int64_t nspans;
  int relocated;
  struct eddy_ckpt *outer; /* The next live object on this thread. */
  int taped;            /* budget: every step's tape was kept. */
  eddy_slot *slots;     /* The snapshots, in step order. */
  int64_t capacity;     /* Entries of `slots`. */
  int64_t limit;        /* Slots the schedule may use (S; periodic: all). */
  int64_t used;         /* Snapshots held: slots[0, used). */
  uint64_t held_bytes;  /* Snapshot buffers allocated now. */
  int reversing;        /* Which counter advances go to. */
  const eddy_steps *steps;
  eddy_checkpoint_stats stats;
} eddy_ckpt;

/* The last outermost reversal's statistics and how many checkpoint objects
 * are alive on this thread (a loop nested in a step runs while its outer
 * loop's object is alive). Not static: one per program (OutOfMemory.c). */
_Thread_local eddy_checkpoint_stats __eddy_ckpt_last_stats;
_Thread_local int64_t __eddy_ckpt_live;
/* The objects between their forward and reverse calls, newest first. */
static _Thread_local eddy_ckpt *live_objects;

void eddy_checkpoint_last_stats(eddy_checkpoint_stats *out) {
  if (out)
    *out = __eddy_ckpt_last_stats;
}

/* A checkpointed loop that cannot go on correctly: one line, then abort. */
_Noreturn static void fail(const char *function, const char *why, ...) {
  char line[512];
  va_list args;
  va_start(args, why);
  vsnprintf(line, sizeof line, why, args);
  va_end(args);
  fprintf(stderr, "eddy: checkpointed loop in the gradient of '%s': %s\n",
          function ? function : "?", line);
  abort();
}

static void *allocate(eddy_ckpt *o, uint64_t bytes) {
  void *p = malloc(bytes ? bytes : 1);
  if (!p)
    __eddy_out_of_memory(o->function, bytes, "checkpoint snapshots");
  return p;
}

/*===- Steps ---------------------------------------------------------------===*/

/* Runs step i plainly; the loop must go on after it unless it is the last. */
static int advance(eddy_ckpt *o, int64_t i) {
  if (o->reversing)
    ++o->stats.reverse_advances;
  else
    ++o->stats.forward_advances;
  int more = o->steps->advance(o->steps->ctx);
  if (!more && o->n >= 0 && i + 1 < o->n) {
    if (o->reversing)
      fail(o->function,
           "step %lld ended the loop when run again, but the loop ran %lld "
           "steps the first time: the body depends on something outside its "
           "state that changed",
           (long long)i, (long long)o->n);
    fail(o->function,
         "the loop ended after step %lld, but its trip count said %lld steps",
         (long long)i, (long long)o->n);
  }
  return more;
}

static int64_t record(eddy_ckpt *o) {
  ++o->stats.records;
  return o->steps->record(o->steps->ctx);
}

static void adjoint(eddy_ckpt *o) { o->steps->adjoint(o->steps->ctx); }

/*===- Snapshots -----------------------------------------------------------===*/

static void copy_out(const eddy_ckpt *o, unsigned char *to) {
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == STATE && o->r[k].bytes) {
      /* (memcpy of a null base is undefined even for 0 bytes.) */
      memcpy(to, o->r[k].base, o->r[k].bytes);
      to += o->r[k].bytes;
    }
}

static void copy_in(const eddy_ckpt *o, const unsigned char *from) {
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == STATE && o->r[k].bytes) {
      memcpy(o->r[k].base, from, o->r[k].bytes);
      from += o->r[k].bytes;
    }
}

/* The caller's lists, one after the other: state ++ inputs ++ scratch. */
typedef struct {
  const eddy_region *list[3];
  int64_t count[3];
} eddy_lists;

static const eddy_region *nth(const eddy_lists *l, int64_t k) {
  for (int c = 0; c < 3; ++c) {
    if (k < l->count[c])
      return &l->list[c][k];
    k -= l->count[c];
  }
  return NULL;
}

/* A region's bytes: a loop whose trip count is negative (for (j = 0; j < n;
 * ++j) with n < 0) runs no iteration, and its bounds give a negative size. */
static uint64_t bytes_of(const eddy_region *r) {
  return (int64_t)r->bytes < 0 ? 0 : r->bytes;
}

/* The reverse sweep's regions: the same sizes, maybe other addresses. What
 * runs in place takes them; moved regions stay in the driver's block. */
static void rebase(eddy_ckpt *o, const eddy_lists *given) {
  if (given->count[0] != o->nstate || given->count[1] != o->ninputs ||
      given->count[2] != o->nscratch)
    fail(o->function, "the backward sweep gave %lld regions, the forward %lld",
         (long long)(given->count[0] + given->count[1] + given->count[2]),
         (long long)o->nr);
  for (int64_t k = 0; k < o->nr; ++k) {
    const eddy_region *g = nth(given, k);
    if (bytes_of(g) != o->r[k].bytes)
      fail(o->function,
           "region %lld of the loop's memory has %llu bytes in the backward "
           "sweep and %llu in the forward sweep",
           (long long)k, (unsigned long long)bytes_of(g),
           (unsigned long long)o->r[k].bytes);
    if (o->in_place[k])
      o->r[k].base = g->base;
  }
}

/* Room for one more snapshot entry (periodic grows without bound). */
static void reserve_slot(eddy_ckpt *o, int64_t k) {
  if (k < o->capacity)
    return;
  int64_t cap = o->capacity ? 2 * o->capacity : 16;
  eddy_slot *s = realloc(o->slots, (size_t)cap * sizeof *s);
  if (!s)
    __eddy_out_of_memory(o->function, (uint64_t)cap * sizeof *s,
                         "checkpoint snapshots");
  memset(s + o->capacity, 0, (size_t)(cap - o->capacity) * sizeof *s);
  o->slots = s;
  o->capacity = cap;
}

/* Copies the state in memory, that before step `pos`, into slot k. */
static void save(eddy_ckpt *o, int64_t k, int64_t pos) {
  reserve_slot(o, k);
  eddy_slot *s = &o->slots[k];
  if (!s->bytes) {
    s->bytes = allocate(o, o->state_bytes);
    o->held_bytes += o->state_bytes;
    if ((int64_t)o->held_bytes > o->stats.peak_snapshot_bytes)
      o->stats.peak_snapshot_bytes = (int64_t)o->held_bytes;
  }
  copy_out(o, s->bytes);
  s->pos = pos;
  ++o->stats.snapshots;
}

static void restore(const eddy_ckpt *o, int64_t k) {
  copy_in(o, o->slots[k].bytes);
}

static void drop_buffer(eddy_ckpt *o, int64_t k) {
  if (!o->slots[k].bytes)
    return;
  free(o->slots[k].bytes);
  o->slots[k].bytes = NULL;
  o->held_bytes -= o->state_bytes;
}

/*===- Binomial schedule ---------------------------------------------------===*/

/* beta(s, r) = C(s + r, s): the most steps s snapshots reverse when no step
 * runs more than r times (Griewank). */
typedef unsigned __int128 eddy_u128;
typedef struct {
  uint64_t r;      /* The least r with beta(s, r) >= L. */
  eddy_u128 b;     /* beta(s, r) */
  eddy_u128 bprev; /* beta(s, r - 1) (0 for r = 0) */
} eddy_reps;

static eddy_reps repetitions(int64_t L, int64_t s) {
  eddy_reps x = {0, 1, 0};
  while (x.b < (eddy_u128)L) {
    ++x.r;
    x.bprev = x.b;
    /* C(s+r, s) = C(s+r-1, s) * (s+r) / r, exactly; the factor before is
     * below L < 2^63 and s + r < 2^64, so the product fits. */
    x.b = x.b * (eddy_u128)((uint64_t)s + x.r) / x.r;
  }
  return x;
}

/* Where to put the next snapshot in a range of L >= 2 steps reversed with
 * s >= 2 slots (the range's own included): m advances. Any m with
 *   L - beta(s-1, r) <= m <= beta(s, r-1)      (each part needs at most the
 *                                              repetitions the whole has,
 *                                              the lower part one fewer)
 *   beta(s, r-2) <= m <= L - beta(s-1, r-1)    (neither part is so small
 *                                              that it saves less than the
 *                                              other pays)
 * is optimal; the smallest is taken. Checked against a dynamic program over
 * every split in test/Runtime/checkpoint-schedules.c. */
static int64_t binomial_split(int64_t L, int64_t s) {
  eddy_reps x = repetitions(L, s);
  /* beta(s-1, r) = beta(s, r) - beta(s, r-1) (Pascal's rule). */
  eddy_u128 upper = x.b - x.bprev;
  /* beta(s, r-2) = beta(s, r-1) * (r-1) / (s+r-1); 0 for r = 1. */
  eddy_u128 lower =
      x.r >= 2 ? x.bprev * (x.r - 1) / ((uint64_t)s + x.r - 1) : 0;
  int64_t m = upper >= (eddy_u128)L ? 0 : L - (int64_t)upper;
  if (lower > (eddy_u128)m)
    m = (int64_t)lower; /* lower <= beta(s, r-1) < L */
  if (m < 1)
    m = 1;
  if (m > L - 1)
    m = L - 1;
  return m;
}

/* From the state of the top snapshot (in memory), runs up to the state
 * before step fine-1, pushing snapshots at the binomial split points. */
static void descend(eddy_ckpt *o, int64_t fine) {
  int64_t c = o->slots[o->used - 1].pos;
  while (fine - c > 1) {
    int64_t free_slots = o->limit - (o->used - 1); /* The top's included. */
    int64_t m = free_slots >= 2 ? binomial_split(fine - c, free_slots)
                                : fine - c - 1;
    for (int64_t k = 0; k < m; ++k)
      advance(o, c + k);
    c += m;
    if (fine - c > 1) /* A state reached just to record it needs no copy. */
      save(o, o->used++, c);
  }
}

/* Reverses steps [slots[base].pos, fine) with the stack's snapshots from
 * base up (those above base, if any, are what descend pushed). */
static void binomial_reverse(eddy_ckpt *o, int64_t base, int64_t fine) {
  int64_t start = o->slots[base].pos;
  while (fine > start) {
    if (o->slots[o->used - 1].pos == fine)
      --o->used; /* Its range is done. */
    restore(o, o->used - 1);
    descend(o, fine);
    record(o);
    adjoint(o);
    --fine;
  }
}

/*===- Forward sweeps ------------------------------------------------------===*/

static void forward_binomial(eddy_ckpt *o) {
  if (o->n == 0)
    return;
  if (o->n >= 2) {
    save(o, 0, 0);
    o->used = 1;
    descend(o, o->n);
  }
  record(o); /* Step n-1: its tape waits for the reverse sweep. */
}

/* The thread's override of the compiled budget (eddy_set_tape_budget). */
_Thread_local uint64_t __eddy_tape_budget_override;

void eddy_set_tape_budget(__SIZE_TYPE__ bytes) {
  __eddy_tape_budget_override = bytes;
}

static void forward_budget(eddy_ckpt *o) {
  if (o->n == 0)
    return;
  uint64_t budget = __eddy_tape_budget_override ? __eddy_tape_budget_override
                                                : (uint64_t)o->param;
  uint64_t per_step = (uint64_t)record(o); /* Step 0, kept at the bottom. */
  eddy_u128 whole = (eddy_u128)per_step * (eddy_u128)o->n;
  if (whole <= (eddy_u128)budget) {
    o->taped = 1;
    for (int64_t i = 1; i < o->n; ++i)
      record(o);
    return;
  }
  if (o->n == 1)
    return;
  /* Snapshots for steps 1..n-1: what the budget holds besides one step's
   * tape, at least 2 (fewer would rerun the loop quadratically). */
  uint64_t room = budget > per_step ? budget - per_step : 0;
  uint64_t fit = o->state_bytes ? room / o->state_bytes : (uint64_t)o->n;
  o->limit = fit < 2 ? 2 : (fit > (uint64_t)o->n ? o->n : (int64_t)fit);
  if (o->n - 1 >= 2) {
    save(o, 0, 1);
    o->used = 1;
    descend(o, o->n);
  }
  record(o); /* Step n-1. */
}

static void forward_periodic(eddy_ckpt *o) {
  int64_t i = 0;
  for (;;) {
    if (o->n >= 0 && i == o->n)
      break;
    if (i % o->param == 0) {
      save(o, o->used, i);
      ++o->used;
    }
    int more = advance(o, i++);
    if (o->n < 0 && !more)
      break;
  }
  o->n = i;
}

/* Keeps the snapshots at multiples of twice the stride (step 0's among
 * them), in order, and doubles the stride. Buffers are kept for reuse. */
static void thin(eddy_ckpt *o, int64_t *stride) {
  int64_t kept = 0;
  for (int64_t k = 0; k < o->used; ++k) {
    if (o->slots[k].pos % (2 * *stride) != 0)
      continue;
    eddy_slot t = o->slots[kept];
    o->slots[kept] = o->slots[k];
    o->slots[k] = t;
    ++kept;
  }
  o->used = kept;
  *stride *= 2;
}

static void forward_online(eddy_ckpt *o) {
  int64_t i = 0, stride = 1;
  for (;;) {
    if (o->n >= 0 && i == o->n)
      break;
    if (i % stride == 0 && o->used == o->limit && o->limit >= 2)
      thin(o, &stride);
    if (i % stride == 0 && o->used < o->limit) {
      save(o, o->used, i);
      ++o->used;
    }
    int more = advance(o, i++);
    if (o->n < 0 && !more)
      break;
  }
  o->n = i;
}

static void reverse_periodic(eddy_ckpt *o) {
  for (int64_t j = o->used - 1; j >= 0; --j) {
    int64_t start = o->slots[j].pos;
    int64_t end = j == o->used - 1 ? o->n : o->slots[j + 1].pos;
    restore(o, j);
    for (int64_t i = start; i < end; ++i)
      record(o);
    for (int64_t i = end; i > start; --i)
      adjoint(o);
    drop_buffer(o, j);
  }
}

static void reverse_online(eddy_ckpt *o) {
  int64_t snapshots = o->used;
  for (int64_t j = snapshots - 1; j >= 0; --j) {
    int64_t fine = j == snapshots - 1 ? o->n : o->slots[j + 1].pos;
    o->used = j + 1; /* Slots above j are free again. */
    binomial_reverse(o, j, fine);
  }
}

/*===- Making the object --------------------------------------------------===*/

static eddy_ckpt *create(int kind, int64_t param, int64_t n,
                         const eddy_lists *l, const char *function) {
  if (kind < EDDY_CKPT_BINOMIAL || kind > EDDY_CKPT_BUDGET)
    fail(function, "unknown schedule %d", kind);
  if (param < 1)
    fail(function, "%lld snapshots or period; at least 1 is needed",
         (long long)param);
  if ((kind == EDDY_CKPT_BINOMIAL || kind == EDDY_CKPT_BUDGET) && n < 0)
    fail(function, "the binomial schedule needs the trip count, got %lld",
         (long long)n);
  eddy_ckpt *o = calloc(1, sizeof *o);
  if (!o)
    __eddy_out_of_memory(function, sizeof *o, "checkpoint snapshots");
  o->kind = kind;
  o->param = param;
  o->n = n >= 0 ? n : -1;
  o->function = function;
  o->nstate = l->count[0];
  o->ninputs = l->count[1];
  o->nscratch = l->count[2];
  o->nr = o->nstate + o->ninputs + o->nscratch;
  uint64_t nr = (uint64_t)(o->nr ? o->nr : 1);
  o->r = allocate(o, nr * sizeof *o->r);
  o->home = allocate(o, nr * sizeof *o->home);
  o->role = allocate(o, nr);
  o->in_place = allocate(o, nr);
  for (int64_t k = 0; k < o->nr; ++k) {
    o->r[k] = o->home[k] = *nth(l, k);
    o->r[k].bytes = o->home[k].bytes = bytes_of(&o->r[k]);
    o->role[k] = k < o->nstate ? STATE : k < o->nstate + o->ninputs ? INPUT : SCRATCH;
    o->in_place[k] = 1;
  }
  o->limit = kind == EDDY_CKPT_PERIODIC ? INT64_MAX
             : kind == EDDY_CKPT_BUDGET ? 2
                                        : param;
  if (kind == EDDY_CKPT_BINOMIAL || kind == EDDY_CKPT_ONLINE) {
    int64_t slots = param < 64 ? param : 64; /* More on demand. */
    reserve_slot(o, slots - 1);
  }
  ++__eddy_ckpt_live;
  return o;
}

static int overlaps(uintptr_t lo1, uintptr_t hi1, uintptr_t lo2, uintptr_t hi2) {
  return lo1 < hi2 && lo2 < hi1;
}

/* Scratch is dead when a step starts only if no other region (another
 * pointer to the same memory) can read it first: else it is state. Then the
 * snapshot's size. */
static void settle_roles(eddy_ckpt *o) {
  for (int64_t k = 0; k < o->nr; ++k) {
    if (o->role[k] != SCRATCH)
      continue;
    uintptr_t lo = (uintptr_t)o->r[k].base, hi = lo + o->r[k].bytes;
    for (int64_t j = 0; j < o->nr; ++j) {
      uintptr_t lo2 = (uintptr_t)o->r[j].base, hi2 = lo2 + o->r[j].bytes;
      if (j != k && overlaps(lo, hi, lo2, hi2))
        o->role[k] = STATE;
    }
  }
  o->state_bytes = 0;
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == STATE)
      o->state_bytes += o->r[k].bytes;
}

/* The inputs that stay in place, as the loop first reads them: the reverse
 * call puts them back (code after the loop may change them). */
static void keep_inputs(eddy_ckpt *o) {
  uint64_t bytes = 0;
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == INPUT && o->in_place[k])
      bytes += o->r[k].bytes;
  o->input_copy = allocate(o, bytes);
  unsigned char *to = o->input_copy;
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == INPUT && o->in_place[k] && o->r[k].bytes) {
      memcpy(to, o->r[k].base, o->r[k].bytes);
      to += o->r[k].bytes;
    }
}

static void put_back_inputs(eddy_ckpt *o) {
  const unsigned char *from = o->input_copy;
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] == INPUT && o->in_place[k] && o->r[k].bytes) {
      memcpy(o->r[k].base, from, o->r[k].bytes);
      from += o->r[k].bytes;
    }
}

/*===- Relocation ----------------------------------------------------------===*
 * The loop runs, in both sweeps, on a copy of its memory that the driver
 * owns: the backward sweep comes after code that may have freed the
 * caller's memory, and it must not change what the forward sweep left
 * there. The regions are grouped by the pointer the step reaches them
 * through; each group's span is copied into the driver's block, and the
 * step's pointers move by the same distance (the caller does that with
 * `moved`). Groups whose spans overlap (one array passed twice) become one
 * span, so that they stay one memory. A global, which the step names
 * directly, stays in place, and so does any span overlapping it.
 *===----------------------------------------------------------------------===*/

typedef struct {
  uintptr_t lo, hi;
  int64_t parent; /* Union-find over overlapping spans. */
  int in_place;
  unsigned char *work; /* Where lo went. */
} eddy_span;

static int64_t span_root(eddy_span *g, int64_t k) {
  while (g[k].parent != k)
    k = g[k].parent = g[g[k].parent].parent;
  return k;
}

static void relocate(eddy_ckpt *o, const int32_t *group, int64_t ngroups,
                     void **moved) {
  eddy_span *g = allocate(o, (uint64_t)(ngroups + 1) * sizeof *g);
  for (int64_t a = 0; a < ngroups; ++a)
    g[a] = (eddy_span){UINTPTR_MAX, 0, a, 0, NULL};
  for (int64_t k = 0; k < o->nr; ++k) {
    if (group[k] < 0 || group[k] >= ngroups || !o->r[k].bytes)
      continue;
    eddy_span *x = &g[group[k]];
    uintptr_t lo = (uintptr_t)o->r[k].base, hi = lo + o->r[k].bytes;
    x->lo = lo < x->lo ? lo : x->lo;
    x->hi = hi > x->hi ? hi : x->hi;
  }
  for (int64_t a = 0; a < ngroups; ++a)
    for (int64_t b = a + 1; b < ngroups; ++b)
      if (overlaps(g[a].lo, g[a].hi, g[b].lo, g[b].hi))
        g[span_root(g, b)].parent = span_root(g, a);
  for (int64_t a = 0; a < ngroups; ++a) {
    eddy_span *root = &g[span_root(g, a)];
    root->lo = g[a].lo < root->lo ? g[a].lo : root->lo;
    root->hi = g[a].hi > root->hi ? g[a].hi : root->hi;
  }
  for (int64_t k = 0; k < o->nr; ++k) {
    if (group[k] >= 0 || !o->r[k].bytes)
      continue;
    uintptr_t lo = (uintptr_t)o->r[k].base, hi = lo + o->r[k].bytes;
    for (int64_t a = 0; a < ngroups; ++a)
      if (overlaps(g[a].lo, g[a].hi, lo, hi))
        g[span_root(g, a)].in_place = 1;
  }
  /* One block; each span starts at the address of what it stands for
   * modulo 64, so that alignment the optimizer proved holds for the copy. */
  uint64_t bytes = 0;
  for (int64_t a = 0; a < ngroups; ++a)
    if (span_root(g, a) == a && !g[a].in_place && g[a].hi > g[a].lo)
      bytes += (g[a].hi - g[a].lo) + 128;
  o->work = bytes ? allocate(o, bytes) : NULL;
  unsigned char *cursor = o->work;
  for (int64_t a = 0; a < ngroups; ++a) {
    if (span_root(g, a) != a || g[a].in_place || g[a].hi <= g[a].lo)
      continue;
    uintptr_t at = ((uintptr_t)cursor + 63) & ~(uintptr_t)63;
    g[a].work = (unsigned char *)(at + (g[a].lo & 63));
    cursor = g[a].work + (g[a].hi - g[a].lo);
  }
  for (int64_t k = 0; k < o->nr; ++k) {
    eddy_span *root = group[k] >= 0 && group[k] < ngroups
                          ? &g[span_root(g, group[k])] : NULL;
    if (!root || !root->work || !o->r[k].bytes)
      continue;
    unsigned char *to = root->work + ((uintptr_t)o->r[k].base - root->lo);
    if (o->role[k] != SCRATCH) /* Scratch is dead when the loop starts. */
      memcpy(to, o->r[k].base, o->r[k].bytes);
    o->r[k].base = to;
    o->in_place[k] = 0;
  }
  o->spans = allocate(o, (uint64_t)(ngroups ? ngroups : 1) * sizeof *o->spans);
  o->nspans = ngroups;
  for (int64_t a = 0; a < ngroups; ++a) {
    eddy_span *root = &g[span_root(g, a)];
    o->spans[a].lo = root->lo;
    o->spans[a].work = root->work ? root->work : (unsigned char *)root->lo;
    o->spans[a].bytes = root->hi > root->lo ? root->hi - root->lo : 0;
    moved[2 * a] = (void *)root->lo;
    moved[2 * a + 1] = o->spans[a].work;
  }
  free(g);
  o->relocated = 1;
}

/* Where the forward call's steps left what they wrote (moved regions). */
static void copy_written_home(eddy_ckpt *o) {
  for (int64_t k = 0; k < o->nr; ++k)
    if (o->role[k] != INPUT && !o->in_place[k] && o->r[k].bytes)
      memcpy(o->home[k].base, o->r[k].base, o->r[k].bytes);
}

/* Is `p` a relocated copy of `home` (check_invariant)? */
static int moved_from(uintptr_t p, uintptr_t home) {
  for (eddy_ckpt *o = live_objects; o; o = o->outer)
    for (int64_t a = 0; a < o->nspans; ++a) {
      uintptr_t work = (uintptr_t)o->spans[a].work;
      if (p >= work && p - work <= o->spans[a].bytes &&
          home == o->spans[a].lo + (p - work))
        return 1;
    }
  return 0;
}

/*===- The ABI -------------------------------------------------------------===*/

static void run_forward(eddy_ckpt *o, const eddy_steps *steps) {
  o->steps = steps;
  o->outer = live_objects;
  live_objects = o;
  if (o->kind == EDDY_CKPT_BINOMIAL)
    forward_binomial(o);
  else if (o->kind == EDDY_CKPT_BUDGET)
    forward_budget(o);
  else if (o->kind == EDDY_CKPT_PERIODIC)
    forward_periodic(o);
  else
    forward_online(o);
  o->stats.steps = o->n;
  o->steps = NULL; /* The reverse call brings its own. */
  if (o->relocated)
    copy_written_home(o);
}

void *__eddy_ckpt_forward(int kind, int64_t param, int64_t n,
                          const eddy_region *state, int64_t nstate,
                          const eddy_region *inputs, int64_t ninputs,
                          const eddy_steps *steps, const char *function) {
  eddy_lists l = {{state, inputs, NULL},
                  {nstate > 0 ? nstate : 0, ninputs > 0 ? ninputs : 0, 0}};
  eddy_ckpt *o = create(kind, param, n, &l, function);
  settle_roles(o);
  keep_inputs(o);
  run_forward(o, steps);
  return o;
}

void *__eddy_ckpt_begin(int kind, int64_t param, int64_t n,
                        const eddy_region *state, int64_t nstate,
                        const eddy_region *inputs, int64_t ninputs,
                        const eddy_region *scratch, int64_t nscratch,
                        const int32_t *group, int64_t ngroups, void **moved,
                        const char *function) {
  eddy_lists l = {{state, inputs, scratch},
                  {nstate > 0 ? nstate : 0, ninputs > 0 ? ninputs : 0,
                   nscratch > 0 ? nscratch : 0}};
  eddy_ckpt *o = create(kind, param, n, &l, function);
  settle_roles(o);
  relocate(o, group, ngroups, moved);
  keep_inputs(o);
  return o;
}

void __eddy_ckpt_run(void *ckpt, const eddy_steps *steps) {
  run_forward(ckpt, steps);
}

void __eddy_ckpt_moved(void *ckpt, const eddy_region *state, int64_t nstate,
                       const eddy_region *inputs, int64_t ninputs,
                       const eddy_region *scratch, int64_t nscratch,
                       const int32_t *group, void **moved) {
  eddy_ckpt *o = ckpt;
  if (!o)
    return;
  eddy_lists l = {{state, inputs, scratch}, {nstate, ninputs, nscratch}};
  if (nstate != o->nstate || ninputs != o->ninputs || nscratch != o->nscratch)
    fail(o->function, "the backward sweep gave %lld regions, the forward %lld",
         (long long)(nstate + ninputs + nscratch), (long long)o->nr);
  /* A pointer at offset d from its group's span in the forward sweep's
   * frame is at offset d from it in this frame too. */
  for (int64_t k = 0; k < o->nr; ++k) {
    int32_t a = group[k];
    if (a < 0 || a >= o->nspans)
      continue;
    uintptr_t home = (uintptr_t)o->home[k].base;
    moved[2 * a] = (void *)((uintptr_t)nth(&l, k)->base - (home - o->spans[a].lo));
    moved[2 * a + 1] = o->spans[a].work;
  }
}

static void destroy(eddy_ckpt *o) {
  for (eddy_ckpt **p = &live_objects; *p; p = &(*p)->outer)
    if (*p == o) {
      *p = o->outer;
      break;
    }
  free(o->r);
  free(o->home);
  free(o->role);
  free(o->in_place);
  free(o->spans);
  free(o->work);
  free(o->input_copy);
  for (int64_t k = 0; k < o->capacity; ++k)
    free(o->slots[k].bytes);
  free(o->slots);
  if (--__eddy_ckpt_live <= 0) {
    __eddy_ckpt_live = 0;
    __eddy_ckpt_last_stats = o->stats;
  }
  free(o);
}

/* Copies the regions that run in place out to `buf` (or, with `in`, back
 * from it), inputs first, so that what the loop writes wins where they
 * overlap; returns the bytes (just counts them when buf is null). */
static uint64_t copy_in_place(eddy_ckpt *o, unsigned char *buf, int in) {
  uint64_t bytes = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (int64_t k = 0; k < o->nr; ++k) {
      if (!o->in_place[k] || !o->r[k].bytes || (o->role[k] == INPUT) != (pass == 0))
        continue;
      if (buf && in)
        memcpy(o->r[k].base, buf + bytes, o->r[k].bytes);
      else if (buf)
        memcpy(buf + bytes, o->r[k].base, o->r[k].bytes);
      bytes += o->r[k].bytes;
    }
  return bytes;
}

static void reverse(eddy_ckpt *o, const eddy_lists *given,
                    const eddy_steps *steps) {
  /* What runs in place takes this frame's addresses (a callee's backward
   * sweep has locals of its own); the rest stays in the driver's block. */
  rebase(o, given);
  o->steps = steps;
  o->reversing = 1;
  /* What the backward sweep overwrites in place: the loop's final state, or
   * what the code after the loop made of it. Put back at the end. */
  unsigned char *entry = allocate(o, copy_in_place(o, NULL, 0));
  copy_in_place(o, entry, 0);
  /* The inputs as the loop read them; the snapshots then overwrite what the
   * loop writes of them. */
  put_back_inputs(o);
  if (o->kind == EDDY_CKPT_BUDGET) {
    if (o->taped) {
      for (int64_t i = 0; i < o->n; ++i)
        adjoint(o);
    } else if (o->n >= 2) {
      adjoint(o); /* Step n-1. */
      if (o->n >= 3)
        binomial_reverse(o, 0, o->n - 1); /* Steps n-2 .. 1. */
      adjoint(o); /* Step 0, recorded first of all. */
    } else if (o->n == 1) {
      adjoint(o);
    }
  } else if (o->kind == EDDY_CKPT_BINOMIAL) {
    if (o->n >= 1) {
      adjoint(o); /* Step n-1, recorded by the forward call. */
      if (o->n >= 2)
        binomial_reverse(o, 0, o->n - 1);
    }
  } else if (o->kind == EDDY_CKPT_PERIODIC) {
    reverse_periodic(o);
  } else {
    reverse_online(o);
  }
  copy_in_place(o, entry, 1);
  free(entry);
  destroy(o);
}

void __eddy_ckpt_reverse(void *ckpt, const eddy_region *state, int64_t nstate,
                         const eddy_region *inputs, int64_t ninputs,
                         const eddy_steps *steps) {
  if (!ckpt)
    return;
  eddy_lists l = {{state, inputs, NULL}, {nstate, ninputs, 0}};
  reverse(ckpt, &l, steps);
}

void __eddy_ckpt_reverse_moved(void *ckpt, const eddy_region *state,
                               int64_t nstate, const eddy_region *inputs,
                               int64_t ninputs, const eddy_region *scratch,
                               int64_t nscratch, const eddy_steps *steps) {
  if (!ckpt)
    return;
  eddy_lists l = {{state, inputs, scratch}, {nstate, ninputs, nscratch}};
  reverse(ckpt, &l, steps);
}

void __eddy_ckpt_check_invariant(uint64_t loaded, uint64_t once,
                                 const char *function, int line) {
  /* The step runs on the driver's copy of the loop's memory, where the
   * pointer read once stands relocated and the field still holds the
   * caller's address. */
  if (loaded != once && !moved_from(once, loaded))
    fail(function,
         "a value read once before the loop (line %d) changed while the loop "
         "ran; Eddy assumed it would not. Remove '#pragma eddy checkpoint' "
         "from this loop",
         line);
}
