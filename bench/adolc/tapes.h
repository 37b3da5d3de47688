//===- bench/adolc/tapes.h - ADOL-C tapes of the benchmark kernels ----------===//
//
// Compiled without the Eddy plugin. Each record* function tapes one kernel
// with ADOL-C's adouble at the given point (outside any timed region) and
// returns the tape's tag; the timed calls replay it with ADOL-C's drivers.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_ADOLC_TAPES_H
#define EDDY_BENCH_ADOLC_TAPES_H

/// P = [alphas (K), means (K d), icf (K d(d+1)/2)].
short adolc_record_gmm(int d, int K, int n, const double *P, const double *x,
                       double gamma, int m);
/// P = [main (8 l b), extra (3 b)].
short adolc_record_lstm(int l, int c, int b, const double *P,
                        const double *state, const double *seq);
/// One observation: P = [cam (11), X (3), w (1), feature (2)], 2 outputs.
/// The feature is an independent too, so that one tape serves every
/// observation; its two Jacobian columns are not used.
short adolc_record_ba(const double *P);
short adolc_record_mlp(const double *p, const double *X, const int *labels,
                       int batch);
/// P = [u (n), r].
short adolc_record_heat(const double *P, int n, int steps);
short adolc_record_curve(const double *p, const double *t, int m);

/// Replays: gradient of a scalar tape, Jacobian (row-major m x n into J).
void adolc_gradient(short Tag, int N, const double *X, double *G);
void adolc_jacobian(short Tag, int M, int N, const double *X, double **J);
double **adolc_matrix(int M, int N);
void adolc_free_matrix(double **J);

#endif
