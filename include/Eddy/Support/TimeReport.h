//===- Eddy/Support/TimeReport.h - Eddy's own phases, timed ----*- C++ -*-===//
//
// -fplugin-arg-eddy-time-report: the CPU and wall time each of Eddy's phases
// took and the size of what it generated, printed when Eddy is done, so that
// a long compile shows where its time goes (the rest of the pipeline is in
// Clang's -ftime-report).
//
// Phases nest (generating a reverse pair canonicalizes its callees'
// primals, then generates their pairs); each is timed exclusively: a phase
// started inside another pauses it.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_TIMEREPORT_H
#define EDDY_SUPPORT_TIMEREPORT_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Timer.h"
#include <array>

namespace llvm {
class Module;
class raw_ostream;
} // namespace llvm

namespace eddy {

enum class Phase {
  Canonicalize, ///< Primal copies into the form Eddy differentiates.
  Forward,      ///< Building forward-mode derivatives.
  Reverse,      ///< Building reverse-mode pairs.
  Verify,       ///< The IR verifier on each generated function.
  Cleanup,      ///< Eddy's small pipeline on the generated code.
  Other,        ///< Requests, wrappers, tapes: everything else.
};

class TimeReport {
public:
  static constexpr unsigned NumPhases = unsigned(Phase::Other) + 1;

  /// Starts timing (Phase::Other) if \p Enabled.
  explicit TimeReport(bool Enabled) : Enabled(Enabled) {
    if (Enabled)
      enter(Phase::Other);
  }

  /// Times a phase from construction to destruction.
  class Scope {
  public:
    Scope(TimeReport *R, Phase P) : R(R) {
      if (R)
        R->enter(P);
    }
    ~Scope() {
      if (R)
        R->leave();
    }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    TimeReport *R;
  };

  bool enabled() const { return Enabled; }
  /// Prints the phases until now and the size of the generated functions
  /// (those whose names contain ".eddy.") left in \p M.
  void print(llvm::raw_ostream &OS, const llvm::Module &M);

private:
  void enter(Phase P);
  void leave();
  void charge(); ///< Adds the time since Since to the innermost phase.

  bool Enabled;
  std::array<llvm::TimeRecord, NumPhases> Totals{};
  llvm::SmallVector<Phase, 8> Stack;
  llvm::TimeRecord Since;
};

} // namespace eddy

#endif
