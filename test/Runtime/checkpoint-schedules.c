// The checkpointing driver alone (lib/Runtime/Checkpoint.c, included here and
// built without the plugin), driven by hand-written steps on a toy state:
// for every schedule, the adjoints come for steps n-1, ..., 0 in that order,
// each sees the state its step started from, the binomial schedule runs as
// many steps again as Revolve's formula says, which equals the minimum a
// dynamic program over every split finds, no more than S snapshots are held,
// the memory is put back as the reverse call found it, nothing leaks (the
// sanitizer jobs run this too), and a loop that ends early stops with a line.
// RUN: %clang %sanitize -std=c11 -O2 -Wall -Werror -I%eddy-include -I%eddy-include/../lib/Runtime %s -o %t
// RUN: %run %t | FileCheck %s
// RUN: not --crash %run %t early 2>&1 | FileCheck %s --check-prefix=EARLY
// RUN: not --crash %run %t nondeterministic 2>&1 | FileCheck %s --check-prefix=AGAIN
// CHECK: binomial: 1600 loops ok
// CHECK: binomial n=1000000 S=32: 5498058 advances (formula 5498058), peak 32 snapshots
// CHECK: periodic: 400 loops ok
// CHECK: budget: 401 loops ok
// CHECK: online: 1600 loops ok
// CHECK: nested: outer stats kept
// CHECK: all ok
// EARLY: eddy: checkpointed loop in the gradient of 'toy': the loop ended after step 4, but its trip count said 10 steps
// AGAIN: eddy: checkpointed loop in the gradient of 'toy': step 6 ended the loop when run again, but the loop ran 10 steps the first time: the body depends on something outside its state that changed
#include "Checkpoint.c"
#include "OutOfMemory.c"

#include <inttypes.h>

static int failures;
#define EXPECT(c, ...)                                                         \
  do {                                                                         \
    if (!(c)) {                                                                \
      printf("FAIL line %d: ", __LINE__);                                      \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
      if (++failures > 20)                                                     \
        exit(1);                                                               \
    }                                                                          \
  } while (0)

// The loop's state, in two regions: a step counter with a hash of the path,
// and a small array that each step changes.
typedef struct {
  int64_t cur;
  uint64_t h;
} Head;

typedef struct {
  Head head;
  double v[3];
  int64_t n;         // The trip count advance reports against.
  int64_t stop_at;   // Misbehaviour: advance of this step says "stop".
  int64_t ruin_at;   // ... or says so only when run again.
  int64_t advances;  // Steps run by advance.
  uint64_t *ref;     // ref[i]: the hash before step i.
  // The "tape": what record pushed, popped by adjoint.
  Head *tape;
  int64_t depth, max_depth, capacity;
  int64_t expect; // The step the next adjoint must be for.
  int64_t adjoints;
  void (*inner)(void); // Run in each adjoint (nesting test).
} Toy;

static void step(Toy *t) {
  Head *h = &t->head;
  h->h = h->h * 6364136223846793005ULL + (uint64_t)h->cur + 1442695040888963407ULL;
  t->v[h->cur % 3] += 0.5;
  ++h->cur;
}

static int toy_advance(void *ctx) {
  Toy *t = ctx;
  int64_t i = t->head.cur;
  ++t->advances;
  step(t);
  if (i == t->stop_at)
    return 0;
  if (i == t->ruin_at && t->adjoints > 0)
    return 0;
  return t->n < 0 ? 1 : t->head.cur < t->n;
}

static int64_t toy_record(void *ctx) {
  Toy *t = ctx;
  if (t->depth == t->capacity) {
    t->capacity = t->capacity ? 2 * t->capacity : 64;
    t->tape = realloc(t->tape, (size_t)t->capacity * sizeof *t->tape);
  }
  t->tape[t->depth++] = t->head;
  if (t->depth > t->max_depth)
    t->max_depth = t->depth;
  step(t);
  return (int64_t)sizeof *t->tape;
}

static void toy_adjoint(void *ctx) {
  Toy *t = ctx;
  EXPECT(t->depth > 0, "adjoint with nothing recorded");
  if (t->depth == 0)
    return;
  Head h = t->tape[--t->depth];
  EXPECT(h.cur == t->expect, "adjoint of step %" PRId64 ", expected %" PRId64,
         h.cur, t->expect);
  if (t->ref && h.cur >= 0)
    EXPECT(h.h == t->ref[h.cur], "step %" PRId64 " recorded from a wrong state",
           h.cur);
  --t->expect;
  ++t->adjoints;
  if (t->inner)
    t->inner();
}

