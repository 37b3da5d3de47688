//===- CheckpointPragma.cpp - Reading #pragma eddy checkpoint(...) --------===//
//
// The pragma handler: it reads the pragma's tokens, reports what is malformed
// at the token that is wrong, and on success puts a placeholder into the
// token stream in place of the pragma (see CheckpointPragma.h). The parser
// then reads the placeholder as an ordinary statement or declaration, so a
// pragma never disturbs the parse of what follows; CheckpointPlacement.cpp
// turns the placeholder into the marker call in the loop body.
//
// The pragma is registered when the AST consumers are made, not through
// PragmaHandlerRegistry: a registry handler would also run under `clang -E`,
// which would print the placeholder instead of the pragma.
//===----------------------------------------------------------------------===//
#include "CheckpointPragma.h"

#include "clang/AST/DeclBase.h"
#include "clang/Basic/TargetInfo.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/LiteralSupport.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Sema/ScopeInfo.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/SmallString.h"

using namespace clang;

namespace eddy {

unsigned CheckpointPragmaTable::add(const CheckpointPragma &P) {
  Pragmas.push_back(P);
  ByLoc[P.Loc] = Pragmas.size() - 1;
  return Pragmas.size() - 1;
}

std::optional<unsigned>
CheckpointPragmaTable::bySemi(SourceLocation Semi) const {
  auto It = ByLoc.find(Semi);
  if (It == ByLoc.end() || !Pragmas[It->second].ParamTokens.empty())
    return std::nullopt;
  return It->second;
}

std::optional<unsigned>
CheckpointPragmaTable::byBraces(SourceLocation LBrace,
                                SourceLocation RBrace) const {
  auto It = ByLoc.find(LBrace);
  if (It == ByLoc.end() || Pragmas[It->second].NameLoc != RBrace ||
      Pragmas[It->second].ParamTokens.empty())
    return std::nullopt;
  return It->second;
}

static constexpr llvm::StringLiteral TypedefPrefix = "__eddy_checkpoint_pragma_";

std::string CheckpointPragmaTable::typedefName(unsigned Index) {
  return (TypedefPrefix + llvm::Twine(Index)).str();
}

std::optional<unsigned>
CheckpointPragmaTable::byTypedefName(llvm::StringRef Name) const {
  unsigned Index;
  if (!Name.consume_front(TypedefPrefix) || Name.getAsInteger(10, Index) ||
      Index >= Pragmas.size())
    return std::nullopt;
  return Index;
}

static StringRef argName(CheckpointKind K) {
  return K == CheckpointKind::Periodic ? "every" : "snapshots";
}
static std::string argLetter(CheckpointKind K) {
  return K == CheckpointKind::Periodic ? "K" : "S";
}

CountProblem checkCount(CheckpointKind Kind, const llvm::APSInt &Value) {
  uint64_t Max =
      Kind == CheckpointKind::Periodic ? uint64_t(INT64_MAX) : MaxSnapshots;
  if (Value.isSigned() && Value.isNegative())
    return TooSmall;
  if (Value.isZero())
    return TooSmall;
  if (Value.getActiveBits() > 64 || Value.getZExtValue() > Max)
    return TooLarge;
  return CountOk;
}

std::string countProblem(CheckpointKind Kind, CountProblem Problem) {
  std::string Arg = (argName(Kind) + "(" + argLetter(Kind) + ")").str();
  switch (Problem) {
  case NotInteger:
    return Arg + " needs an integer constant " + argLetter(Kind) +
           " (a literal, a macro, an enumerator or a constexpr value)";
  case TooSmall:
    return Arg + " needs " + argLetter(Kind) + " >= 1";
  case TooLarge:
    return Arg + " needs " + argLetter(Kind) + " <= " +
           std::to_string(Kind == CheckpointKind::Periodic ? uint64_t(INT64_MAX)
                                                           : MaxSnapshots);
  case CountOk:
    break;
  }
  return "";
}

namespace {

/// The forms, for messages.
constexpr const char *Forms =
    "'#pragma eddy checkpoint(binomial, snapshots(S))', '#pragma eddy "
    "checkpoint(periodic, every(K))' or '#pragma eddy checkpoint(online, "
    "snapshots(S))'";

/// Reads `(kind, name(N))` after `checkpoint`, reporting the first token
/// that does not fit.
class PragmaReader {
public:
  explicit PragmaReader(Preprocessor &PP) : PP(PP) {}

