//===- MpiCalls.cpp - What an MPI call means in differentiated code -------===//
//
// The verdict on one call: a query (no derivative), a call the rules of
// MpiRules.cpp serve, or a refusal that names the call and the remedy. The
// datatype and the reduction are recognised at compile time from the
// predefined handles (MpiInterface.h): a rule that guessed the element type
// wrong would add bytes as doubles, so anything not recognised as MPI_DOUBLE
// (MPI_SUM) on differentiated data is refused rather than served.
//
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/MpiRules.h"
#include "MpiInterface.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instruction.h"

using namespace llvm;

namespace eddy {
namespace {

/// MPI functions through which no derivative flows: they move no
/// floating-point data of the program (queries, timers, synchronisation,
/// start-up and shut-down).
bool isInactiveMpi(StringRef Name) {
  static const StringSet<> Names = {
      "MPI_Comm_rank",    "MPI_Comm_size",   "MPI_Wtime",
      "MPI_Wtick",        "MPI_Barrier",     "MPI_Init",
      "MPI_Init_thread",  "MPI_Initialized", "MPI_Finalize",
      "MPI_Finalized",    "MPI_Abort",       "MPI_Get_processor_name",
      "MPI_Query_thread", "MPI_Get_version"};
  return Names.contains(Name);
}

enum class Recognised { Double, OtherFloat, Other, Unknown };

/// What the MPI_Datatype argument \p V is.
Recognised recogniseType(const Value *V, MpiFlavor Flavor) {
  if (Flavor == MpiFlavor::OpenMPI) {
    const auto *G = dyn_cast<GlobalValue>(V->stripPointerCasts());
    if (!G)
      return Recognised::Unknown;
    StringRef N = G->getName();
    if (N == "ompi_mpi_double")
      return Recognised::Double;
    if (N == "ompi_mpi_float" || N == "ompi_mpi_long_double")
      return Recognised::OtherFloat;
    return N.starts_with("ompi_mpi_") ? Recognised::Other : Recognised::Unknown;
  }
  const auto *C = dyn_cast<ConstantInt>(V);
  if (!C)
    return Recognised::Unknown;
  int64_t K = C->getSExtValue();
  if (K == mpich::Double)
    return Recognised::Double;
  if (K == mpich::Float || K == mpich::LongDouble)
    return Recognised::OtherFloat;
  return Recognised::Other;
}

bool isSum(const Value *V, MpiFlavor Flavor) {
  if (Flavor == MpiFlavor::OpenMPI) {
    const auto *G = dyn_cast<GlobalValue>(V->stripPointerCasts());
    return G && G->getName() == "ompi_mpi_op_sum";
  }
  const auto *C = dyn_cast<ConstantInt>(V);
  return C && C->getSExtValue() == mpich::Sum;
}

bool isMaxOrMin(const Value *V, MpiFlavor Flavor) {
  if (Flavor == MpiFlavor::OpenMPI) {
    const auto *G = dyn_cast<GlobalValue>(V->stripPointerCasts());
    return G && (G->getName() == "ompi_mpi_op_max" ||
                 G->getName() == "ompi_mpi_op_min");
  }
  const auto *C = dyn_cast<ConstantInt>(V);
  return C &&
         (C->getSExtValue() == mpich::Max || C->getSExtValue() == mpich::Min);
}

bool isConstantInt(const Value *V, int K) {
  const auto *C = dyn_cast<ConstantInt>(V);
  return C && C->getSExtValue() == K;
}

/// Is \p Buf the constant MPI_IN_PLACE?
bool isInPlace(const Value *Buf, MpiFlavor Flavor) {
  int64_t InPlace =
      Flavor == MpiFlavor::OpenMPI ? ompi::InPlace : mpich::InPlace;
  const auto *CE = dyn_cast<ConstantExpr>(Buf);
  return CE && CE->getOpcode() == Instruction::IntToPtr &&
         isConstantInt(CE->getOperand(0), InPlace);
}

constexpr const char *Supported =
    "Eddy differentiates MPI_Send, MPI_Recv, MPI_Sendrecv, MPI_Isend, "
    "MPI_Irecv, MPI_Wait, MPI_Waitall, MPI_Bcast, MPI_Gather, MPI_Scatter, "
    "MPI_Allgather, and MPI_Reduce and MPI_Allreduce with MPI_SUM, MPI_MAX "
    "or MPI_MIN, on MPI_DOUBLE buffers (docs/parallel.md)";

MpiCallInfo refused(std::string Why) {
  return {MpiCallKind::Refused, std::move(Why)};
}

} // namespace

MpiCallInfo classifyMpiCall(const CallBase &CB, bool InvolvesActive) {
  const Function *F = CB.getCalledFunction();
  if (!F)
    return {};
  StringRef Name = F->getName();
  // The profiling interface is the same function under another name.
  bool Profiling = Name.consume_front("P");
  if (!Name.starts_with("MPI_"))
    return {};
  std::string Called = (Profiling ? "P" : "") + Name.str();
  if (isInactiveMpi(Name))
    return {MpiCallKind::Inactive, ""};
  const MpiSignature *Sig = Profiling ? nullptr : findMpiSignature(Name);
  if (!Sig) {
    if (!InvolvesActive)
      return {MpiCallKind::Inactive, ""};
    return refused("'" + Called +
                   "' is called on data that depends on the "
                   "differentiated inputs, and Eddy has no derivative rule "
                   "for it; " +
                   Supported +
                   " — express the communication "
                   "with those, or move the call out of the differentiated "
                   "function");
  }
  // MPI_Wait(all) moves no data of its own: it matters when its requests
  // carry a derivative (they then have shadows, and involve active values).
  if (Sig->Type0 < 0 && !InvolvesActive)
    return {MpiCallKind::Inactive, ""};
  std::optional<MpiFlavor> Flavor =
      Sig->Type0 >= 0 ? mpiFlavor(*F, Sig->Type0) : moduleMpiFlavor(*F);
  if (isNonblockingMpi(Name)) {
    // Without a shadow request there is nowhere to keep the derivative's
    // transfer (MpiNonblocking.cpp).
    if (!InvolvesActive)
      return {MpiCallKind::Inactive, ""};
    if (Flavor && *Flavor != MpiFlavor::OpenMPI)
      return refused("'" + Called +
                     "' on data that depends on the "
                     "differentiated inputs: Eddy differentiates non-blocking "
                     "MPI calls only where MPI_Request is a pointer (Open "
                     "MPI), which can hold the derivative's record; use "
                     "blocking calls (MPI_Sendrecv) with this MPI");
  }
  if (!Flavor || F->arg_size() != Sig->NumParams || F->isVarArg())
    return InvolvesActive
               ? refused("'" + Called +
                         "' is declared with parameters that "
                         "are not the MPI standard's C binding; Eddy cannot "
                         "differentiate it — include the MPI implementation's "
                         "mpi.h")
               : MpiCallInfo{MpiCallKind::Inactive, ""};

  // The element type: a rule adds doubles, so it must be MPI_DOUBLE.
  for (int P : {Sig->Type0, Sig->Type1}) {
    if (P < 0)
      continue;
    Recognised R = recogniseType(CB.getArgOperand(P), *Flavor);
    if (R == Recognised::Double)
      continue;
    // Integers and other data nothing differentiated flows into carry no
    // derivative (both ends of the message see the same datatype).
    if (!InvolvesActive)
      return {MpiCallKind::Inactive, ""};
    if (R == Recognised::OtherFloat)
      return refused("'" + Called +
                     "' of MPI_FLOAT or MPI_LONG_DOUBLE data "
                     "that depends on the differentiated inputs; " +
                     Supported + " — communicate the data as double");
    return refused("'" + Called +
                   "' is called on data that depends on the "
                   "differentiated inputs with a datatype Eddy does not "
                   "recognise at compile time as MPI_DOUBLE (a derived "
                   "datatype, or a handle chosen at run time); " +
                   Supported + " — pass MPI_DOUBLE directly");
  }
  bool Extremum = false;
  if (Sig->Op >= 0 && !isSum(CB.getArgOperand(Sig->Op), *Flavor)) {
    if (!InvolvesActive)
      return {MpiCallKind::Inactive, ""};
    Extremum = isMaxOrMin(CB.getArgOperand(Sig->Op), *Flavor);
    if (!Extremum)
      return refused("'" + Called +
                     "' with a reduction other than MPI_SUM, "
                     "MPI_MAX and MPI_MIN (a user operation, MPI_PROD, ...) "
                     "on data that depends on the differentiated inputs; " +
                     Supported);
  }
  // Gather, Scatter, Allgather: MPI_IN_PLACE would make the root's (or
  // every rank's) piece both input and output, which their rules do not
  // handle yet (MpiRules.cpp stops at run time when it is not constant).
  if ((Name == "MPI_Gather" || Name == "MPI_Scatter" ||
       Name == "MPI_Allgather") &&
      isInPlace(CB.getArgOperand(Name == "MPI_Scatter" ? 3 : 0), *Flavor))
    return refused("'" + Called +
                   "' with MPI_IN_PLACE in a differentiated "
                   "function is not supported yet; use separate send and "
                   "receive buffers");
  // The winners of MPI_MAX/MPI_MIN are found from the inputs, which in place
  // are overwritten (MpiExtremum.cpp).
  if (Extremum && isInPlace(CB.getArgOperand(0), *Flavor))
    return refused("'" + Called +
                   "' with MPI_MAX or MPI_MIN and MPI_IN_PLACE "
                   "in a differentiated function is not supported yet; "
                   "reduce into a separate buffer");
  if (Sig->Source >= 0) {
    int AnySource =
        *Flavor == MpiFlavor::OpenMPI ? ompi::AnySource : mpich::AnySource;
    int AnyTag = *Flavor == MpiFlavor::OpenMPI ? ompi::AnyTag : mpich::AnyTag;
    if (isConstantInt(CB.getArgOperand(Sig->Source), AnySource) ||
        isConstantInt(CB.getArgOperand(Sig->Tag), AnyTag))
      return refused("'" + Called +
                     "' with MPI_ANY_SOURCE or MPI_ANY_TAG in "
                     "a differentiated function: the derivative's message "
                     "must travel between the same two ranks with the same "
                     "tag as the value's; name the source rank and the tag");
  }
  return {MpiCallKind::Rule, "", Extremum};
}

} // namespace eddy
