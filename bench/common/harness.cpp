//===- bench/common/harness.cpp - Timing, checking and memory -------------===//
//
// Compiled WITHOUT the Eddy plugin. Defines malloc & co. on top of glibc's
// __libc_* functions so the executable's (and libstdc++'s, ADOL-C's) heap
// traffic can be counted around one call.
//===----------------------------------------------------------------------===//
#include "harness.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <malloc.h>

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
void *__libc_memalign(size_t, size_t);
}

namespace {
bool Counting = false;
long long Cur = 0, Peak = 0;
inline void up(void *P) {
  if (Counting && P) {
    Cur += (long long)malloc_usable_size(P);
    Peak = std::max(Peak, Cur);
  }
}
inline void down(void *P) {
  if (Counting && P)
    Cur -= (long long)malloc_usable_size(P);
}
} // namespace

extern "C" {
void *malloc(size_t N) {
  void *P = __libc_malloc(N);
  up(P);
  return P;
}
void *calloc(size_t N, size_t S) {
  void *P = __libc_calloc(N, S);
  up(P);
  return P;
}
void *realloc(void *Old, size_t N) {
  down(Old);
  void *P = __libc_realloc(Old, N);
  up(P ? P : (N ? nullptr : nullptr));
  if (!P && N && Old)
    up(Old); // realloc failed: the old block is still live
  return P;
}
void free(void *P) {
  down(P);
  __libc_free(P);
}
void *memalign(size_t A, size_t N) {
  void *P = __libc_memalign(A, N);
  up(P);
  return P;
}
void *aligned_alloc(size_t A, size_t N) { return memalign(A, N); }
int posix_memalign(void **Out, size_t A, size_t N) {
  void *P = memalign(A, N);
  if (!P)
    return 12; // ENOMEM
  *Out = P;
  return 0;
}
}

namespace bh {

void memStart() {
  Cur = Peak = 0; // blocks freed during the window but allocated before it
                  // make Cur negative, never Peak.
  Counting = true;
}
size_t memPeakBytes() { return (size_t)std::max(0LL, Peak); }
void memStop() { Counting = false; }

Options parseOptions(int Argc, char **Argv) {
  Options O;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    auto Next = [&]() -> const char * {
      if (I + 1 >= Argc) {
        fprintf(stderr, "missing value after %s\n", A.c_str());
        exit(2);
      }
      return Argv[++I];
    };
    if (A == "--smoke")
      O.Smoke = true;
    else if (A == "--reps")
      O.Reps = atoi(Next());
    else if (A == "--min-time")
      O.MinTime = atof(Next());
    else if (A == "--max-method-time")
      O.MaxMethodTime = atof(Next());
    else if (A == "--out")
      O.Out = Next();
    else if (A == "--data")
      O.DataDir = Next();
    else {
      fprintf(stderr, "unknown option %s\n", A.c_str());
      exit(2);
    }
  }
  return O;
}

double availableGB() {
  FILE *F = fopen("/proc/meminfo", "r");
  if (!F)
    return 1e9;
  char Line[256];
  double KB = 1e12;
  while (fgets(Line, sizeof Line, F))
    if (sscanf(Line, "MemAvailable: %lf kB", &KB) == 1)
      break;
  fclose(F);
  return KB / 1e6;
}

double relErr(const double *A, const double *B, size_t N) {
  double E = 0, S = 1e-300;
  for (size_t I = 0; I < N; ++I) {
    if (!std::isfinite(A[I]))
      return INFINITY;
    E = std::max(E, std::fabs(A[I] - B[I]));
    S = std::max(S, std::fabs(B[I]));
  }
  return E / S;
}

double relErrAt(const double *A, const double *B, const std::vector<size_t> &Idx) {
  double E = 0, S = 1e-300;
  for (size_t I : Idx) {
    if (!std::isfinite(A[I]))
      return INFINITY;
    E = std::max(E, std::fabs(A[I] - B[I]));
    S = std::max(S, std::fabs(B[I]));
  }
  return E / S;
}