  std::optional<CheckpointPragma> read(PragmaIntroducer Introducer,
                                       Token NameTok) {
    CheckpointPragma P{CheckpointKind::Binomial, 0, Introducer.Loc,
                       NameTok.getLocation()};
    next();
    if (!expect(tok::l_paren, std::string("expected '(' after '#pragma eddy "
                                          "checkpoint'; write ") + Forms))
      return std::nullopt;
    std::optional<CheckpointKind> Kind = readKind();
    if (!Kind)
      return std::nullopt;
    P.Kind = *Kind;
    StringRef KindName = kindName(*Kind);
    StringRef Arg = argName(*Kind);
    std::string Write = "write '#pragma eddy checkpoint(" + KindName.str() +
                        ", " + Arg.str() + "(" + argLetter(*Kind) + "))'";
    if (!expect(tok::comma, "expected ',' after '" + KindName.str() +
                                "' in '#pragma eddy checkpoint'; " + Write))
      return std::nullopt;
    if (!isIdentifier(Arg)) {
      error(Tok.getLocation(), "'" + KindName.str() + "' takes " + Arg.str() +
                                   "(" + argLetter(*Kind) + "); " + Write);
      return std::nullopt;
    }
    next();
    if (!expect(tok::l_paren, "expected '(' after '" + Arg.str() + "'; " + Write))
      return std::nullopt;
    if (!readCount(P, "expected ')' after " + Arg.str() + "(" +
                          argLetter(*Kind) + "; " + Write))
      return std::nullopt;
    next(); // The ')' readCount stopped at.
    if (!expect(tok::r_paren,
                "expected ')' to close '#pragma eddy checkpoint('; " + Write))
      return std::nullopt;
    if (Tok.isNot(tok::eod)) {
      error(Tok.getLocation(),
            "unexpected tokens after '#pragma eddy checkpoint(...)'; " + Write);
      return std::nullopt;
    }
    return P;
  }

private:
  static StringRef kindName(CheckpointKind K) {
    switch (K) {
    case CheckpointKind::Binomial:
      return "binomial";
    case CheckpointKind::Periodic:
      return "periodic";
    case CheckpointKind::Online:
      return "online";
    }
    llvm_unreachable("unknown checkpoint kind");
  }

  void next() { PP.Lex(Tok); }

  bool isIdentifier(StringRef Name) const {
    return Tok.is(tok::identifier) && Tok.getIdentifierInfo()->getName() == Name;
  }

  bool expect(tok::TokenKind Kind, const std::string &Msg) {
    if (Tok.isNot(Kind)) {
      error(Tok.getLocation(), Msg);
      return false;
    }
    next();
    return true;
  }

  std::optional<CheckpointKind> readKind() {
    std::optional<CheckpointKind> Kind;
    if (Tok.is(tok::identifier)) {
      StringRef Name = Tok.getIdentifierInfo()->getName();
      if (Name == "binomial")
        Kind = CheckpointKind::Binomial;
      else if (Name == "periodic")
        Kind = CheckpointKind::Periodic;
      else if (Name == "online")
        Kind = CheckpointKind::Online;
    }
    if (!Kind) {
      error(Tok.getLocation(), std::string("expected 'binomial', 'periodic' or "
                                           "'online' in '#pragma eddy "
                                           "checkpoint'; write ") +
                                   Forms);
      return std::nullopt;
    }
    next();
    return Kind;
  }

  /// S or K, up to the ')' that closes it (macros expanded). A single
  /// integer literal is checked here; anything else is a C or C++ constant
  /// expression (an enumerator, a constexpr variable, a template parameter)
  /// that CheckpointPlacement.cpp evaluates where the loop is.
  bool readCount(CheckpointPragma &P, const std::string &Unclosed) {
    SmallVector<Token, 8> Toks;
    for (unsigned Depth = 0; Tok.isNot(tok::eod); next()) {
      if (Tok.is(tok::r_paren) && Depth-- == 0)
        break;
      if (Tok.is(tok::l_paren))
        ++Depth;
      Toks.push_back(Tok);
    }
    if (Tok.is(tok::eod)) {
      error(Tok.getLocation(), Unclosed);
      return false;
    }
    if (Toks.empty()) {
      error(Tok.getLocation(), countProblem(P.Kind, NotInteger));
      return false;
    }
    if (Toks.size() == 2 && Toks[0].is(tok::minus) &&
        Toks[1].is(tok::numeric_constant)) {
      error(Toks[0].getLocation(), countProblem(P.Kind, TooSmall));
      return false;
    }
    if (Toks.size() > 1 || Toks[0].isNot(tok::numeric_constant)) {
      P.ParamTokens.assign(Toks.begin(), Toks.end());
      return true;
    }
    std::optional<uint64_t> Value = readLiteral(Toks[0], P.Kind);
    if (!Value)
      return false;
    P.Param = *Value;
    return true;
  }

