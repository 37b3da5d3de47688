//===- Eddy/Support/Remarks.h - Optimization remarks of pass "eddy" -*- C++ -*-===//
//
// What Eddy decided, through LLVM's own remark mechanism: `-Rpass=eddy`,
// `-Rpass-missed=eddy`, `-Rpass-analysis=eddy` print them at the user's lines,
// `-fsave-optimization-record` (opt: `-pass-remarks-output`) writes them as
// YAML for opt-viewer. Nothing is computed unless a remark of pass "eddy" is
// enabled or a record is being saved.
//===----------------------------------------------------------------------===//
#ifndef EDDY_SUPPORT_REMARKS_H
#define EDDY_SUPPORT_REMARKS_H

#include "llvm/ADT/Twine.h"
#include <string>

namespace llvm {
class BasicBlock;
class DebugLoc;
class Instruction;
class LLVMContext;
class Value;
} // namespace llvm

namespace eddy {

/// The pass name of every Eddy remark.
inline constexpr const char *RemarkPass = "eddy";

/// Whether a remark of pass "eddy" would be printed or saved.
bool remarksEnabled(llvm::LLVMContext &Ctx);

enum class RemarkKind { Passed, Missed, Analysis };

/// Emits a remark named \p Name at \p Loc (falling back to the start of
/// \p In's function when \p Loc is empty), attributed to the user's
/// function when \p In is in Eddy's copy of it.
void emitRemark(RemarkKind Kind, const char *Name, const llvm::DebugLoc &Loc,
                const llvm::BasicBlock &In, const llvm::Twine &Msg);
/// The same at an instruction's own location.
void emitRemark(RemarkKind Kind, const char *Name, const llvm::Instruction &At,
                const llvm::Twine &Msg);

/// "line:col" of \p Loc, or "" without one.
std::string lineColumn(const llvm::DebugLoc &Loc);

/// How a remark names a value of the user's code: the source expression at
/// its location when the file can be read (`u[i]`, `sin(t)`), else what it
/// is ("a load", "the result of 'sin'", "a product"), with "at line:col"
/// when it has a location.
std::string describeValue(const llvm::Value &V);

} // namespace eddy

#endif // EDDY_SUPPORT_REMARKS_H
