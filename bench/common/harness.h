//===- bench/common/harness.h - Timing, checking and memory for the benchmarks -===//
//
// Every benchmark executable registers its primal and its derivative methods
// with a Bench. Bench::run() then, for each method:
//   1. runs it once and checks its result against a reference (max error
//      normalised by the reference's largest entry); a method over its
//      tolerance is reported FAILED and never timed;
//   2. runs it once more with the heap counter on: peak heap bytes above the
//      level at the call's start (the tape and scratch of a reverse sweep);
//   3. times it: calibrated so that one sample lasts >= min_time, one warm-up
//      sample, then `reps` rounds; each round times the primal and then every
//      method, so each method's time is paired with a primal time taken moments
//      earlier. Reported: median time per call, median of the per-round ratios
//      method/primal.
// Rows go to stdout and (tab-separated) to the --out file for bench/report.py.
//===----------------------------------------------------------------------===//
#ifndef EDDY_BENCH_HARNESS_H
#define EDDY_BENCH_HARNESS_H

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace bh {

struct Options {
  bool Smoke = false;     ///< tiny sizes, checks only, no timing
  int Reps = 7;           ///< timing rounds
  double MinTime = 0.05;  ///< seconds per sample
  double MaxMethodTime = 20; ///< seconds of timing budget per method
  std::string Out;        ///< TSV file to append rows to ("" = none)
  std::string DataDir = "data";
};

/// Parses --smoke, --reps N, --min-time S, --out FILE, --data DIR.
Options parseOptions(int Argc, char **Argv);

/// Heap accounting (malloc/calloc/realloc/free/new are counted while on).
void memStart();
size_t memPeakBytes();
void memStop();

/// MemAvailable from /proc/meminfo, in GB.
double availableGB();

/// max_i |A_i - B_i| / max(max_i |B_i|, tiny).
double relErr(const double *A, const double *B, size_t N);
/// Same, over the indices in Idx only.
double relErrAt(const double *A, const double *B, const std::vector<size_t> &Idx);

/// Up to K indices spread evenly over [0, N) (all of them when N <= K).
std::vector<size_t> spread(size_t N, size_t K);

/// Central differences of F with respect to X[i] for i in Idx, into G[i]
/// (step 6e-6 max(1, |x|), the cube root of machine epsilon).
void fdGradient(const std::function<double()> &F, double *X,
                const std::vector<size_t> &Idx, double *G);

struct Method {
  std::string Name;            ///< e.g. "Eddy reverse"
  std::function<void()> Run;   ///< computes the derivative into its buffer
  std::function<double()> Err; ///< error of that buffer against the reference
  double Tol;                  ///< Err() above this: FAILED, not timed
  double Scale = 1;            ///< time multiplier (FD over a coordinate subset)
  std::string Note;
};

class Bench {
public:
  Bench(const Options &O, std::string Kernel, std::string Size);
  void setPrimal(std::function<void()> F, std::string Note = "");
  void add(Method M) { Methods.push_back(std::move(M)); }
  void skip(std::string Name, std::string Why);
  /// Checks, measures memory, times; returns the number of FAILED methods.
  int run();

private:
  Options Opt;
  std::string Kernel, Size;
  std::function<void()> Primal;
  std::string PrimalNote;
  std::vector<Method> Methods;
  std::vector<std::pair<std::string, std::string>> Skipped;
  void emit(const std::string &Method, double Ms, double Ratio, double Err,
            double PeakKB, const std::string &Status, const std::string &Note);
};

/// Prevents the optimizer from dropping a computation whose result is unused.
inline void keep(double V) { asm volatile("" : : "g"(&V) : "memory"); }

/// Deterministic numbers in [-1, 1) (64-bit LCG), for directions and seeds.
struct Rng {
  unsigned long long S;
  explicit Rng(unsigned long long Seed) : S(Seed) {}
  double next() {
    S = S * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(S >> 11) * (2.0 / 9007199254740992.0) - 1.0;
  }
};

/// Reads whitespace-separated numbers; aborts with a message on a short file.
struct Reader {
  explicit Reader(const std::string &Path);
  ~Reader();
  double num();
  long integer() { return (long)num(); }
  void nums(double *Out, size_t N) {
    for (size_t I = 0; I < N; ++I)
      Out[I] = num();
  }
  void *F;
  std::string Path;
};

} // namespace bh

#endif
