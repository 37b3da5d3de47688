//===- BodyCloning.cpp - Copying a function's body ------------------------===//
#include "Eddy/Transform/BodyCloning.h"
#include "Eddy/Transform/DerivativeCache.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Transforms/Utils/Cloning.h"

using namespace llvm;

namespace eddy {

/// Local values of the source function and their copies.
using LocalMap = DenseMap<const Value *, Value *>;

/// Can \p F be copied with its metadata unchanged, mapping only its local
/// values? Not with debug records or intrinsics (variables' locations name
/// local values through metadata), other metadata operands that do, or
/// blocks whose address is taken (blockaddress constants name them).
static bool copiesLocally(const Function &F) {
  for (const BasicBlock &BB : F) {
    if (BB.hasAddressTaken())
      return false;
    for (const Instruction &I : BB) {
      if (I.hasDbgRecords() || isa<DbgInfoIntrinsic>(I))
        return false;
      if (isa<CallBase>(I))
        for (const Value *Op : I.operands())
          if (const auto *MV = dyn_cast<MetadataAsValue>(Op))
            if (isa<LocalAsMetadata>(MV->getMetadata()) ||
                isa<DIArgList>(MV->getMetadata()))
              return false;
    }
  }
  return true;
}

/// Appends copies of \p From's blocks to \p To and maps their operands
/// through \p Map, which holds From's arguments on entry.
static void copyBlocks(const Function &From, Function &To, LocalMap &Map) {
  const unsigned Count = From.getInstructionCount();
  Map.reserve(Map.size() + From.size() + Count);
  LLVMContext &Ctx = To.getContext();
  SmallVector<Instruction *, 0> Copies;
  Copies.reserve(Count);
  for (const BasicBlock &BB : From)
    Map[&BB] = BasicBlock::Create(Ctx, BB.getName(), &To);
  for (const BasicBlock &BB : From) {
    auto *NewBB = cast<BasicBlock>(Map[&BB]);
    for (const Instruction &I : BB) {
      Instruction *NI = I.clone();
      if (I.hasName())
        NI->setName(I.getName());
      NI->insertInto(NewBB, NewBB->end());
      Map[&I] = NI;
      Copies.push_back(NI);
    }
  }
  // Constants, globals and metadata stay; only local values move. (Literal
  // constants are most operands of generated code, and each lookup of one in
  // a map the size of the function is a cache miss.)
  for (Instruction *NI : Copies) {
    for (Use &U : NI->operands())
      if (!isa<ConstantData>(U.get()))
        if (Value *V = Map.lookup(U.get()))
          U.set(V);
    if (auto *Phi = dyn_cast<PHINode>(NI))
      for (unsigned K = 0, E = Phi->getNumIncomingValues(); K < E; ++K)
        Phi->setIncomingBlock(K,
                              cast<BasicBlock>(Map[Phi->getIncomingBlock(K)]));
  }
}

/// Readies \p VMap for LLVM's cloner. Room for every value up front: the map's entries are value handles, and
/// each time it grows it moves every entry out of and back into its value's
/// handle list.
///
/// Clones keep F's DISubprogram instead of a new one. Cloning the subprogram
/// makes the value mapper rebuild every line location of the body under it,
/// one uniquing at a time: half the cost of copying a 30,000-line function.
/// Primal copies (erased once their derivatives are built) need the
/// locations only to point diagnostics at the user's lines.
static void prepareCloneMap(const Function &F, ValueToValueMapTy &VMap) {
  VMap.reserve(VMap.size() + F.arg_size() + F.size() +
               F.getInstructionCount());
  if (DISubprogram *SP = F.getSubprogram())
    VMap.MD()[SP].reset(SP);
}

/// Gives \p To the metadata attachments of \p From (the subprogram only
/// when \p WithSubprogram), the nodes themselves, not copies.
static void shareMetadata(const Function &From, Function &To,
                          bool WithSubprogram) {
  SmallVector<std::pair<unsigned, MDNode *>, 4> MDs;
  From.getAllMetadata(MDs);
  for (auto [Kind, MD] : MDs)
    if (WithSubprogram || Kind != LLVMContext::MD_dbg)
      To.addMetadata(Kind, *MD);
}

Function *copyFunction(Function &F, const Twine &Name) {
  Function *Copy;
  if (copiesLocally(F)) {
    Copy = Function::Create(F.getFunctionType(), F.getLinkage(),
                            F.getAddressSpace(), Name, F.getParent());
    Copy->setIsNewDbgInfoFormat(F.IsNewDbgInfoFormat);
    Copy->copyAttributesFrom(&F);
    shareMetadata(F, *Copy, /*WithSubprogram=*/true);
    LocalMap Map;
    for (auto [A, CopyA] : zip(F.args(), Copy->args())) {
      CopyA.setName(A.getName());
      Map[&A] = &CopyA;
    }
    copyBlocks(F, *Copy, Map);
  } else {
    ValueToValueMapTy VMap;
    prepareCloneMap(F, VMap);
    Copy = CloneFunction(&F, VMap);
    Copy->setName(Name);
  }
  Copy->setLinkage(GlobalValue::InternalLinkage);
  Copy->removeFnAttr(Attribute::OptimizeNone);
  Copy->removeFnAttr(Attribute::NoInline);
  return Copy;
}

void cloneBodyInto(Function &Primal, Function &D, ValueToValueMapTy &VMap) {
  AttributeList Attrs = D.getAttributes();
  if (copiesLocally(Primal)) {
    D.copyAttributesFrom(&Primal); // Personality, GC, section, alignment.
    shareMetadata(Primal, D, /*WithSubprogram=*/false);
    LocalMap Map;
    for (const auto &Entry : VMap)
      Map[Entry.first] = Entry.second;
    copyBlocks(Primal, D, Map);
    VMap.reserve(Map.size());
    for (auto [From, To] : Map)
      VMap[From] = To;
  } else {
    prepareCloneMap(Primal, VMap); // (The debug info is stripped below.)
    SmallVector<ReturnInst *, 4> Returns;
    CloneFunctionInto(&D, &Primal, VMap,
                      CloneFunctionChangeType::LocalChangesOnly, Returns);
  }
  stripDebugInfo(D);
  D.setAttributes(Attrs);
  makeLocalDerivative(D); // The primal's linkage and calling convention came along.
}

} // namespace eddy
