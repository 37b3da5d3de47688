/*
 * The pragma's forms compile without a warning in every C mode, with
 * -Wall -Wextra -pedantic (and a few stricter warnings), with the pragma
 * after statements (C89's declaration rules) and as _Pragma.
 * RUN: %eddy-clang -std=c89 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 * RUN: %eddy-clang -std=gnu89 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 * RUN: %eddy-clang -std=c99 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 * RUN: %eddy-clang -std=c11 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 * RUN: %eddy-clang -std=c17 -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 * RUN: %eddy-clang -std=c2x -Wall -Wextra -pedantic -Wdeclaration-after-statement -Wmissing-prototypes -Wredundant-decls -Wshadow -Werror -Wno-unused-command-line-argument -fsyntax-only %s
 */
#define SNAPSHOTS 32
#define CHECKPOINT _Pragma("eddy checkpoint(periodic, every(10))")
enum { Every = 4 };

void step(double *u, int i);
void run(double *u, int n);

void run(double *u, int n) {
  int t;
  t = 0;
#pragma eddy checkpoint(binomial, snapshots(SNAPSHOTS))
  for (t = 0; t < n; ++t)
    step(u, t);
  t = 0;
#pragma eddy checkpoint(online, snapshots(3))
  while (u[0] > 1.0)
    step(u, t++);
#pragma eddy checkpoint(periodic, every(Every * 2))
  do {
    step(u, t);
  } while (--t > 0);
  CHECKPOINT
  for (t = 0; t < n; ++t) {
#pragma eddy checkpoint(binomial, snapshots(2))
    while (u[1] > 0.0)
      step(u, t);
  }
}
