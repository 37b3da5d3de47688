/*===- OutOfMemory.c - Never a bare abort --------------------------------===*
 *
 * The generated code calls __eddy_out_of_memory when the tape, a shadow or a
 * checkpoint snapshot cannot be allocated: one line on stderr that names the
 * function, the bytes and the remedy, the user's handler, then abort().
 *
 * The handler lives in one global per program: the runtime is linked into
 * every module that differentiates, with linkonce_odr linkage and default
 * visibility for this global, so the copies merge at link time (and across
 * shared objects, by symbol interposition).
 *===----------------------------------------------------------------------===*/
#include "EddyRuntime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Not static: it must be one object in the whole program. */
struct eddy_oom_handler_slot {
  eddy_out_of_memory_handler handler;
  void *user;
} __eddy_oom_handler;

void eddy_set_out_of_memory_handler(eddy_out_of_memory_handler handler,
                                    void *user) {
  __eddy_oom_handler.handler = handler;
  __eddy_oom_handler.user = user;
}

/* What the user can do about it, by what could not be allocated. */
static const char *remedy(const char *what) {
  if (strcmp(what, "tape") == 0 || strcmp(what, "split-mode tape") == 0)
    return "; checkpoint its time loop with '#pragma eddy checkpoint(binomial, "
           "snapshots(S))' (docs/checkpointing.md)";
  if (strcmp(what, "checkpoint snapshots") == 0)
    return "; give its '#pragma eddy checkpoint' fewer snapshots "
           "(docs/checkpointing.md)";
  if (strcmp(what, "shadow memory") == 0)
    return " (a shadow is as large as the block it mirrors); free memory "
           "before the call or make the blocks smaller";
  return "";
}

_Noreturn void __eddy_out_of_memory(const char *function, uint64_t bytes,
                                    const char *what) {
  if (!function)
    function = "?";
  if (!what)
    what = "memory";
  /* Tape and snapshots are reverse mode's; shadows serve both modes. */
  const char *kind = strcmp(what, "shadow memory") == 0 ? "derivative" : "gradient";
  /* No stdio buffer, no allocation: the heap is what just failed. */
  char line[768];
  int len = snprintf(line, sizeof line,
                     "eddy: out of memory: the %s of '%.256s' asked for %llu "
                     "bytes of %s%s\n",
                     kind, function, (unsigned long long)bytes, what,
                     remedy(what));
  if (len < 0)
    len = 0;
  if ((size_t)len >= sizeof line) { /* Truncated: still one line. */
    len = sizeof line - 1;
    line[len - 1] = '\n';
  }
  for (int done = 0; done < len;) {
    ssize_t k = write(2, line + done, (size_t)(len - done));
    if (k <= 0)
      break;
    done += (int)k;
  }
  eddy_out_of_memory_handler handler = __eddy_oom_handler.handler;
  if (handler)
    handler(function, (size_t)bytes, __eddy_oom_handler.user);
  abort();
}
