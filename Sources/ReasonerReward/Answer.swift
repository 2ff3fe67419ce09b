// Answer: the typed shape of a final answer (expression, equation/inequality, tuple/interval, bare list,
// set, union, matrix, text) and the parser that reads one from normalised LaTeX.
// Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift (sets, tuples, intervals, matrices) and FuzzTests.swift.

enum RelationOperator: String, Sendable {
  case equal = "=", less = "<", lessEqual = "≤", greater = ">", greaterEqual = "≥", notEqual = "≠"
}

struct RelationStep: Hashable, Sendable {
  var op: RelationOperator
  var rhs: Expr
}

indirect enum Answer: Hashable, Sendable {
  case expression(Expr)
  /// `x = 3`, `y = 2x+1`, `-1 < x \le 2`: the first expression then each (operator, expression).
  case relation(Expr, [RelationStep])
  /// Ordered and bracketed: points, tuples, vectors and intervals, e.g. `[1, 2)`.
  case sequence(open: Character, close: Character, [Answer])
  /// Several answers without brackets (`1, 2` or `x=1 or x=2`): order does not matter.
  case list([Answer])
  case set([Answer])
  case union([Answer])
  case matrix([[Answer]])
  case text(String)
}

extension RelationOperator {
  init?(token: LatexToken) {
    switch token {
    case .symbol("="), .command("approx"), .command("equiv"): self = .equal
    case .symbol("<"), .command("lt"): self = .less
    case .symbol(">"), .command("gt"): self = .greater
    case .command("le"), .command("leq"), .command("leqslant"), .symbol("≤"): self = .lessEqual
    case .command("ge"), .command("geq"), .command("geqslant"), .symbol("≥"): self = .greaterEqual
    case .command("ne"), .command("neq"), .symbol("≠"): self = .notEqual
    default: return nil
    }
  }
}

/// Reads an Answer from normalised LaTeX; throws ParseFailure on anything it does not understand.
func parseAnswer(_ text: String) throws -> Answer {
  var parser = LatexParser(text)
  guard parser.tokens.count <= LatexParser.maxTokens else {
    throw ParseFailure(message: "answer longer than \(LatexParser.maxTokens) tokens")
  }
  let items = try parser.parseAnswerList()
  guard parser.atEnd else {
    throw ParseFailure(message: "unexpected \(LatexParser.spell(parser.current)) at token \(parser.position)")
  }
  if items.isEmpty { throw ParseFailure(message: "empty answer") }
  return items.count == 1 ? items[0] : .list(items)
}

extension LatexParser {
  static let openers: [LatexToken: Character] = [
    .symbol("("): "(", .symbol("["): "[", .command("langle"): "(", .command("lbrack"): "[",
  ]
  static let closers: [LatexToken: Character] = [
    .symbol(")"): ")", .symbol("]"): "]", .command("rangle"): ")", .command("rbrack"): "]",
  ]

  /// Items separated by top-level commas or semicolons.
  mutating func parseAnswerList() throws -> [Answer] {
    var items: [Answer] = []
    if atEnd || current == .command("}") { return items }
    while true {
      try enter(); defer { depth -= 1 }
      items.append(try parseUnionItem())
      if current == .symbol(",") || current == .symbol(";") { advance(); continue }
      return items
    }
  }

  mutating func parseUnionItem() throws -> Answer {
    let first = try parseAnswerItem()
    var parts = [first]
    while current == .command("cup") || current == .letter("U") || current == .symbol("∪") {
      advance()
      parts.append(try parseAnswerItem())
    }
    return parts.count == 1 ? first : .union(parts)
  }

  mutating func parseAnswerItem() throws -> Answer {
    try enter(); defer { depth -= 1 }
    if let open = LatexParser.openers[current] {
      let saved = (position, tokens)
      advance()
      if let items = try? parseAnswerList(), items.count >= 2, let close = LatexParser.closers[current] {
        advance()
        // (m, n) = (36, 6) and (x, y) \in S: the value after the names.
        if current == .symbol("=") || current == .command("in") { advance(); return try parseUnionItem() }
        if atEnd || current == .symbol(",") || current == .symbol(";") || current == .command("cup")
          || current == .letter("U") || LatexParser.closers[current] != nil || current == .command("}")
        {
          return .sequence(open: open, close: close, items)
        }
      }
      (position, tokens) = saved
    }
    if current == .command("{") {
      advance()
      let items = try parseAnswerList()
      try expect(.command("}"))
      return .set(items)
    }
    if current == .command("begin") { return try parseMatrix() }
    let first = try parseExpression()
    if current == .command("in") { advance(); return try parseUnionItem() }  // x \in [0, 1]: the set
    var steps: [RelationStep] = []
    while let op = RelationOperator(token: current) {
      advance()
      steps.append(RelationStep(op: op, rhs: try parseExpression()))
    }
    return steps.isEmpty ? .expression(first) : .relation(first, steps)
  }

  /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` (any matrix environment).
  mutating func parseMatrix() throws -> Answer {
    advance()
    try skipBraceGroup()
    if current == .symbol("{") { try skipBraceGroup() }  // array column spec
    var rows: [[Answer]] = [[]]
    while !atEnd && current != .command("end") {
      try enter(); defer { depth -= 1 }
      rows[rows.count - 1].append(try parseAnswerItem())
      if current == .symbol("&") { advance() } else if current == .command("\\") {
        advance()
        if current != .command("end") { rows.append([]) }
      }
    }
    try expect(.command("end"))
    try skipBraceGroup()
    guard let width = rows.first?.count, width > 0, rows.allSatisfy({ $0.count == width }) else {
      throw ParseFailure(message: "ragged matrix")
    }
    return .matrix(rows)
  }

  mutating func skipBraceGroup() throws {
    try expect(.symbol("{"))
    while !atEnd && current != .symbol("}") { advance() }
    try expect(.symbol("}"))
  }
}