std::vector<size_t> spread(size_t N, size_t K) {
  std::vector<size_t> Idx;
  if (N <= K) {
    for (size_t I = 0; I < N; ++I)
      Idx.push_back(I);
    return Idx;
  }
  for (size_t I = 0; I < K; ++I)
    Idx.push_back(I * N / K + (N / K) / 2);
  return Idx;
}

void fdGradient(const std::function<double()> &F, double *X,
                const std::vector<size_t> &Idx, double *G) {
  for (size_t I : Idx) {
    double X0 = X[I], H = 6e-6 * std::max(1.0, std::fabs(X0));
    X[I] = X0 + H;
    double Fp = F();
    X[I] = X0 - H;
    double Fm = F();
    X[I] = X0;
    G[I] = (Fp - Fm) / (2 * H);
  }
}

Reader::Reader(const std::string &P) : Path(P) {
  F = fopen(P.c_str(), "r");
  if (!F) {
    fprintf(stderr, "cannot open %s (run bench/run.sh, which generates it)\n",
            P.c_str());
    exit(2);
  }
}
Reader::~Reader() { fclose((FILE *)F); }
double Reader::num() {
  double V;
  if (fscanf((FILE *)F, "%lf", &V) != 1) {
    fprintf(stderr, "%s: short or malformed file\n", Path.c_str());
    exit(2);
  }
  return V;
}

Bench::Bench(const Options &O, std::string K, std::string S)
    : Opt(O), Kernel(std::move(K)), Size(std::move(S)) {}

void Bench::setPrimal(std::function<void()> F, std::string Note) {
  Primal = std::move(F);
  PrimalNote = std::move(Note);
}

void Bench::skip(std::string Name, std::string Why) {
  Skipped.emplace_back(std::move(Name), std::move(Why));
}

void Bench::emit(const std::string &M, double Ms, double Ratio, double Err,
                 double PeakKB, const std::string &Status, const std::string &Note) {
  printf("  %-24s %-7s %12.4f ms  %10.2fx  err %8.1e  peak %10.0f KiB  %s\n",
         M.c_str(), Status.c_str(), Ms, Ratio, Err, PeakKB, Note.c_str());
  fflush(stdout);
  if (Opt.Out.empty())
    return;
  FILE *F = fopen(Opt.Out.c_str(), "a");
  if (!F)
    return;
  fprintf(F, "%s\t%s\t%s\t%s\t%.6g\t%.6g\t%.3g\t%.0f\t%s\n", Kernel.c_str(),
          Size.c_str(), M.c_str(), Status.c_str(), Ms, Ratio, Err, PeakKB,
          Note.c_str());
  fclose(F);
}

namespace {
using Clock = std::chrono::steady_clock;
double seconds(const std::function<void()> &F, long Iters) {
  auto T0 = Clock::now();
  for (long I = 0; I < Iters; ++I)
    F();
  return std::chrono::duration<double>(Clock::now() - T0).count();
}
double median(std::vector<double> V) {
  std::sort(V.begin(), V.end());
  size_t N = V.size();
  return N % 2 ? V[N / 2] : 0.5 * (V[N / 2 - 1] + V[N / 2]);
}
} // namespace

