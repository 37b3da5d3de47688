//===- ParallelRegions.cpp - Forks, team tapes, atomics -------------------===//
//
// What forward and reverse mode share about OpenMP parallel regions
// (ParallelRegions.h): which captured variables of a fork carry
// derivatives, how a derivative's fork is made, the microtasks that give
// each thread its tape, and which atomic updates are differentiated.
//===----------------------------------------------------------------------===//
#include "ParallelRegions.h"
#include "Eddy/Rules/OpenMpCalls.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

static Function *outlinedOf(const CallBase &Fork) {
  auto *F = dyn_cast<Function>(
      Fork.getArgOperand(ForkOutlinedArg)->stripPointerCasts());
  if (!F || F->isDeclaration() || F->isVarArg() ||
      F->arg_size() != Fork.arg_size() - ForkFirstCaptured + 2)
    return nullptr;
  return F;
}

Value *byValueSource(Value *Captured) {
  auto *BC = dyn_cast<BitCastInst>(Captured);
  return BC && BC->getSrcTy()->isFloatingPointTy() ? BC->getOperand(0)
                                                   : nullptr;
}

std::optional<ForkShape> forkShape(const CallBase &Fork,
                                   const ActivityInfo &Act) {
  if (!outlinedOf(Fork))
    return std::nullopt;
  ForkShape Shape;
  Shape.Sig.Args = {false, false}; // &gtid, &btid
  for (unsigned Op = ForkFirstCaptured; Op < Fork.arg_size(); ++Op) {
    Value *A = Fork.getArgOperand(Op);
    Type *ByValue = nullptr;
    bool Active = Act.isActive(A);
    if (Value *Src = byValueSource(A); Src && Act.isActive(Src)) {
      ByValue = Src->getType();
      Active = true;
    } else if (Active && !A->getType()->isPointerTy()) {
      return std::nullopt;
    }
    Shape.Sig.Args.push_back(Active);
    Shape.ByValue.push_back(ByValue);
  }
  return Shape;
}

std::string forkRefusal(const CallBase &Fork, const ActivityInfo &Act) {
  if (!outlinedOf(Fork))
    return "a parallel region whose outlined function Eddy cannot see "
           "(__kmpc_fork_call of an unknown or variadic microtask)";
  return "a parallel region captures a value that depends on the "
         "differentiated inputs by copy in a form Eddy cannot follow (a "
         "'firstprivate' struct or a float packed into an integer); make it "
         "'shared', or read it from memory inside the region";
}

Function *forkedFunction(DerivativeCache &Cache, const CallBase &Fork,
                         const ForkShape &Shape) {
  Function *Outlined = outlinedOf(Fork);
  if (!Shape.hasByValue())
    return Outlined;
  std::string Name = (Outlined->getName() + ".eddy.byvalue").str();
  for (Type *T : Shape.ByValue)
    Name += T ? "f" : "_";
  Module &M = *Outlined->getParent();
  if (Function *F = M.getFunction(Name))
    return F;
  SmallVector<Type *, 8> Params;
  for (Argument &A : Outlined->args()) {
    Type *T = A.getArgNo() >= 2 ? Shape.ByValue[A.getArgNo() - 2] : nullptr;
    Params.push_back(T ? T : A.getType());
  }
  Function *Copy = Function::Create(
      FunctionType::get(Outlined->getReturnType(), Params, false),
      GlobalValue::InternalLinkage, Name, M);
  Copy->copyAttributesFrom(Outlined);
  Copy->setAttributes(AttributeList::get(
      M.getContext(), Outlined->getAttributes().getFnAttrs(), {}, {}));
  ValueToValueMapTy VMap;
  SmallVector<Instruction *, 4> Bits;
  for (Argument &A : Outlined->args()) {
    Argument *New = Copy->getArg(A.getArgNo());
    if (New->getType() == A.getType()) {
      VMap[&A] = New;
      continue;
    }
    // The body still takes the bits; InstSimplify folds the round trip.
    auto *BC = new BitCastInst(New, A.getType(), A.getName() + ".bits");
    Bits.push_back(BC);
    VMap[&A] = BC;
  }
  SmallVector<ReturnInst *, 4> Returns;
  CloneFunctionInto(Copy, Outlined, VMap,
                    CloneFunctionChangeType::LocalChangesOnly, Returns);
  Copy->setSubprogram(nullptr);
  stripDebugInfo(*Copy);
  for (Instruction *BC : Bits)
    BC->insertInto(&Copy->getEntryBlock(), Copy->getEntryBlock().begin());
  Copy->setLinkage(GlobalValue::InternalLinkage);
  Cache.adoptOutlined(Copy);
  return Copy;
}

CallInst *forkCall(IRBuilderBase &B, const CallBase &Original,
                   Function *Microtask, ArrayRef<Value *> Captured) {
  SmallVector<Value *, 12> Args{
      Original.getArgOperand(0),
      B.getInt32(Captured.size()), Microtask};
  Args.append(Captured.begin(), Captured.end());
  CallInst *Fork = B.CreateCall(Original.getFunctionType(),
                                Original.getCalledOperand(), Args);
  Fork->setDebugLoc(Original.getDebugLoc());
  return Fork;
}