  std::optional<uint64_t> readLiteral(const Token &Lit, CheckpointKind Kind) {
    llvm::SmallString<32> Buffer;
    bool Invalid = false;
    StringRef Spelling = PP.getSpelling(Lit, Buffer, &Invalid);
    if (Invalid)
      return std::nullopt;
    NumericLiteralParser Literal(Spelling, Lit.getLocation(),
                                 PP.getSourceManager(), PP.getLangOpts(),
                                 PP.getTargetInfo(), PP.getDiagnostics());
    if (Literal.hadError) // Reported by the literal parser.
      return std::nullopt;
    if (!Literal.isIntegerLiteral() || Literal.hasUDSuffix()) {
      error(Lit.getLocation(), countProblem(Kind, NotInteger));
      return std::nullopt;
    }
    llvm::APInt Value(64, 0);
    CountProblem Problem = Literal.GetIntegerValue(Value)
                               ? TooLarge
                               : checkCount(Kind, llvm::APSInt(Value, true));
    if (Problem != CountOk) {
      error(Lit.getLocation(), countProblem(Kind, Problem));
      return std::nullopt;
    }
    return Value.getZExtValue();
  }

  void error(SourceLocation Loc, const std::string &Msg) {
    DiagnosticsEngine &D = PP.getDiagnostics();
    D.Report(Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0")) << Msg;
  }

  Preprocessor &PP;
  Token Tok;
};

Token makeToken(tok::TokenKind Kind, SourceLocation Loc,
                IdentifierInfo *II = nullptr) {
  Token T;
  T.startToken();
  T.setKind(Kind);
  T.setLocation(Loc);
  T.setLength(1);
  if (II)
    T.setIdentifierInfo(II);
  return T;
}

/// A keyword or identifier token spelled \p Name, at \p Loc.
Token makeWord(Preprocessor &PP, StringRef Name, SourceLocation Loc) {
  IdentifierInfo *II = PP.getIdentifierInfo(Name);
  return makeToken(II->getTokenID(), Loc, II);
}

/// `{ (void)(S); }`, the braces at the pragma's two locations (C).
std::vector<Token> statementPlaceholder(Preprocessor &PP,
                                        const CheckpointPragma &P) {
  SourceLocation L = P.ParamTokens.front().getLocation();
  std::vector<Token> Toks{makeToken(tok::l_brace, P.Loc),
                          makeToken(tok::l_paren, L), makeWord(PP, "void", L),
                          makeToken(tok::r_paren, L), makeToken(tok::l_paren, L)};
  Toks.insert(Toks.end(), P.ParamTokens.begin(), P.ParamTokens.end());
  Toks.insert(Toks.end(), {makeToken(tok::r_paren, L), makeToken(tok::semi, L),
                           makeToken(tok::r_brace, P.NameLoc)});
  return Toks;
}

/// `typedef __decltype(S) __eddy_checkpoint_pragma_N
/// __attribute__((__unused__));` (C++).
std::vector<Token> declarationPlaceholder(Preprocessor &PP,
                                          const CheckpointPragma &P,
                                          unsigned Index) {
  SourceLocation L = P.Loc;
  std::vector<Token> Toks{makeWord(PP, "typedef", L),
                          makeWord(PP, "__decltype", L),
                          makeToken(tok::l_paren, L)};
  Toks.insert(Toks.end(), P.ParamTokens.begin(), P.ParamTokens.end());
  Toks.push_back(makeToken(tok::r_paren, L));
  Toks.insert(Toks.end(),
              {makeWord(PP, CheckpointPragmaTable::typedefName(Index), L),
               makeWord(PP, "__attribute__", L), makeToken(tok::l_paren, L),
               makeToken(tok::l_paren, L), makeWord(PP, "__unused__", L),
               makeToken(tok::r_paren, L), makeToken(tok::r_paren, L),
               makeToken(tok::semi, L)});
  return Toks;
}

/// Whether the last token before \p Hash, in the source from the start of
/// function \p Fn (comments skipped), is a `}`.
bool followsClosingBrace(Preprocessor &PP, const FunctionDecl &Fn,
                         SourceLocation Hash) {
  const SourceManager &SM = PP.getSourceManager();
  SourceLocation Begin = SM.getExpansionLoc(Fn.getBeginLoc());
  if (!Hash.isFileID() || SM.getFileID(Begin) != SM.getFileID(Hash) ||
      SM.getFileOffset(Begin) > SM.getFileOffset(Hash))
    return false;
  FileID File = SM.getFileID(Hash);
  bool Invalid = false;
  StringRef Text = SM.getBufferData(File, &Invalid);
  if (Invalid)
    return false;
  Lexer Raw(SM.getLocForStartOfFile(File), PP.getLangOpts(), Text.begin(),
            Text.begin() + SM.getFileOffset(Begin), Text.end());
  bool LastIsBrace = false;
  for (Token T; !Raw.LexFromRawLexer(T) &&
                SM.getFileOffset(T.getLocation()) < SM.getFileOffset(Hash);)
    LastIsBrace = T.is(tok::r_brace);
  return LastIsBrace;
}

/// Whether the C parser is in a function body at the pragma at \p Hash.
/// The pragma is read as the parser's next token, that is, when the token
/// before it is consumed: a function's closing brace is consumed while
/// Sema is still in the function, with only the body's compound statement
/// open (an inner block's brace leaves two). C has no member functions whose
/// bodies are read before they are parsed, so Sema's context is the answer
/// otherwise.
bool inFunctionBody(Preprocessor &PP, Sema &S, SourceLocation Hash) {
  if (!S.CurContext->isFunctionOrMethod())
    return false;
  const sema::FunctionScopeInfo *Scope = S.getCurFunction();
  const FunctionDecl *Fn = S.getCurFunctionDecl();
  if (!Scope || Scope->CompoundScopes.size() != 1 || !Fn)
    return true;
  return !followsClosingBrace(PP, *Fn, Hash);
}

class CheckpointHandler : public PragmaHandler {
public:
  explicit CheckpointHandler(std::shared_ptr<CheckpointPragmaTable> Table)
      : PragmaHandler("checkpoint"), Table(std::move(Table)) {}