static uint64_t *reference(int64_t n) {
  Toy t = {.n = n};
  uint64_t *ref = malloc((size_t)(n + 1) * sizeof *ref);
  for (int64_t i = 0; i <= n; ++i) {
    ref[i] = t.head.h;
    step(&t);
  }
  return ref;
}

// Runs one checkpointed loop of n steps; `given` is the n the driver is told
// (-1: run until advance says stop, which it does after step n-1).
static eddy_checkpoint_stats run(int kind, int64_t param, int64_t n,
                                 int64_t given, uint64_t *ref) {
  Toy t = {.n = n, .stop_at = -1, .ruin_at = -1, .ref = ref};
  t.head.h = ref[0];
  eddy_region regions[2] = {{&t.head, sizeof t.head}, {t.v, sizeof t.v}};
  eddy_steps steps = {&t, toy_advance, toy_record, toy_adjoint};
  void *c = __eddy_ckpt_forward(kind, param, given, regions, 2, NULL, 0, &steps,
                                "toy");
  EXPECT(t.head.cur == n && t.head.h == ref[n],
         "forward left step %" PRId64 " for %" PRId64, t.head.cur, n);
  // Code after the loop changes the state; reverse must give that back.
  t.head.h = 12345;
  t.v[1] = -7.0;
  Head after = t.head;
  t.expect = n - 1;
  eddy_steps again = steps; // Another object: the reverse call's own.
  __eddy_ckpt_reverse(c, regions, 2, NULL, 0, &again);
  EXPECT(t.adjoints == n, "%" PRId64 " adjoints for %" PRId64 " steps",
         t.adjoints, n);
  EXPECT(t.depth == 0, "tape not empty");
  EXPECT(t.head.cur == after.cur && t.head.h == after.h && t.v[1] == -7.0,
         "memory not restored");
  free(t.tape);
  eddy_checkpoint_stats s;
  eddy_checkpoint_last_stats(&s);
  EXPECT(s.steps == n && s.records == n, "steps %" PRId64 " records %" PRId64,
         s.steps, s.records);
  EXPECT(s.forward_advances + s.reverse_advances == t.advances,
         "advances counted %" PRId64 ", run %" PRId64,
         s.forward_advances + s.reverse_advances, t.advances);
  if (kind == EDDY_CKPT_PERIODIC)
    EXPECT(t.max_depth <= param, "periodic tape held %" PRId64 " steps",
           t.max_depth);
  else if (kind == EDDY_CKPT_BUDGET)
    EXPECT(t.max_depth == n || t.max_depth <= 2,
           "budget: tape held %" PRId64 " steps", t.max_depth);
  else
    EXPECT(t.max_depth == 1, "tape held %" PRId64 " steps", t.max_depth);
  return s;
}

// C(a, b), exactly for the small values used here.
static int64_t choose(int64_t a, int64_t b) {
  if (b < 0 || b > a)
    return 0;
  int64_t c = 1;
  for (int64_t k = 1; k <= b; ++k)
    c = c * (a - b + k) / k;
  return c;
}

// Revolve's minimum: r n - C(S+r, S+1), r least with C(S+r, S) >= n.
static int64_t revolve_advances(int64_t n, int64_t S) {
  int64_t r = 0;
  while (choose(S + r, S) < n)
    ++r;
  return r * n - choose(S + r, S + 1);
}

#define MAXN 200
#define MAXS 8
// dp[n][s]: the fewest advances that reverse n steps from a snapshot of the
// first state with s slots (that one included): try every first snapshot m.
static int64_t dp[MAXN + 1][MAXS + 1];

static void dynamic_program(void) {
  for (int s = 1; s <= MAXS; ++s)
    dp[1][s] = 0;
  for (int n = 2; n <= MAXN; ++n) {
    dp[n][1] = (int64_t)n * (n - 1) / 2;
    for (int s = 2; s <= MAXS; ++s) {
      int64_t best = INT64_MAX;
      for (int m = 1; m < n; ++m) {
        int64_t c = m + dp[n - m][s - 1] + dp[m][s];
        if (c < best)
          best = c;
      }
      dp[n][s] = best;
    }
  }
}

static int64_t state_bytes(void) { return sizeof(Head) + 3 * sizeof(double); }