int Bench::run() {
  printf("== %s %s%s\n", Kernel.c_str(), Size.c_str(), Opt.Smoke ? " (smoke)" : "");
  int Failed = 0;
  // 1. correctness, 2. memory.
  std::vector<int> Ok(Methods.size(), 0);
  std::vector<double> Errs(Methods.size(), 0), PeakKB(Methods.size(), 0);
  Primal();
  memStart();
  Primal();
  memStop();
  double PrimalKB = memPeakBytes() / 1024.0;
  for (size_t M = 0; M < Methods.size(); ++M) {
    Method &X = Methods[M];
    X.Run();
    Errs[M] = X.Err();
    Ok[M] = std::isfinite(Errs[M]) && Errs[M] <= X.Tol;
    if (!Ok[M]) {
      ++Failed;
      printf("  %-24s FAILED check: error %.3e > tolerance %.1e\n", X.Name.c_str(),
             Errs[M], X.Tol);
      emit(X.Name, NAN, NAN, Errs[M], NAN, "FAILED", X.Note);
      continue;
    }
    memStart();
    X.Run();
    memStop();
    PeakKB[M] = memPeakBytes() / 1024.0;
  }
  if (Opt.Smoke) {
    for (size_t M = 0; M < Methods.size(); ++M)
      if (Ok[M])
        printf("  %-24s ok     error %.2e (tolerance %.0e)\n",
               Methods[M].Name.c_str(), Errs[M], Methods[M].Tol);
    for (auto &S : Skipped)
      printf("  %-24s skipped: %s\n", S.first.c_str(), S.second.c_str());
    return Failed;
  }

  // 3. timing. Calibrate iterations per sample, one warm-up sample each.
  struct Timed {
    const std::function<void()> *F;
    long Iters;
    int Reps;
    std::vector<double> T;
  };
  std::vector<Timed> Ts;
  auto calibrate = [&](const std::function<void()> &F) {
    double T1 = seconds(F, 1);
    long It = std::max(1L, (long)std::ceil(Opt.MinTime / std::max(T1, 1e-9)));
    int Reps = Opt.Reps;
    double Budget = Opt.MaxMethodTime;
    while (Reps > 1 && T1 * It * (Reps + 1) > Budget)
      Reps = Reps > 3 ? 3 : 1;
    if (T1 * It < 0.5) // a slow method was warmed up by the calls above
      seconds(F, It);
    return Timed{&F, It, Reps, {}};
  };
  Ts.push_back(calibrate(Primal));
  std::vector<int> Index(Methods.size(), -1);
  for (size_t M = 0; M < Methods.size(); ++M)
    if (Ok[M]) {
      Index[M] = (int)Ts.size();
      Ts.push_back(calibrate(Methods[M].Run));
    }
  std::vector<std::vector<double>> Ratios(Ts.size());
  for (int R = 0; R < Opt.Reps; ++R) {
    double P = seconds(*Ts[0].F, Ts[0].Iters) / Ts[0].Iters;
    Ts[0].T.push_back(P);
    for (size_t I = 1; I < Ts.size(); ++I) {
      // A slow method runs fewer rounds, spread over the rounds.
      if (Ts[I].Reps < Opt.Reps &&
          R % std::max(1, Opt.Reps / Ts[I].Reps) != 0)
        continue;
      if ((int)Ts[I].T.size() >= Ts[I].Reps)
        continue;
      double T = seconds(*Ts[I].F, Ts[I].Iters) / Ts[I].Iters;
      Ts[I].T.push_back(T);
      Ratios[I].push_back(T / P);
    }
  }
  double PrimalMs = median(Ts[0].T) * 1e3;
  emit("primal", PrimalMs, 1.0, 0, PrimalKB, "ok",
       PrimalNote + (PrimalNote.empty() ? "" : "; ") +
           std::to_string(Ts[0].T.size()) + "x" + std::to_string(Ts[0].Iters));
  for (size_t M = 0; M < Methods.size(); ++M) {
    if (!Ok[M])
      continue;
    Timed &T = Ts[Index[M]];
    std::string Note = Methods[M].Note;
    if (!Note.empty())
      Note += "; ";
    Note += std::to_string(T.T.size()) + "x" + std::to_string(T.Iters);
    double S = Methods[M].Scale;
    emit(Methods[M].Name, median(T.T) * 1e3 * S, median(Ratios[Index[M]]) * S,
         Errs[M], PeakKB[M], "ok", Note);
  }
  for (auto &S : Skipped)
    emit(S.first, NAN, NAN, NAN, NAN, "skipped", S.second);
  return Failed;
}

} // namespace bh
