//===- MpiInterface.h - The MPI C interface as the rules see it -*- C++ -*-===//
//
// The parameter positions of the MPI functions Eddy differentiates, as the
// MPI standard's C bindings fix them, and the predefined constants a rule
// must name. Those constants are the only implementation-specific part:
// Open MPI's handles are pointers to its predefined globals (MPI_DOUBLE is
// &ompi_mpi_double), MPICH's (and Intel MPI's, MVAPICH's: MPICH's ABI) are
// int codes; the type of a declaration's MPI_Datatype parameter says which.
//
//===----------------------------------------------------------------------===//
#ifndef EDDY_LIB_RULES_MPIINTERFACE_H
#define EDDY_LIB_RULES_MPIINTERFACE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include <optional>

namespace eddy {

/// Where a supported function's arguments are (-1: none).
struct MpiSignature {
  llvm::StringRef Name;
  unsigned NumParams;
  int Type0, Type1; ///< MPI_Datatype parameters (Sendrecv has two).
  int Op;           ///< MPI_Op.
  int Source, Tag;  ///< A receive's source and tag (wildcards matter).
};

inline const MpiSignature *findMpiSignature(llvm::StringRef Name) {
  static const MpiSignature Table[] = {
      // Name          params type0 type1 op  source tag
      {"MPI_Send", 6, 2, -1, -1, -1, -1},
      {"MPI_Recv", 7, 2, -1, -1, 3, 4},
      {"MPI_Sendrecv", 12, 2, 7, -1, 8, 9},
      {"MPI_Allreduce", 6, 3, -1, 4, -1, -1},
      {"MPI_Reduce", 7, 3, -1, 4, -1, -1},
      {"MPI_Bcast", 5, 2, -1, -1, -1, -1},
      {"MPI_Gather", 8, 2, 5, -1, -1, -1},
      {"MPI_Scatter", 8, 2, 5, -1, -1, -1},
      {"MPI_Allgather", 7, 2, 5, -1, -1, -1},
      // Non-blocking (MpiNonblocking.cpp).
      {"MPI_Isend", 7, 2, -1, -1, -1, -1},
      {"MPI_Irecv", 7, 2, -1, -1, 3, 4},
      {"MPI_Wait", 2, -1, -1, -1, -1, -1},
      {"MPI_Waitall", 3, -1, -1, -1, -1, -1},
  };
  for (const MpiSignature &S : Table)
    if (S.Name == Name)
      return &S;
  return nullptr;
}

enum class MpiFlavor { OpenMPI, MPICH };

/// The implementation whose header declared \p F, from the type of its
/// MPI_Datatype parameter \p TypeParam.
inline std::optional<MpiFlavor> mpiFlavor(const llvm::Function &F,
                                          int TypeParam) {
  if (TypeParam < 0 || unsigned(TypeParam) >= F.arg_size())
    return std::nullopt;
  llvm::Type *T = F.getFunctionType()->getParamType(TypeParam);
  if (T->isPointerTy())
    return MpiFlavor::OpenMPI;
  if (T->isIntegerTy(32))
    return MpiFlavor::MPICH;
  return std::nullopt;
}

/// Is \p Name one of the non-blocking calls (requests carry their records)?
inline bool isNonblockingMpi(llvm::StringRef Name) {
  return Name == "MPI_Isend" || Name == "MPI_Irecv" || Name == "MPI_Wait" ||
         Name == "MPI_Waitall";
}

/// The implementation of the module of \p F, for a call without a datatype
/// (MPI_Wait): from the module's declaration of MPI_Isend or MPI_Irecv.
inline std::optional<MpiFlavor> moduleMpiFlavor(const llvm::Function &F) {
  for (const char *Name : {"MPI_Isend", "MPI_Irecv"})
    if (const llvm::Function *G = F.getParent()->getFunction(Name))
      if (auto Flavor = mpiFlavor(*G, 2))
        return Flavor;
  return std::nullopt;
}

/// The predefined constants, per implementation (from their mpi.h).
namespace mpich {
constexpr int64_t Double = 0x4c00080b, Float = 0x4c00040a,
                  LongDouble = 0x4c00100c, Int = 0x4c000405, Max = 0x58000001,
                  Min = 0x58000002, Sum = 0x58000003;
constexpr int AnySource = -2, AnyTag = -1, ProcNull = -1;
constexpr int64_t InPlace = -1, StatusIgnore = 1;
} // namespace mpich
namespace ompi {
constexpr int AnySource = -1, AnyTag = -1, ProcNull = -2;
constexpr int64_t InPlace = 1, StatusIgnore = 0;
} // namespace ompi

} // namespace eddy

#endif // EDDY_LIB_RULES_MPIINTERFACE_H
