//===- Eddy/Rules/MpiRules.h - Derivatives of MPI calls ---------*- C++ -*-===//
//
// MPI calls in differentiated code, written against the MPI standard's C
// interface: the handles (MPI_Datatype, MPI_Op, MPI_Comm) are opaque values
// passed through as the user's module declares them -- pointers to globals in
// Open MPI, integers in MPICH and its derivatives. Only the few predefined
// constants a rule must name (MPI_DOUBLE, MPI_SUM, MPI_IN_PLACE,
// MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_STATUS_IGNORE) depend on the
// implementation, which the handle's type tells apart.
//
// Each supported call gets a tangent rule and an adjoint rule of the shapes
// user rules have (Registrations.h), emitted as internal IR functions that
// call MPI themselves, so the generators call them like any user rule:
//  - forward mode: the primal call, then the same communication of the
//    tangents (a second message with the same envelope; MPI's non-overtaking
//    order pairs it with the primal one);
//  - reverse mode: the communication reversed -- the adjoint of a send
//    receives the receiver's adjoint and adds it into the shadow, the adjoint
//    of a receive sends the shadow and zeroes it, a sum's adjoint is a
//    broadcast and a broadcast's a sum.
// A shadow that is null (an inactive buffer) sends zeros and receives into
// scratch, so both ends of every message always agree on what is sent.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_RULES_MPIRULES_H
#define EDDY_RULES_MPIRULES_H

#include <string>

namespace llvm {
class CallBase;
class Function;
} // namespace llvm

namespace eddy {
struct FunctionRules;

enum class MpiCallKind {
  NotMpi,   ///< Not a function of the MPI standard.
  Inactive, ///< A query or a synchronisation: no derivative flows.
  Rule,     ///< Served by the rules of buildMpiRules.
  Refused,  ///< An MPI call on differentiated data Eddy cannot serve.
};

struct MpiCallInfo {
  MpiCallKind Kind = MpiCallKind::NotMpi;
  std::string Why; ///< For Refused: the call, by name, and the remedy.
  /// For Rule: an MPI_MAX/MPI_MIN reduction, whose rules differ from
  /// MPI_SUM's (the adjoint goes to the winning rank).
  bool Extremum = false;
};

/// What the call \p CB of an MPI function means in differentiated code;
/// \p InvolvesActive says whether an argument depends on the inputs.
MpiCallInfo classifyMpiCall(const llvm::CallBase &CB, bool InvolvesActive);

/// The tangent and adjoint rules of the supported MPI function \p F
/// (classifyMpiCall said Rule for a call of it), made in F's module on
/// first use; \p Extremum for MPI_Allreduce/MPI_Reduce with MPI_MAX or
/// MPI_MIN.
FunctionRules buildMpiRules(llvm::Function &F, bool Extremum = false);

} // namespace eddy

#endif // EDDY_RULES_MPIRULES_H