static void binomial(uint64_t *ref) {
  dynamic_program();
  int loops = 0;
  for (int64_t n = 1; n <= MAXN; ++n)
    for (int64_t S = 1; S <= MAXS; ++S) {
      eddy_checkpoint_stats s = run(EDDY_CKPT_BINOMIAL, S, n, n, ref);
      int64_t adv = s.forward_advances + s.reverse_advances;
      EXPECT(adv == revolve_advances(n, S) && adv == dp[n][S],
             "n=%" PRId64 " S=%" PRId64 ": %" PRId64 " advances, formula %"
             PRId64 ", minimum %" PRId64,
             n, S, adv, revolve_advances(n, S), dp[n][S]);
      EXPECT(s.peak_snapshot_bytes <= S * state_bytes(),
             "n=%" PRId64 " S=%" PRId64 ": %" PRId64 " snapshot bytes", n, S,
             s.peak_snapshot_bytes);
      EXPECT(s.forward_advances == (n >= 2 ? n - 1 : 0),
             "forward ran %" PRId64 " of %" PRId64, s.forward_advances, n);
      ++loops;
    }
  printf("binomial: %d loops %s\n", loops, failures ? "FAILED" : "ok");
}

static void binomial_large(void) {
  int64_t n = 1000000, S = 32;
  uint64_t *ref = reference(n);
  eddy_checkpoint_stats s = run(EDDY_CKPT_BINOMIAL, S, n, n, ref);
  printf("binomial n=%" PRId64 " S=%" PRId64 ": %" PRId64
         " advances (formula %" PRId64 "), peak %" PRId64 " snapshots\n",
         n, S, s.forward_advances + s.reverse_advances,
         revolve_advances(n, S), s.peak_snapshot_bytes / state_bytes());
  free(ref);
}

// The tape budget: step 0's tape (sizeof(Head) bytes here) decides. With
// room for all n, every step is recorded and nothing runs again; without,
// steps 1..n-1 are reversed binomially on the snapshots the rest of the
// budget holds (here 2), step 0's tape waiting at the bottom.
static void budget(uint64_t *ref) {
  int loops = 0;
  for (int64_t n = 1; n <= MAXN; ++n) {
    eddy_checkpoint_stats all = run(EDDY_CKPT_BUDGET, n * sizeof(Head), n, n, ref);
    EXPECT(all.forward_advances + all.reverse_advances == 0 && all.snapshots == 0,
           "budget n=%" PRId64 ": taped run advanced %" PRId64, n,
           all.forward_advances + all.reverse_advances);
    eddy_checkpoint_stats few =
        run(EDDY_CKPT_BUDGET, 2 * sizeof(Head), n, n, ref);
    int64_t want = n > 2 ? revolve_advances(n - 1, 2) : 0;
    EXPECT(few.forward_advances + few.reverse_advances == want,
           "budget n=%" PRId64 ": %" PRId64 " advances, want %" PRId64, n,
           few.forward_advances + few.reverse_advances, want);
    loops += 2;
  }
  // The thread's override wins over the compiled budget.
  eddy_set_tape_budget((size_t)1 << 30);
  eddy_checkpoint_stats over = run(EDDY_CKPT_BUDGET, 1, 50, 50, ref);
  EXPECT(over.forward_advances + over.reverse_advances == 0,
         "budget override ignored: %" PRId64 " advances",
         over.forward_advances + over.reverse_advances);
  eddy_set_tape_budget(0);
  printf("budget: %d loops %s\n", loops + 1, failures ? "FAILED" : "ok");
}

static void periodic(uint64_t *ref) {
  int loops = 0;
  for (int64_t n = 1; n <= 100; ++n)
    for (int64_t K = 1; K <= 4; ++K) {
      int64_t given = (n + K) % 2 ? n : -1; // Known and unknown counts.
      eddy_checkpoint_stats s = run(EDDY_CKPT_PERIODIC, K, n, given, ref);
      EXPECT(s.forward_advances == n && s.reverse_advances == 0,
             "periodic advances %" PRId64 "+%" PRId64, s.forward_advances,
             s.reverse_advances);
      EXPECT(s.snapshots == (n + K - 1) / K &&
                 s.peak_snapshot_bytes == s.snapshots * state_bytes(),
             "periodic n=%" PRId64 " K=%" PRId64 ": %" PRId64 " snapshots",
             n, K, s.snapshots);
      ++loops;
    }
  printf("periodic: %d loops %s\n", loops, failures ? "FAILED" : "ok");
}

