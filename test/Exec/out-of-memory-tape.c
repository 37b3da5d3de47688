// Never a bare abort: a gradient whose tape cannot be allocated prints one
// line naming the differentiated function, the bytes it asked for and the
// remedy, then calls the handler installed with
// eddy_set_out_of_memory_handler (here: it exits with 3), else aborts. The
// loop's trip count is known when it starts, so the tape is reserved up front:
// 2^50 iterations ask for 2^54 bytes, more than any x86-64 address space, and
// the request fails at once. (Under ASan it must return null rather than stop
// first; and where the tape is not reserved up front — at -O0 with ASan the
// loop's trip count is not found — it grows by doubling until ASan refuses a
// block over 64 MiB.)
// The C API is defined by the runtime Eddy links into this module: no library
// is linked. eddy_checkpoint_last_stats is all zeros before any checkpointed
// loop.
// RUN: %eddy-clang -O0 %s -o %t0
// RUN: %eddy-clang -O1 %s -o %t1
// RUN: %eddy-clang -O2 %s -o %t2
// RUN: %eddy-clang -O3 %s -o %t3
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not --crash %run %t0 2>&1 | FileCheck %s
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not --crash %run %t1 2>&1 | FileCheck %s
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not --crash %run %t2 2>&1 | FileCheck %s
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not --crash %run %t3 2>&1 | FileCheck %s
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not %run %t0 handler 2>&1 | FileCheck %s --check-prefixes=CHECK,HANDLER
// RUN: env ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:max_allocation_size_mb=64 not %run %t3 handler 2>&1 | FileCheck %s --check-prefixes=CHECK,HANDLER
// CHECK: stats 0 0 0 0 0 0
// CHECK: eddy: out of memory: the gradient of 'heat' asked for [[BYTES:[0-9]+]] bytes of tape; checkpoint its time loop with '#pragma eddy checkpoint(binomial, snapshots(S))' (docs/checkpointing.md)
// HANDLER-NEXT: handler: 'heat' user-data [[BYTES]] bytes
// CHECK-NOT: not reached
#include <eddy/eddy.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

double heat(double x, long n) {
  double y = x;
  for (long i = 0; i < n; ++i)
    y = sin(y) * x;
  return y;
}

static void handler(const char *function, size_t bytes, void *user) {
  fprintf(stderr, "handler: '%s' %s %zu bytes\n", function, (const char *)user,
          bytes);
  _exit(3);
}

int main(int argc, char **argv) {
  eddy_checkpoint_stats s;
  memset(&s, 0xff, sizeof s);
  eddy_checkpoint_last_stats(&s);
  printf("stats %lld %lld %lld %lld %lld %lld\n", (long long)s.steps,
         (long long)s.forward_advances, (long long)s.reverse_advances,
         (long long)s.records, (long long)s.snapshots,
         (long long)s.peak_snapshot_bytes);
  fflush(stdout);
  if (argc > 1)
    eddy_set_out_of_memory_handler(handler, "user-data");
  double d = __enzyme_autodiff((void *)heat, 0.5, enzyme_const, 1L << 50);
  printf("not reached %g\n", d);
  return 0;
}
