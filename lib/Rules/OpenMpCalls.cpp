//===- OpenMpCalls.cpp - What an OpenMP runtime call means ----------------===//
//
// The verdict on one call of the OpenMP runtime in differentiated code
// (Eddy/Rules/OpenMpCalls.h). The runtime's entry points are those Clang 19
// emits for the host (libomp's kmp.h names); an entry point not listed here
// is refused by name rather than guessed at.
//===----------------------------------------------------------------------===//
#include "Eddy/Rules/OpenMpCalls.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace eddy {
namespace {

/// Entry points through which no derivative flows: loop scheduling (they
/// write the bounds of a thread's chunk into integer locals), thread and
/// team queries, single/master/masked (an integer that says whether this
/// thread runs the block), flushes, serialized regions (`if(false)`), and
/// the clauses that set up a fork (num_threads, proc_bind).
bool isInactiveRuntimeCall(StringRef Name) {
  static const StringSet<> Names = {
      "__kmpc_global_thread_num", "__kmpc_bound_thread_num",
      "__kmpc_for_static_init_4", "__kmpc_for_static_init_4u",
      "__kmpc_for_static_init_8", "__kmpc_for_static_init_8u",
      "__kmpc_for_static_fini", "__kmpc_dist_for_static_init_4",
      "__kmpc_dispatch_init_4", "__kmpc_dispatch_init_4u",
      "__kmpc_dispatch_init_8", "__kmpc_dispatch_init_8u",
      "__kmpc_dispatch_next_4", "__kmpc_dispatch_next_4u",
      "__kmpc_dispatch_next_8", "__kmpc_dispatch_next_8u",
      "__kmpc_dispatch_fini_4", "__kmpc_dispatch_fini_4u",
      "__kmpc_dispatch_fini_8", "__kmpc_dispatch_fini_8u",
      "__kmpc_dispatch_deinit", "__kmpc_push_num_threads",
      "__kmpc_push_proc_bind", "__kmpc_serialized_parallel",
      "__kmpc_end_serialized_parallel", "__kmpc_single", "__kmpc_end_single",
      "__kmpc_master", "__kmpc_end_master", "__kmpc_masked",
      "__kmpc_end_masked", "__kmpc_flush", "__kmpc_ok_to_fork",
      "__kmpc_begin", "__kmpc_end",
      // The user-level API's queries and settings.
      "omp_get_thread_num", "omp_get_num_threads", "omp_get_max_threads",
      "omp_get_num_procs", "omp_in_parallel", "omp_get_wtime",
      "omp_get_wtick", "omp_get_level", "omp_get_team_size",
      "omp_get_ancestor_thread_num", "omp_get_dynamic", "omp_set_dynamic",
      "omp_set_num_threads", "omp_get_thread_limit", "omp_init_lock",
      "omp_destroy_lock", "omp_init_nest_lock", "omp_destroy_nest_lock"};
  return Names.contains(Name);
}

/// A construct Eddy does not differentiate, by the entry points Clang emits
/// for it.
const char *refusedConstruct(StringRef Name) {
  if (Name.starts_with("__kmpc_omp_task") || Name == "__kmpc_taskloop" ||
      Name == "__kmpc_taskloop_5" || Name.starts_with("__kmpc_taskgroup") ||
      Name == "__kmpc_end_taskgroup" || Name.starts_with("__kmpc_task_"))
    return "'#pragma omp task' (and taskloop, taskgroup, taskwait)";
  if (Name == "__kmpc_ordered" || Name == "__kmpc_end_ordered" ||
      Name.starts_with("__kmpc_doacross"))
    return "'#pragma omp ordered'";
  if (Name.starts_with("__tgt_"))
    return "'#pragma omp target' (offloading)";
  if (Name == "__kmpc_fork_teams" || Name == "__kmpc_push_num_teams" ||
      Name.starts_with("__kmpc_push_num_teams"))
    return "'#pragma omp teams'";
  if (Name.starts_with("__kmpc_cancel"))
    return "'#pragma omp cancel'";
  if (Name.starts_with("__kmpc_threadprivate"))
    return "'#pragma omp threadprivate'";
  if (Name == "__kmpc_copyprivate")
    return "the 'copyprivate' clause";
  if (Name.starts_with("__kmpc_reduce") || Name.starts_with("__kmpc_end_reduce"))
    return "this 'reduction' clause (a form Eddy does not rewrite into a "
           "critical section)";
  if (Name.starts_with("__kmpc_atomic"))
    return "this '#pragma omp atomic' (an update the compiler sends to the "
           "runtime: long double or complex data)";
  if (Name == "__kmpc_fork_call_if")
    return "'#pragma omp parallel if(...)' in this form";
  return nullptr;
}

constexpr const char *Unsupported =
    " inside a differentiated function: Eddy differentiates parallel "
    "regions, worksharing loops (static, dynamic, guided; collapse, nowait), "
    "reductions, private/firstprivate/shared data, barrier, single, master, "
    "critical sections and atomic += / -= updates (docs/parallel.md); move "
    "the construct out of the differentiated code or express it with those";

} // namespace