  void HandlePragma(Preprocessor &PP, PragmaIntroducer Introducer,
                    Token &NameTok) override {
    std::optional<CheckpointPragma> P = PragmaReader(PP).read(Introducer, NameTok);
    if (!P)
      return;
    bool CPlusPlus = PP.getLangOpts().CPlusPlus;
    if (!CPlusPlus && Table->S && !inFunctionBody(PP, *Table->S, P->Loc)) {
      DiagnosticsEngine &D = PP.getDiagnostics();
      D.Report(P->Loc, D.getCustomDiagID(DiagnosticsEngine::Error, "%0"))
          << "'#pragma eddy checkpoint' must be in a function body, on the "
             "line before a for, while or do loop";
      return;
    }
    std::vector<Token> Toks;
    if (P->ParamTokens.empty())
      Toks = {makeToken(tok::semi, P->Loc)};
    else if (CPlusPlus)
      Toks = declarationPlaceholder(PP, *P, Table->size());
    else
      Toks = statementPlaceholder(PP, *P);
    Table->add(*P);
    auto Stream = std::make_unique<Token[]>(Toks.size());
    std::copy(Toks.begin(), Toks.end(), Stream.get());
    PP.EnterTokenStream(std::move(Stream), Toks.size(),
                        /*DisableMacroExpansion=*/true, /*IsReinject=*/false);
  }

private:
  std::shared_ptr<CheckpointPragmaTable> Table;
};

/// `#pragma eddy <anything else>`.
class UnknownEddyPragmaHandler : public PragmaHandler {
public:
  UnknownEddyPragmaHandler() : PragmaHandler("") {}

  void HandlePragma(Preprocessor &PP, PragmaIntroducer,
                    Token &NameTok) override {
    std::string Name;
    if (const IdentifierInfo *II = NameTok.getIdentifierInfo())
      Name = " " + II->getName().str();
    DiagnosticsEngine &D = PP.getDiagnostics();
    D.Report(NameTok.getLocation(),
             D.getCustomDiagID(DiagnosticsEngine::Warning, "%0"))
        << "unknown pragma '#pragma eddy" + Name +
               "' ignored; Eddy's pragma is '#pragma eddy checkpoint(...)' "
               "(docs/checkpointing.md)";
  }
};

} // namespace

void registerEddyPragmas(Preprocessor &PP,
                         std::shared_ptr<CheckpointPragmaTable> Table) {
  PP.AddPragmaHandler("eddy", new CheckpointHandler(std::move(Table)));
  PP.AddPragmaHandler("eddy", new UnknownEddyPragmaHandler());
}

} // namespace eddy
