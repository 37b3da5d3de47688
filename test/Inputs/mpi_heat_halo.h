/*===- mpi_heat_halo.h - The driver of the MPI halo-exchange tests -*- C -*-===*
 *
 * Shared by test/MPI/heat-halo.c and nonblocking.c, which differ only in how
 * the halo is exchanged. The including file defines N, STEPS, step(),
 * weight(), the globals rank/size/n/offset/left/right, and two exchanges:
 *   exchange_a(u, n, left, right), named HALO_A in the output;
 *   exchange_b(u, n, left, right), named HALO_B.
 * This file defines the losses, the reverse and forward requests, and main:
 * every check against the serial program, central differences and the
 * other mode (see heat-halo.c's header).
 *===----------------------------------------------------------------------===*/
#ifndef MPI_HEAT_HALO_H
#define MPI_HEAT_HALO_H

/* This rank's cells u0[0..n) are global cells offset..offset+n-1. */
static double run(const double *u0, double k, int n, int offset, int left,
                  int right, int pairs) {
  double *u = calloc(n + 2, sizeof(double));
  double *v = calloc(n + 2, sizeof(double));
  for (int i = 0; i < n; ++i)
    u[i + 1] = u0[i];
  for (int t = 0; t < STEPS; ++t) {
    if (pairs)
      exchange_b(u, n, left, right);
    else
      exchange_a(u, n, left, right);
    step(u, v, k, n);
  }
  double local = 0.0;
  for (int i = 1; i <= n; ++i)
    local += weight(offset + i - 1) * u[i] * u[i];
  double global;
  MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  free(u);
  free(v);
  return global;
}

void loss_a(const double *u0, double k, int n, int offset, int left,
                   int right, double *out) {
  *out = run(u0, k, n, offset, left, right, 0);
}
void loss_b(const double *u0, double k, int n, int offset, int left,
                int right, double *out) {
  *out = run(u0, k, n, offset, left, right, 1);
}
double loss_returned(const double *u0, double k, int n, int offset, int left,
                     int right) {
  return run(u0, k, n, offset, left, right, 0);
}

/* The serial program: the same cells, no MPI. */
void loss_serial(const double *u0, double k, double *out) {
  double u[N + 2] = {0}, v[N + 2];
  for (int i = 0; i < N; ++i)
    u[i + 1] = u0[i];
  for (int t = 0; t < STEPS; ++t)
    step(u, v, k, N);
  double s = 0.0;
  for (int i = 1; i <= N; ++i)
    s += weight(i - 1) * u[i] * u[i];
  *out = s;
}

static int rank, size, n, offset, left, right;

static double parallel_loss(const double *u0g, double k) {
  double out;
  loss_a(u0g + offset, k, n, offset, left, right, &out);
  return out;
}

/* This rank's part of a reverse gradient: gathered on rank 0 (dug), the
   adjoints of k summed there (*dk). One function per exchange. */
#define GRADIENT(NAME, LOSS)                                                   \
  __attribute__((noinline)) static void NAME(const double *u0g, double k,     \
                                             double *dug, double *dk) {       \
    double du[N] = {0}, out, dout = rank == 0 ? 1.0 : 0.0;                     \
    double dkl = __enzyme_autodiff((void *)LOSS, enzyme_dup, u0g + offset, du, \
                                   k, n, offset, left, right, enzyme_dup,      \
                                   &out, &dout);                               \
    MPI_Gather(du, n, MPI_DOUBLE, dug, n, MPI_DOUBLE, 0, MPI_COMM_WORLD);      \
    MPI_Reduce(&dkl, dk, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);           \
  }
GRADIENT(gradient_a, loss_a)
GRADIENT(gradient_b, loss_b)

/* Forward mode along (w, wk); every rank's tangent gathered on rank 0. */
#define TANGENT(NAME, LOSS)                                                    \
  __attribute__((noinline)) static double NAME(                                \
      const double *u0g, double k, const double *w, double wk, double *all) {  \
    double out, dout = 0.0;                                                    \
    __enzyme_fwddiff((void *)LOSS, enzyme_dup, u0g + offset, w + offset, k,    \
                     wk, n, offset, left, right, enzyme_dup, &out, &dout);     \
    MPI_Gather(&dout, 1, MPI_DOUBLE, all, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);   \
    return dout;                                                               \
  }
