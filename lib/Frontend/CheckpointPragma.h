//===- CheckpointPragma.h - #pragma eddy checkpoint(...) --------*- C++ -*-===//
//
// `#pragma eddy checkpoint(binomial, snapshots(S))`, `(periodic, every(K))`
// and `(online, snapshots(S))`, written on the line before a loop, become a
// call `__eddy_checkpoint(i32 kind, i64 param)` at the top of the loop's body,
// located at the pragma, which the passes look for (docs/checkpointing.md).
//
// Two halves share a table of the pragmas seen: the pragma handler
// (CheckpointPragma.cpp) parses the pragma and leaves a placeholder in the
// token stream; a consumer before code generation (CheckpointPlacement.cpp)
// finds each placeholder, checks that a loop follows it and puts the call in
// the loop's body. Shared by the Clang plugin and eddy-transform.
//===----------------------------------------------------------------------===//
#ifndef EDDY_FRONTEND_CHECKPOINTPRAGMA_H
#define EDDY_FRONTEND_CHECKPOINTPRAGMA_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/Token.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace llvm {
class APSInt;
} // namespace llvm

namespace clang {
class ASTConsumer;
class CompilerInstance;
class Preprocessor;
class Sema;
} // namespace clang

namespace eddy {

/// The first argument of the marker call: which schedule. The numbers are
/// the contract with the passes; do not reorder.
enum class CheckpointKind : unsigned { Binomial = 0, Periodic = 1, Online = 2 };

/// The largest snapshots(S) accepted (2^20 snapshots of the loop's state).
inline constexpr uint64_t MaxSnapshots = uint64_t(1) << 20;

/// The symbol the marker calls (`declare void @__eddy_checkpoint(i32, i64)`).
inline constexpr const char *CheckpointMarkerSymbol = "__eddy_checkpoint";

/// One `#pragma eddy checkpoint(...)` that parsed.
struct CheckpointPragma {
  CheckpointKind Kind;
  uint64_t Param;            // S for binomial and online, K for periodic.
  clang::SourceLocation Loc; // The '#' (or '_Pragma'): where the call is.
  clang::SourceLocation NameLoc; // The `checkpoint` token.
  /// S or K when it is not one integer literal: the expression's tokens,
  /// put into the placeholder and evaluated where the loop is (Param unset).
  std::vector<clang::Token> ParamTokens;
};

/// What is wrong with a value of S or K.
enum CountProblem { CountOk, NotInteger, TooSmall, TooLarge };
CountProblem checkCount(CheckpointKind Kind, const llvm::APSInt &Value);
/// The error message for \p Problem (not CountOk).
std::string countProblem(CheckpointKind Kind, CountProblem Problem);

/// The pragmas of one translation unit, and how their placeholders are
/// recognised in the AST. Each pragma leaves one placeholder, chosen to be
/// valid wherever the pragma may be (the misplaced ones are then reported
/// by CheckpointPlacement.cpp, not by the parser):
/// - with a literal S or K (the documented forms): `;`, at the pragma. It
///   is a null statement in a function, an empty declaration elsewhere.
/// - with an expression S or K, in C++:
///   `typedef __decltype(S) __eddy_checkpoint_pragma_<index>
///   __attribute__((__unused__));`, a declaration, which C++ also takes as
///   a statement anywhere.
/// - with an expression S or K, in C, in a function: `{ (void)(S); }`, the
///   braces at the pragma and at `checkpoint`. (C allows neither form
///   everywhere: outside a function, the pragma is reported at once.)
class CheckpointPragmaTable {
public:
  /// Sema while it exists (the consumer sets it): in C, the handler asks it
  /// whether the parser is in a function.
  clang::Sema *S = nullptr;

  unsigned add(const CheckpointPragma &P);
  const CheckpointPragma &get(unsigned Index) const { return Pragmas[Index]; }

  /// The pragma whose `;` placeholder is at \p Semi.
  std::optional<unsigned> bySemi(clang::SourceLocation Semi) const;
  /// The pragma whose `{ (void)(S); }` placeholder has these braces.
  std::optional<unsigned> byBraces(clang::SourceLocation LBrace,
                                   clang::SourceLocation RBrace) const;
  unsigned size() const { return Pragmas.size(); }
  /// The pragma whose typedef placeholder has this name.
  std::optional<unsigned> byTypedefName(llvm::StringRef Name) const;
  static std::string typedefName(unsigned Index);

private:
  std::vector<CheckpointPragma> Pragmas;
  llvm::DenseMap<clang::SourceLocation, unsigned> ByLoc;
};

/// Registers the `eddy` pragma namespace (`checkpoint`, and a warning for
/// any other name) on \p PP, recording into \p Table.
void registerEddyPragmas(clang::Preprocessor &PP,
                         std::shared_ptr<CheckpointPragmaTable> Table);

/// Registers the pragmas on \p CI's preprocessor and returns the consumer
/// that lowers them; it must come before the code generator's consumer.
/// Called where the AST consumers are made, so `clang -E` with the plugin
/// leaves the pragma in its output.
std::unique_ptr<clang::ASTConsumer>
createCheckpointLowering(clang::CompilerInstance &CI);

} // namespace eddy

#endif // EDDY_FRONTEND_CHECKPOINTPRAGMA_H