static void online(uint64_t *ref) {
  int loops = 0;
  for (int64_t n = 1; n <= MAXN; ++n)
    for (int64_t S = 1; S <= MAXS; ++S) {
      eddy_checkpoint_stats s = run(EDDY_CKPT_ONLINE, S, n, -1, ref);
      EXPECT(s.forward_advances == n, "online forward %" PRId64,
             s.forward_advances);
      EXPECT(s.peak_snapshot_bytes <= S * state_bytes(),
             "online n=%" PRId64 " S=%" PRId64 ": %" PRId64 " bytes", n, S,
             s.peak_snapshot_bytes);
      ++loops;
    }
  printf("online: %d loops %s\n", loops, failures ? "FAILED" : "ok");
}

// A checkpointed loop in each adjoint of another: the statistics are the
// outer loop's.
static uint64_t *inner_ref;
static void inner_loop(void) {
  Toy t = {.n = 7, .stop_at = -1, .ruin_at = -1, .ref = inner_ref, .expect = 6};
  t.head.h = inner_ref[0];
  eddy_region regions[1] = {{&t.head, sizeof t.head}};
  eddy_steps steps = {&t, toy_advance, toy_record, toy_adjoint};
  __eddy_ckpt_reverse(__eddy_ckpt_forward(EDDY_CKPT_BINOMIAL, 2, 7, regions, 1,
                                          NULL, 0, &steps, "inner"),
                      regions, 1, NULL, 0, &steps);
  EXPECT(t.adjoints == 7, "inner loop: %" PRId64 " adjoints", t.adjoints);
  free(t.tape);
}

static void nested(uint64_t *ref) {
  inner_ref = ref;
  Toy t = {.n = 20, .stop_at = -1, .ruin_at = -1, .ref = ref, .expect = 19,
           .inner = inner_loop};
  t.head.h = ref[0];
  eddy_region regions[2] = {{&t.head, sizeof t.head}, {t.v, sizeof t.v}};
  eddy_steps steps = {&t, toy_advance, toy_record, toy_adjoint};
  __eddy_ckpt_reverse(__eddy_ckpt_forward(EDDY_CKPT_BINOMIAL, 3, 20, regions,
                                          2, NULL, 0, &steps, "toy"),
                      regions, 2, NULL, 0, &steps);
  free(t.tape);
  eddy_checkpoint_stats s;
  eddy_checkpoint_last_stats(&s);
  EXPECT(s.steps == 20 && s.forward_advances + s.reverse_advances ==
                              revolve_advances(20, 3),
         "nested: stats of a %" PRId64 "-step loop", s.steps);
  printf("nested: outer stats %s\n", failures ? "FAILED" : "kept");
}

// Misbehaving loops: one that ends before its trip count, one whose step
// ends the loop only when run again.
static void misbehave(int early) {
  Toy t = {.n = 10, .stop_at = early ? 4 : -1, .ruin_at = early ? -1 : 6,
           .expect = 9};
  eddy_region regions[1] = {{&t.head, sizeof t.head}};
  eddy_steps steps = {&t, toy_advance, toy_record, toy_adjoint};
  void *c = __eddy_ckpt_forward(EDDY_CKPT_BINOMIAL, 2, 10, regions, 1, NULL, 0,
                                &steps, "toy");
  __eddy_ckpt_reverse(c, regions, 1, NULL, 0, &steps);
  printf("not stopped\n");
}

int main(int argc, char **argv) {
  if (argc > 1) {
    misbehave(strcmp(argv[1], "early") == 0);
    return 0;
  }
  eddy_checkpoint_stats none;
  eddy_checkpoint_last_stats(&none);
  EXPECT(none.steps == 0 && none.snapshots == 0, "stats before any loop");
  // The table in docs/checkpointing.md.
  EXPECT(revolve_advances(1000, 4) == 7998 && revolve_advances(1000, 16) == 2860 &&
             revolve_advances(1000, 64) == 1934 &&
             revolve_advances(1000000, 4) == 54008456 &&
             revolve_advances(1000000, 16) == 7918425 &&
             revolve_advances(1000000, 64) == 4135499,
         "docs/checkpointing.md's table");
  uint64_t *ref = reference(MAXN);
  binomial(ref);
  binomial_large();
  periodic(ref);
  budget(ref);
  online(ref);
  nested(ref);
  free(ref);
  printf(failures ? "FAILED\n" : "all ok\n");
  return failures != 0;
}