TANGENT(tangent_a, loss_a)
TANGENT(tangent_b, loss_b)

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (N % size != 0) { /* Every rank owns the same number of cells. */
    if (rank == 0)
      printf("FAIL: run on a number of ranks that divides %d\n", N);
    MPI_Finalize();
    return 1;
  }
  n = N / size;
  offset = rank * n;
  left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
  right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;

  double u0g[N], w[N], k = 0.23, wk = 0.5;
  for (int g = 0; g < N; ++g) {
    u0g[g] = 0.5 + 0.4 * sin(0.7 * g);
    w[g] = cos(1.3 * g);
  }

  /* The serial references, on rank 0. */
  double ser_out, ser_du[N] = {0}, ser_dout = 1.0, ser_dk = 0.0, ser_t = 0.0;
  if (rank == 0) {
    ser_dk = __enzyme_autodiff((void *)loss_serial, enzyme_dup, u0g, ser_du, k,
                               enzyme_dup, &ser_out, &ser_dout);
    double o, d = 0.0;
    __enzyme_fwddiff((void *)loss_serial, enzyme_dup, u0g, w, k, wk,
                     enzyme_dup, &o, &d);
    ser_t = d;
    printf("serial loss %.15g on %d rank(s)\n", ser_out, size);
  }

  double par_out = parallel_loss(u0g, k);
  if (rank == 0)
    eddy_check("loss equals the serial loss", par_out, ser_out);

  char name[96];
  for (int pairs = 0; pairs < 2; ++pairs) {
    const char *how = pairs ? HALO_B : HALO_A;
    double dug[N], dk;
    double all[4], t;
    if (pairs) {
      gradient_b(u0g, k, dug, &dk);
      t = tangent_b(u0g, k, w, wk, all);
    } else {
      gradient_a(u0g, k, dug, &dk);
      t = tangent_a(u0g, k, w, wk, all);
    }
    if (rank != 0)
      continue;
    double dot = dk * wk;
    for (int g = 0; g < N; ++g) {
      snprintf(name, sizeof name, "%s reverse d/du0[%d] = serial", how, g);
      eddy_check(name, dug[g], ser_du[g]);
      dot += dug[g] * w[g];
    }
    snprintf(name, sizeof name, "%s reverse d/dk = serial", how);
    eddy_check(name, dk, ser_dk);
    snprintf(name, sizeof name, "%s forward = serial forward", how);
    eddy_check(name, t, ser_t);
    snprintf(name, sizeof name, "%s forward = reverse . direction", how);
    eddy_check_tol(name, t, dot, 1e-11, 1e-13);
    for (int r = 1; r < size; ++r) {
      snprintf(name, sizeof name, "%s forward: rank %d's tangent = rank 0's",
               how, r);
      eddy_check(name, all[r], t);
    }
  }

  /* Central finite differences of the parallel loss (every rank runs it). */
  double dug[N], dk;
  gradient_a(u0g, k, dug, &dk);
  for (int g = 0; g <= N; ++g) {
    double x[N], kk = k;
    memcpy(x, u0g, sizeof x);
    double *p = g < N ? &x[g] : &kk, x0 = *p, h = eddy_fd_step(x0);
    *p = x0 + h;
    double up = parallel_loss(x, kk);
    *p = x0 - h;
    double down = parallel_loss(x, kk);
    if (rank == 0) {
      snprintf(name, sizeof name, "reverse d/d%s[%d] = central differences",
               g < N ? "u0" : "k", g);
      eddy_check_fd(name, g < N ? dug[g] : dk, (up - down) / (2 * h));
    }
  }

  /* A returned loss is seeded 1 on every rank: P times the gradient. */
  double du[N] = {0}, dur[N];
  __enzyme_autodiff((void *)loss_returned, enzyme_dup, u0g + offset, du, k, n,
                    offset, left, right);
  MPI_Gather(du, n, MPI_DOUBLE, dur, n, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  int failed = 0;
  if (rank == 0) {
    for (int g = 0; g < N; ++g) {
      snprintf(name, sizeof name, "returned loss: d/du0[%d] = P x serial", g);
      eddy_check(name, dur[g], size * ser_du[g]);
    }
    failed = eddy_summary();
  }
  MPI_Bcast(&failed, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return failed;
}

#endif /* MPI_HEAT_HALO_H */
