/*===- eddy_revolve.h - Revolve's minimum, independently of Eddy -*- C -*-===*
 *
 * The fewest plain steps (forward and backward sweeps together) that reverse
 * n steps with s snapshot slots, one of them holding the initial state:
 *   t(1, s) = 0,  t(n, 1) = n(n-1)/2,
 *   t(n, s) = min over 1 <= m < n of  m + t(n-m, s-1) + t(m, s),
 * by dynamic programming (O(n^2 s)), for the checkpointing tests to compare
 * eddy_checkpoint_last_stats against. n <= EDDY_REVOLVE_MAXN, s <= 16.
 *===----------------------------------------------------------------------===*/
#ifndef EDDY_REVOLVE_H
#define EDDY_REVOLVE_H

#ifndef EDDY_REVOLVE_MAXN
#define EDDY_REVOLVE_MAXN 1000
#endif

static inline long eddy_revolve_minimum(int n, int s) {
  static long T[EDDY_REVOLVE_MAXN + 1][17];
  for (int l = 1; l <= n; ++l)
    for (int k = 1; k <= s; ++k) {
      if (l == 1) { T[l][k] = 0; continue; }
      if (k == 1) { T[l][k] = (long)l * (l - 1) / 2; continue; }
      long best = -1;
      for (int m = 1; m < l; ++m) {
        long c = m + T[l - m][k - 1] + T[m][k];
        if (best < 0 || c < best)
          best = c;
      }
      T[l][k] = best;
    }
  return T[n][s];
}

#endif /* EDDY_REVOLVE_H */