/// How a value of type \p T crosses a fork: floating point as its bits.
static Type *forkedType(Type *T) {
  if (T->isFloatingPointTy())
    return IntegerType::get(T->getContext(), T->getPrimitiveSizeInBits());
  return T;
}

Function *forkMicrotask(Function &Callee, TaskKind Kind) {
  FunctionType *CT = Callee.getFunctionType();
  bool Converts = any_of(CT->params(), [](Type *T) {
    return T->isFloatingPointTy();
  });
  if (Kind == TaskKind::Forward && !Converts)
    return &Callee;
  Module &M = *Callee.getParent();
  std::string Name = (Callee.getName() + ".task").str();
  if (Function *W = M.getFunction(Name))
    return W;
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  bool Sweep = Kind != TaskKind::Forward;
  auto *Results = dyn_cast<StructType>(CT->getReturnType());
  SmallVector<Type *, 12> Params;
  for (Type *T : CT->params().drop_back(Sweep ? 1 : 0))
    Params.push_back(forkedType(T));
  if (Results)
    Params.push_back(Ptr); // Where the adjoints of by-value captures go.
  if (Sweep)
    Params.push_back(Ptr); // The team record of tapes.
  Function *W = Function::Create(
      FunctionType::get(Type::getVoidTy(Ctx), Params, false),
      GlobalValue::InternalLinkage, Name, M);
  W->addFnAttr(Attribute::NoUnwind);
  W->setDSOLocal(true);
  IRBuilder<> B(BasicBlock::Create(Ctx, "entry", W));
  SmallVector<Value *, 12> Args;
  for (auto [K, T] : enumerate(CT->params().drop_back(Sweep ? 1 : 0)))
    Args.push_back(T == W->getArg(K)->getType()
                       ? static_cast<Value *>(W->getArg(K))
                       : B.CreateBitCast(W->getArg(K), T));
  Value *Tape = nullptr;
  if (Sweep) {
    Value *Team = W->getArg(W->arg_size() - 1);
    Tape = B.CreateCall(
        M.getOrInsertFunction(Kind == TaskKind::Adjoint
                                  ? "__eddy_omp_tape_reenter"
                                  : "__eddy_omp_tape_enter",
                              FunctionType::get(Ptr, {Ptr}, false)),
        {Team}, "tape");
    Args.push_back(Tape);
  }
  CallInst *Call = B.CreateCall(&Callee, Args);
  if (Results) {
    Value *Into = W->getArg(W->arg_size() - (Sweep ? 2 : 1));
    for (unsigned K = 0; K < Results->getNumElements(); ++K)
      B.CreateAtomicRMW(AtomicRMWInst::FAdd,
                        B.CreateStructGEP(Results, Into, K),
                        B.CreateExtractValue(Call, K), MaybeAlign(),
                        AtomicOrdering::Monotonic);
  }
  if (Kind == TaskKind::Adjoint) // The thread's tape is spent.
    B.CreateCall(M.getOrInsertFunction(
                     "__eddy_omp_tape_leave",
                     FunctionType::get(B.getVoidTy(), {Ptr}, false)),
                 {Tape});
  B.CreateRetVoid();
  return W;
}

std::optional<std::string> refusesAtomic(const Instruction &I,
                                         const ActivityInfo &Act) {
  if (isa<AtomicCmpXchgInst>(I))
    return "an atomic compare-and-swap on differentiated memory (an '#pragma "
           "omp atomic' update other than += or -=, or a hand-written CAS "
           "loop); Eddy differentiates atomic '+=' and '-=' of floating-point "
           "values — rewrite the update as one of those, or use '#pragma omp "
           "critical'";
  auto &RMW = cast<AtomicRMWInst>(I);
  if (RMW.getOperation() != AtomicRMWInst::FAdd &&
      RMW.getOperation() != AtomicRMWInst::FSub)
    return "an atomic read-modify-write on differentiated memory other than "
           "a floating-point '+=' or '-='; use '#pragma omp critical'";
  if (!RMW.use_empty())
    return "the old value of an atomic update of differentiated memory is "
           "used ('#pragma omp atomic capture'); use '#pragma omp critical' "
           "to read and update together";
  return std::nullopt;
}

bool isPartOfCompareAndSwapLoop(const Value *V) {
  SmallVector<const Value *, 8> Work{V};
  SmallPtrSet<const Value *, 8> Seen{V};
  while (!Work.empty()) {
    const Value *W = Work.pop_back_val();
    if (auto *EV = dyn_cast<ExtractValueInst>(W)) {
      if (!isa<AtomicCmpXchgInst>(EV->getAggregateOperand()))
        return false;
    } else if (auto *LI = dyn_cast<LoadInst>(W)) {
      if (!LI->isAtomic() ||
          none_of(LI->getPointerOperand()->users(), [](const User *U) {
            return isa<AtomicCmpXchgInst>(U);
          }))
        return false;
    } else if (auto *Phi = dyn_cast<PHINode>(W)) {
      for (const Value *In : Phi->incoming_values())
        if (Seen.insert(In).second)
          Work.push_back(In);
    } else {
      return false;
    }
  }
  return true;
}

} // namespace eddy
