/*===- RequestBudget.c - One request's tape budget ------------------------===*
 *
 * A reverse request with its own budget (`eddy_tape_budget, B` in the request
 * ABI, eddy::tape_budget(B) in eddy.hpp) is served by a gradient whose
 * outermost counted loops run the checkpoint driver's budget schedule
 * (Checkpoint.c, EDDY_CKPT_BUDGET). The passes wrap the call of that
 * gradient in
 *
 *     old = __eddy_request_budget_enter(B, "f");
 *     ... the gradient ...
 *     __eddy_request_budget_leave(old);
 *
 * The driver already takes the thread's override (eddy_set_tape_budget) over
 * the compiled budget, so the request's B goes there while the gradient
 * runs: a run-time value, used whatever budget (or none) the compilation
 * had. The thread's own setting is put back afterwards. Kept apart from the
 * driver, whose behaviour this does not change.
 *===----------------------------------------------------------------------===*/
#include "EddyRuntime.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

/* Checkpoint.c: the thread's override of the compiled budget. */
extern _Thread_local uint64_t __eddy_tape_budget_override;

/* Sets the thread's budget to `bytes` (>= 1, or the program stops with a
 * message naming `function`) and returns the setting it replaced. */
uint64_t __eddy_request_budget_enter(int64_t bytes, const char *function);
/* Puts back what __eddy_request_budget_enter returned. */
void __eddy_request_budget_leave(uint64_t saved);

uint64_t __eddy_request_budget_enter(int64_t bytes, const char *function) {
  if (bytes < 1) {
    fprintf(stderr,
            "eddy: the tape budget of the gradient of '%s' is %" PRId64
            " bytes; a budget must be at least 1 byte "
            "(eddy::tape_budget, eddy_tape_budget)\n",
            function, bytes);
    abort();
  }
  uint64_t saved = __eddy_tape_budget_override;
  __eddy_tape_budget_override = (uint64_t)bytes;
  return saved;
}

void __eddy_request_budget_leave(uint64_t saved) {
  __eddy_tape_budget_override = saved;
}