OpenMpCallInfo classifyOpenMpCall(const CallBase &CB) {
  const Function *F = CB.getCalledFunction();
  if (!F)
    return {};
  StringRef Name = F->getName();
  // A target region without offloading targets runs on the host, as a call
  // of its outlined body; refused all the same, so that the verdict does
  // not depend on -fopenmp-targets.
  if (Name.starts_with("__omp_offloading_"))
    return {OpenMpCallKind::Refused,
            std::string("'#pragma omp target' (offloading)") + Unsupported};
  // The end of an ordered region: its start was refused.
  if (Name == "__kmpc_end_ordered")
    return {OpenMpCallKind::Inactive, ""};
  bool Runtime = Name.starts_with("__kmpc_") || Name.starts_with("__tgt_");
  if (!Runtime && !Name.starts_with("omp_"))
    return {};
  if (Name == "__kmpc_fork_call")
    return {OpenMpCallKind::Fork, ""};
  if (Name == "__kmpc_barrier")
    return {OpenMpCallKind::Barrier, ""};
  if (Name == "__kmpc_critical" || Name == "__kmpc_critical_with_hint")
    return {OpenMpCallKind::Lock, ""};
  if (Name == "__kmpc_end_critical")
    return {OpenMpCallKind::Unlock, ""};
  if (Name == "omp_set_lock" || Name == "omp_set_nest_lock" ||
      Name == "omp_unset_lock" || Name == "omp_unset_nest_lock" ||
      Name == "omp_test_lock")
    return {OpenMpCallKind::Refused,
            "an OpenMP lock (omp_set_lock) inside a differentiated function: "
            "the adjoint must replay the sections it guards in reverse order, "
            "which Eddy does for '#pragma omp critical' — use a critical "
            "section instead"};
  if (isInactiveRuntimeCall(Name))
    return {OpenMpCallKind::Inactive, ""};
  if (const char *Construct = refusedConstruct(Name))
    return {OpenMpCallKind::Refused, std::string(Construct) + Unsupported};
  if (!Runtime)
    return {}; // Another omp_* function: an ordinary external call.
  return {OpenMpCallKind::Refused,
          "the OpenMP runtime call '" + Name.str() +
              "' has no derivative in Eddy; the construct that produced it "
              "is not supported in differentiated code (docs/parallel.md)"};
}

Function *openMpLockPartner(const CallBase &CB) {
  StringRef Partner = CB.getCalledFunction()->getName() == "__kmpc_end_critical"
                          ? "__kmpc_critical"
                          : "__kmpc_end_critical";
  SmallVector<Type *, 3> Params; // (loc, gtid, lock)
  for (unsigned K = 0; K < 3; ++K)
    Params.push_back(CB.getArgOperand(K)->getType());
  Module &M = *const_cast<Module *>(CB.getModule());
  auto Callee = M.getOrInsertFunction(
      Partner, FunctionType::get(Type::getVoidTy(M.getContext()), Params, false));
  return cast<Function>(Callee.getCallee());
}

} // namespace eddy
