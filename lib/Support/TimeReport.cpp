//===- TimeReport.cpp - Eddy's own phases, timed --------------------------===//
#include "Eddy/Support/TimeReport.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace eddy {

void TimeReport::charge() {
  TimeRecord Now = TimeRecord::getCurrentTime(/*Start=*/false);
  if (!Stack.empty()) {
    Totals[unsigned(Stack.back())] += Now;
    Totals[unsigned(Stack.back())] -= Since;
  }
  Since = Now;
}

void TimeReport::enter(Phase P) {
  charge();
  Stack.push_back(P);
}

void TimeReport::leave() {
  charge();
  Stack.pop_back();
}

void TimeReport::print(raw_ostream &OS, const Module &M) {
  charge();
  static const char *Names[NumPhases] = {
      "canonicalize primal copies", "forward mode", "reverse mode",
      "verify generated code",      "clean up generated code",
      "requests, wrappers, tapes"};
  TimeRecord Total;
  for (const TimeRecord &T : Totals)
    Total += T;
  OS << "eddy: time report for " << M.getSourceFileName() << "\n"
     << format("  %-28s %10s %10s\n", (const char *)"phase", (const char *)"CPU s",
               (const char *)"wall s");
  for (unsigned K = 0; K < NumPhases; ++K)
    OS << format("  %-28s %10.3f %10.3f\n", Names[K],
                 Totals[K].getUserTime() + Totals[K].getSystemTime(),
                 Totals[K].getWallTime());
  OS << format("  %-28s %10.3f %10.3f\n", (const char *)"total",
               Total.getUserTime() + Total.getSystemTime(), Total.getWallTime());
  unsigned Functions = 0, Blocks = 0, Instructions = 0;
  for (const Function &F : M) {
    if (F.isDeclaration() || !F.getName().contains(".eddy."))
      continue;
    ++Functions;
    Blocks += F.size();
    Instructions += F.getInstructionCount();
  }
  OS << "eddy: generated " << Functions << " functions, " << Blocks
     << " blocks, " << Instructions << " instructions\n";
}

} // namespace eddy
