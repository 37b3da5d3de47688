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
 * What the loop only reads (the inputs) is copied once, by the forward
 * call, and put back by the reverse call before it runs any step again.
 * The backward sweep runs the steps on a copy of the loop's memory that the
 * driver owns (__eddy_ckpt_relocate): code after the loop may have freed
 * the original, and it keeps what the forward sweep left there.
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

typedef struct {
  int64_t pos;          /* The step whose start state it holds. */
  unsigned char *bytes; /* Null until first used; then kept for reuse. */
} eddy_slot;

typedef struct eddy_ckpt {
  int kind;
  int64_t param;
  int64_t n;            /* Trip count; -1 while unknown. */
  const char *function; /* For messages. */
  eddy_region *regions; /* A copy: the caller's array may be gone later. */
  int64_t nregions;
  uint64_t state_bytes;
  eddy_region *inputs;  /* Read-only memory, copied once into `input_copy`. */
  int64_t ninputs;
  uint64_t input_bytes;
  unsigned char *input_copy;
  unsigned char *in_place; /* Per region of state ++ inputs: not relocated. */
  unsigned char *work;  /* The driver's copy of the loop's memory (relocate). */
  eddy_region *home;    /* The state regions where the caller has them. */
  struct {
    uintptr_t lo;       /* A group's span where the caller has it, */
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

static void copy_regions_out(const eddy_region *r, int64_t n,
                             unsigned char *to) {
  for (int64_t k = 0; k < n; ++k) {
    uint64_t b = r[k].bytes;
    if (b) /* memcpy of a null base is undefined even for 0 bytes. */
      memcpy(to, r[k].base, b);
    to += b;
  }
}

static void copy_regions_in(const eddy_region *r, int64_t n,
                            const unsigned char *from) {
  for (int64_t k = 0; k < n; ++k) {
    uint64_t b = r[k].bytes;
    if (b)
      memcpy(r[k].base, from, b);
    from += b;
  }
}

static void copy_out(const eddy_ckpt *o, unsigned char *to) {
  copy_regions_out(o->regions, o->nregions, to);
}

static void copy_in(const eddy_ckpt *o, const unsigned char *from) {
  copy_regions_in(o->regions, o->nregions, from);
}

/* A copy of `n` regions into memory `o` owns (freed with it). */
static eddy_region *copy_region_list(eddy_ckpt *o, const eddy_region *r,
                                     int64_t n, uint64_t *bytes) {
  eddy_region *out = allocate(o, (uint64_t)n * sizeof *r);
  *bytes = 0;
  for (int64_t k = 0; k < n; ++k) {
    out[k] = r[k];
    *bytes += r[k].bytes;
  }
  return out;
}

/* The reverse call's regions: the same sizes, maybe other addresses. What
 * runs in place takes them; relocated regions stay in the driver's block. */
static void rebase(eddy_ckpt *o, const eddy_region *regions, int64_t nregions,
                   const eddy_region *inputs, int64_t ninputs) {
  if (nregions != o->nregions || ninputs != o->ninputs)
    fail(o->function, "the backward sweep gave %lld regions, the forward %lld",
         (long long)(nregions + ninputs), (long long)(o->nregions + o->ninputs));
  for (int64_t k = 0; k < nregions + ninputs; ++k) {
    const eddy_region *given = k < nregions ? &regions[k] : &inputs[k - nregions];
    eddy_region *mine = k < nregions ? &o->regions[k] : &o->inputs[k - nregions];
    if (given->bytes != mine->bytes)
      fail(o->function,
           "region %lld of the loop's memory has %llu bytes in the backward "
           "sweep and %llu in the forward sweep",
           (long long)k, (unsigned long long)given->bytes,
           (unsigned long long)mine->bytes);
    if (o->in_place[k])
      mine->base = given->base;
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
                         const eddy_region *regions, int64_t nregions,
                         const eddy_region *inputs, int64_t ninputs,
                         const char *function) {
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
  o->nregions = nregions > 0 ? nregions : 0;
  o->regions = copy_region_list(o, regions, o->nregions, &o->state_bytes);
  o->ninputs = ninputs > 0 ? ninputs : 0;
  o->inputs = copy_region_list(o, inputs, o->ninputs, &o->input_bytes);
  int64_t total = o->nregions + o->ninputs;
  o->in_place = allocate(o, (uint64_t)total);
  memset(o->in_place, 1, (size_t)total);
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

/* Region k of the list state ++ inputs. */
static eddy_region *region_at(eddy_ckpt *o, int64_t k) {
  return k < o->nregions ? &o->regions[k] : &o->inputs[k - o->nregions];
}

/* The inputs that stay in place, as the loop first reads them: the reverse
 * call puts them back (code after the loop may change them). */
static void keep_inputs(eddy_ckpt *o) {
  uint64_t bytes = 0;
  for (int64_t k = 0; k < o->ninputs; ++k)
    if (o->in_place[o->nregions + k])
      bytes += o->inputs[k].bytes;
  o->input_copy = allocate(o, bytes);
  unsigned char *to = o->input_copy;
  for (int64_t k = 0; k < o->ninputs; ++k)
    if (o->in_place[o->nregions + k] && o->inputs[k].bytes) {
      memcpy(to, o->inputs[k].base, o->inputs[k].bytes);
      to += o->inputs[k].bytes;
    }
}

static void put_back_inputs(eddy_ckpt *o) {
  const unsigned char *from = o->input_copy;
  for (int64_t k = 0; k < o->ninputs; ++k)
    if (o->in_place[o->nregions + k] && o->inputs[k].bytes) {
      memcpy(o->inputs[k].base, from, o->inputs[k].bytes);
      from += o->inputs[k].bytes;
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

static int overlaps(uintptr_t lo1, uintptr_t hi1, uintptr_t lo2, uintptr_t hi2) {
  return lo1 < hi2 && lo2 < hi1;
}

static void relocate(eddy_ckpt *o, const int32_t *group, int64_t ngroups,
                     void **moved) {
  int64_t total = o->nregions + o->ninputs;
  eddy_span *g = allocate(o, (uint64_t)(ngroups + 1) * sizeof *g);
  for (int64_t a = 0; a < ngroups; ++a)
    g[a] = (eddy_span){UINTPTR_MAX, 0, a, 0, NULL};
  for (int64_t k = 0; k < total; ++k) {
    eddy_region *r = region_at(o, k);
    if (group[k] < 0 || group[k] >= ngroups || !r->bytes)
      continue;
    eddy_span *x = &g[group[k]];
    uintptr_t lo = (uintptr_t)r->base, hi = lo + r->bytes;
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
  for (int64_t k = 0; k < total; ++k) {
    eddy_region *r = region_at(o, k);
    if (group[k] >= 0 || !r->bytes)
      continue;
    uintptr_t lo = (uintptr_t)r->base, hi = lo + r->bytes;
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
  /* The state's home, where the forward call leaves the final state. */
  o->home = allocate(o, (uint64_t)(o->nregions ? o->nregions : 1) * sizeof *o->home);
  for (int64_t k = 0; k < total; ++k) {
    eddy_region *r = region_at(o, k);
    eddy_span *root = group[k] >= 0 && group[k] < ngroups
                          ? &g[span_root(g, group[k])] : NULL;
    if (k < o->nregions)
      o->home[k] = *r;
    if (!root || !root->work || !r->bytes)
      continue;
    unsigned char *to = root->work + ((uintptr_t)r->base - root->lo);
    memcpy(to, r->base, r->bytes);
    r->base = to;
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

/* Where the forward call's steps left the state (relocated regions only). */
static void copy_state_home(eddy_ckpt *o) {
  for (int64_t k = 0; k < o->nregions; ++k)
    if (!o->in_place[k] && o->regions[k].bytes)
      memcpy(o->home[k].base, o->regions[k].base, o->regions[k].bytes);
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
    copy_state_home(o);
}

void *__eddy_ckpt_forward(int kind, int64_t param, int64_t n,
                          const eddy_region *regions, int64_t nregions,
                          const eddy_region *inputs, int64_t ninputs,
                          const eddy_steps *steps, const char *function) {
  eddy_ckpt *o =
      create(kind, param, n, regions, nregions, inputs, ninputs, function);
  keep_inputs(o);
  run_forward(o, steps);
  return o;
}

void *__eddy_ckpt_begin(int kind, int64_t param, int64_t n,
                        const eddy_region *regions, int64_t nregions,
                        const eddy_region *inputs, int64_t ninputs,
                        const int32_t *group, int64_t ngroups, void **moved,
                        const char *function) {
  eddy_ckpt *o =
      create(kind, param, n, regions, nregions, inputs, ninputs, function);
  relocate(o, group, ngroups, moved);
  keep_inputs(o);
  return o;
}

void __eddy_ckpt_run(void *ckpt, const eddy_steps *steps) {
  run_forward(ckpt, steps);
}

void __eddy_ckpt_moved(void *ckpt, const eddy_region *regions,
                       int64_t nregions, const eddy_region *inputs,
                       int64_t ninputs, const int32_t *group, void **moved) {
  eddy_ckpt *o = ckpt;
  if (!o)
    return;
  if (nregions != o->nregions || ninputs != o->ninputs)
    fail(o->function, "the backward sweep gave %lld regions, the forward %lld",
         (long long)(nregions + ninputs), (long long)(o->nregions + o->ninputs));
  /* A pointer of group g at offset d from the group's span in the forward
   * sweep's frame is at the same offset from it in this frame. */
  int64_t total = o->nregions + o->ninputs;
  for (int64_t k = 0; k < total; ++k) {
    int32_t a = group[k];
    if (a < 0 || a >= o->nspans)
      continue;
    const eddy_region *given = k < nregions ? &regions[k] : &inputs[k - nregions];
    uintptr_t home = k < o->nregions ? (uintptr_t)o->home[k].base
                                     : o->spans[a].lo + ((uintptr_t)region_at(o, k)->base -
                                                         (uintptr_t)o->spans[a].work);
    if (o->in_place[k])
      home = (uintptr_t)region_at(o, k)->base;
    moved[2 * a] = (void *)((uintptr_t)given->base - (home - o->spans[a].lo));
    moved[2 * a + 1] = o->spans[a].work;
  }
}

static void destroy(eddy_ckpt *o) {
  for (eddy_ckpt **p = &live_objects; *p; p = &(*p)->outer)
    if (*p == o) {
      *p = o->outer;
      break;
    }
  free(o->home);
  free(o->spans);
  free(o->work);
  free(o->in_place);
  free(o->inputs);
  free(o->input_copy);
  for (int64_t k = 0; k < o->capacity; ++k)
    free(o->slots[k].bytes);
  free(o->slots);
  free(o->regions);
  if (--__eddy_ckpt_live <= 0) {
    __eddy_ckpt_live = 0;
    __eddy_ckpt_last_stats = o->stats;
  }
  free(o);
}

/* Copies the regions that run in place out to `buf` (or, with `in`, back
 * from it), inputs first and the state last, so that the state wins where
 * they overlap; returns the bytes (just counts them when buf is null). */
static uint64_t copy_in_place(eddy_ckpt *o, unsigned char *buf, int in) {
  int64_t total = o->nregions + o->ninputs;
  uint64_t bytes = 0;
  for (int64_t j = 0; j < total; ++j) {
    int64_t k = (j + o->nregions) % total;
    eddy_region *r = region_at(o, k);
    if (!o->in_place[k] || !r->bytes)
      continue;
    if (buf && in)
      memcpy(r->base, buf + bytes, r->bytes);
    else if (buf)
      memcpy(buf + bytes, r->base, r->bytes);
    bytes += r->bytes;
  }
  return bytes;
}

void __eddy_ckpt_reverse(void *ckpt, const eddy_region *regions,
                         int64_t nregions, const eddy_region *inputs,
                         int64_t ninputs, const eddy_steps *steps) {
  eddy_ckpt *o = ckpt;
  if (!o)
    return;
  /* What runs in place takes this frame's addresses (a callee's backward
   * sweep has locals of its own); the rest stays in the driver's block. */
  rebase(o, regions, nregions, inputs, ninputs);
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
