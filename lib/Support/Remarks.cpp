//===- Remarks.cpp - Optimization remarks of pass "eddy" ------------------===//
#include "Eddy/Support/Remarks.h"
#include "Eddy/Support/Diagnostics.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DiagnosticHandler.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace eddy {

bool remarksEnabled(LLVMContext &Ctx) {
  if (Ctx.getLLVMRemarkStreamer())
    return true;
  const DiagnosticHandler *H = Ctx.getDiagHandlerPtr();
  return H && H->isAnyRemarkEnabled(RemarkPass);
}

/// The block a remark is attributed to: in the user's function rather than
/// in Eddy's copy of it (f.eddy.primal...), so that the record and
/// opt-viewer name the function the user wrote.
static const BasicBlock &userRegion(const BasicBlock &Block) {
  const Function &F = *Block.getParent();
  StringRef Name = F.getName();
  size_t Suffix = Name.find(".eddy");
  if (Suffix == StringRef::npos)
    return Block;
  const Function *User = F.getParent()->getFunction(Name.take_front(Suffix));
  if (!User || User->isDeclaration())
    return Block;
  return User->getEntryBlock();
}

void emitRemark(RemarkKind Kind, const char *Name, const DebugLoc &Loc,
                const BasicBlock &In, const Twine &Msg) {
  const BasicBlock &Block = userRegion(In);
  DiagnosticLocation Where = Loc ? DiagnosticLocation(Loc)
                             : Block.getParent()->getSubprogram()
                                 ? DiagnosticLocation(Block.getParent()->getSubprogram())
                                 : DiagnosticLocation();
  LLVMContext &Ctx = Block.getContext();
  std::string Text = Msg.str();
  switch (Kind) {
  case RemarkKind::Passed: {
    OptimizationRemark R(RemarkPass, Name, Where, &Block);
    R << Text;
    Ctx.diagnose(R);
    return;
  }
  case RemarkKind::Missed: {
    OptimizationRemarkMissed R(RemarkPass, Name, Where, &Block);
    R << Text;
    Ctx.diagnose(R);
    return;
  }
  case RemarkKind::Analysis: {
    OptimizationRemarkAnalysis R(RemarkPass, Name, Where, &Block);
    R << Text;
    Ctx.diagnose(R);
    return;
  }
  }
}

void emitRemark(RemarkKind Kind, const char *Name, const Instruction &At,
                const Twine &Msg) {
  emitRemark(Kind, Name, At.getDebugLoc(), *At.getParent(), Msg);
}

std::string lineColumn(const DebugLoc &Loc) {
  if (!Loc || !Loc.getLine())
    return "";
  return (Twine(Loc.getLine()) + ":" + Twine(Loc.getCol())).str();
}

/// The text of \p Line in the file of \p Loc, or "" when it cannot be read.
/// Files are read once per process (remarks only).
static StringRef sourceLine(const DebugLoc &Loc) {
  auto *Scope = dyn_cast_or_null<DIScope>(Loc.getScope());
  if (!Scope || !Scope->getFile())
    return "";
  SmallString<256> Path(Scope->getFilename());
  if (!sys::path::is_absolute(Path)) {
    SmallString<256> Full(Scope->getDirectory());
    sys::path::append(Full, Path);
    Path = Full;
  }
  static StringMap<std::unique_ptr<MemoryBuffer>> Files;
  auto [It, New] = Files.try_emplace(Path);
  if (New) {
    if (auto Buf = MemoryBuffer::getFile(Path, /*IsText=*/true))
      It->second = std::move(*Buf);
  }
  if (!It->second)
    return "";
  StringRef Text = It->second->getBuffer();
  for (unsigned N = 1; N < Loc.getLine(); ++N) {
    size_t End = Text.find('\n');
    if (End == StringRef::npos)
      return "";
    Text = Text.drop_front(End + 1);
  }
  return Text.take_until([](char C) { return C == '\n'; });
}

static bool isIdentChar(char C) { return isAlnum(C) || C == '_'; }

/// The postfix expression that starts at \p Loc's column: an identifier
/// followed by subscripts, calls and member accesses (`u[i]`, `p->x[k]`,
/// `sin(t * w)`), or "" when no identifier starts there.
static std::string sourceExpression(const DebugLoc &Loc) {
  StringRef Line = sourceLine(Loc);
  if (Loc.getCol() == 0 || Loc.getCol() > Line.size())
    return "";
  StringRef Rest = Line.drop_front(Loc.getCol() - 1);
  if (Rest.empty() || !isIdentChar(Rest[0]) || isDigit(Rest[0]))
    return "";
  size_t End = 0;
  auto Ident = [&] {
    while (End < Rest.size() && isIdentChar(Rest[End]))
      ++End;
  };
  Ident();
  while (End < Rest.size()) {
    char C = Rest[End];
    if (C == '[' || C == '(') {
      char Close = C == '[' ? ']' : ')';
      int Depth = 0;
      size_t K = End;
      for (; K < Rest.size(); ++K) {
        if (Rest[K] == C)
          ++Depth;
        else if (Rest[K] == Close && --Depth == 0)
          break;
      }
      if (K == Rest.size())
        break; // Unbalanced on this line: stop before it.
      End = K + 1;
    } else if (C == '.' && End + 1 < Rest.size() && isIdentChar(Rest[End + 1])) {
      ++End;
      Ident();
    } else if (Rest.substr(End).starts_with("->")) {
      End += 2;
      Ident();
    } else {
      break;
    }
  }
  return Rest.take_front(End).str();
}

/// What \p I is, in words, when its source cannot be quoted.
static std::string kindOf(const Instruction &I) {
  if (isa<LoadInst>(I))
    return "a load";
  if (auto *CB = dyn_cast<CallBase>(&I)) {
    if (const Function *F = CB->getCalledFunction())
      return "the result of '" + displayName(*F) + "'";
    return "the result of a call";
  }
  if (isa<PHINode>(I))
    return "a value merged at a join";
  switch (I.getOpcode()) {
  case Instruction::FMul:
    return "a product";
  case Instruction::FDiv:
    return "a quotient";
  case Instruction::FAdd:
    return "a sum";
  case Instruction::FSub:
    return "a difference";
  default:
    break;
  }
  if (I.getType()->isPointerTy())
    return "a pointer";
  return (Twine("a value (") + I.getOpcodeName() + ")").str();
}

std::string describeValue(const Value &V) {
  if (auto *A = dyn_cast<Argument>(&V))
    return (Twine("parameter ") + Twine(A->getArgNo() + 1)).str();
  auto *I = dyn_cast<Instruction>(&V);
  if (!I)
    return "a constant";
  const DebugLoc &Loc = I->getDebugLoc();
  std::string Src = Loc ? sourceExpression(Loc) : "";
  std::string What = Src.empty() ? kindOf(*I) : "`" + Src + "`";
  std::string At = lineColumn(Loc);
  return At.empty() ? What : What + " at " + At;
}

} // namespace eddy
