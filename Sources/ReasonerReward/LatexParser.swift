// LatexParser: a small recursive-descent parser from LaTeX tokens to Expr (sums, products, implicit
// multiplication, \frac, \sqrt[n]{}, powers, factorials, functions, base subscripts, percentages).
// Depth and size are capped so every call is bounded. Tested through Tests/ReasonerRewardTests/VerifierCaseTests.swift and FuzzTests.swift.

import BigInt

struct ParseFailure: Error { let message: String }

struct LatexParser {
  var tokens: [LatexToken]
  var position = 0
  var depth = 0
  /// Open |…| bars: inside one, a bar closes rather than starts a product (|x| not |x·|…).
  var openBars = 0
  static let maxDepth = 60
  static let maxTokens = 4000

  init(_ text: String) { tokens = lexLatex(text) }
  init(tokens: [LatexToken]) { self.tokens = tokens }

  var current: LatexToken { tokens[position] }
  var atEnd: Bool { current == .end }
  mutating func advance() { if position < tokens.count - 1 { position += 1 } }

  mutating func expect(_ t: LatexToken) throws {
    guard current == t else { throw ParseFailure(message: "expected \(t) at token \(position)") }
    advance()
  }

  mutating func enter() throws {
    depth += 1
    if depth > LatexParser.maxDepth { throw ParseFailure(message: "nesting deeper than \(LatexParser.maxDepth)") }
  }

  // MARK: Grammar: expr := term (± term)* ; term := unary (op unary | implicit)* ; unary := -unary | power

  mutating func parseExpression() throws -> Expr {
    try enter(); defer { depth -= 1 }
    var lhs = try parseTerm()
    while true {
      switch current {
      case .symbol("+"): advance(); lhs = .add(lhs, try parseTerm())
      case .symbol("-"): advance(); lhs = .sub(lhs, try parseTerm())
      case .command("pm"): advance(); lhs = .plusMinus(lhs, try parseTerm())
      case .command("mp"): advance(); lhs = .plusMinus(lhs, .neg(try parseTerm()))
      default: return lhs
      }
    }
  }

  mutating func parseTerm() throws -> Expr {
    var lhs = try parseUnary()
    while true {
      switch current {
      case .symbol("*"), .command("cdot"), .command("times"), .symbol("·"), .symbol("×"):
        advance(); lhs = .mul(lhs, try parseUnary())
      case .symbol("/"), .command("div"), .symbol("÷"):
        advance(); lhs = .div(lhs, try parseUnary())
      default:
        guard startsPrimary(current) else { return lhs }
        // A mixed number: an integer directly followed by \frac{int}{int} means 2\frac12 = 5/2.
        let rhs = try parsePower()
        if case .number(let whole, nil) = lhs, whole.isInteger,
          case .div(.number(let p, nil), .number(let q, nil)) = rhs, p.isInteger, q.isInteger,
          let frac = p.divided(by: q), !frac.isNegative
        {
          lhs = .number(whole + frac, decimalPlaces: nil)
        } else if case .neg(.number(let whole, nil)) = lhs, whole.isInteger,
          case .div(.number(let p, nil), .number(let q, nil)) = rhs, p.isInteger, q.isInteger,
          let frac = p.divided(by: q), !frac.isNegative
        {
          lhs = .neg(.number(whole + frac, decimalPlaces: nil))  // -2\frac14 = -(2 + 1/4)
        } else {
          lhs = .mul(lhs, rhs)
        }
      }
    }
  }

  func startsPrimary(_ t: LatexToken) -> Bool {
    switch t {
    case .number, .letter: return true
    case .symbol(let c): return c == "(" || c == "{" || c == "√" || c == "π" || c == "∞" || (c == "|" && openBars == 0)
    case .command(let name):
      return name == "frac" || name == "sqrt" || name == "binom" || name == "pi" || name == "infty"
        || LatexParser.functions.contains(name) || LatexParser.greek.contains(name) || name == "left"
        || name == "mathrm" || name == "operatorname" || name == "lfloor" || name == "lceil"
    default: return false
    }
  }

  mutating func parseUnary() throws -> Expr {
    try enter(); defer { depth -= 1 }
    switch current {
    case .symbol("-"), .symbol("−"): advance(); return .neg(try parseUnary())
    case .symbol("+"): advance(); return try parseUnary()
    case .command("pm"): advance(); return .plusMinus(.number(.zero, decimalPlaces: nil), try parseUnary())
    default: return try parsePower()
    }
  }

  mutating func parsePower() throws -> Expr {
    let base = try parsePostfix()
    if current == .symbol("^") {
      advance()
      let exponent: Expr
      if current == .symbol("-") {  // x^-1, written loosely
        advance(); exponent = .neg(try parseArgument())
      } else if case .number(let digits) = current {
        // 2^10 is read as 2^{10}, as the writer meant, though LaTeX would typeset 2^1 0.
        advance()
        guard let value = parseDecimalLiteral(digits) else { throw ParseFailure(message: "bad exponent \(digits)") }
        exponent = .number(value, decimalPlaces: nil)
      } else {
        exponent = try parseArgument()
      }
      var result = Expr.pow(base, exponent)
      while current == .symbol("!") { advance(); result = .call("factorial", [result]) }
      return result
    }
    return base
  }

  mutating func parsePostfix() throws -> Expr {
    var e = try parsePrimary()
    while true {
      if current == .symbol("!") { advance(); e = .call("factorial", [e]); continue }
      if current == .command("%") || current == .symbol("%") { advance(); e = .percent(e); continue }
      if current == .symbol("'") { advance(); e = .call("prime", [e]); continue }
      if current == .symbol("_") {
        advance()
        let sub = try parseSubscriptText()
        switch e {
        case .number(_, let places) where places == nil:
          if case .number(let r, _) = e { e = .based(digits: r.description, base: sub) }
        case .symbol(let s): e = .symbol(s + "_" + sub)
        default: e = .call("sub_" + sub, [e])
        }
        continue
      }
      return e
    }
  }

  /// The raw text of a subscript: `_8`, `_{10}`, `_{n+1}`.
  mutating func parseSubscriptText() throws -> String {
    if current == .symbol("{") {
      advance()
      var text = ""
      var level = 0
      while !atEnd {
        if current == .symbol("{") { level += 1 }
        if current == .symbol("}") { if level == 0 { break }; level -= 1 }
        text += LatexParser.spell(current)
        advance()
      }
      try expect(.symbol("}"))
      return text
    }
    let t = current
    if case .number(let digits) = t {  // _10 in loose writing means base 10, a single digit in LaTeX
      advance(); return digits
    }
    advance()
    return LatexParser.spell(t)
  }

  static func spell(_ t: LatexToken) -> String {
    switch t {
    case .number(let s): return s
    case .letter(let c): return String(c)
    case .command(let c): return "\\" + c
    case .symbol(let c): return String(c)
    case .end: return ""
    }
  }

  /// A LaTeX macro argument: `{expr}` or a single token (`\frac12` reads 1 then 2).
  mutating func parseArgument() throws -> Expr {
    try enter(); defer { depth -= 1 }
    if current == .symbol("{") {
      advance()
      let e = try parseExpression()
      try expect(.symbol("}"))
      return e
    }
    if case .number(let s) = current, s.count > 1, s.allSatisfy({ $0.isASCII && $0.isNumber }),
      let first = s.first?.wholeNumberValue
    {
      // Split off the first digit and leave the rest as the next token.
      tokens[position] = .number(String(s.dropFirst()))
      return .number(Rational(first), decimalPlaces: nil)
    }
    return try parsePrimary()
  }

  mutating func parsePrimary() throws -> Expr {
    try enter(); defer { depth -= 1 }
    let t = current
    switch t {
    case .number(let s):
      advance()
      guard var value = parseDecimalLiteral(s) else { throw ParseFailure(message: "bad number \(s)") }
      // A repeating decimal: 0.\overline{3}, 3.\overline{12} (the dot may come as its own token).
      var text = s
      if current == .symbol("."), tokens[position + 1] == .command("overline") { advance(); text += "." }
      if current == .command("overline"), text.contains(".") {
        advance()
        let repeating = try parseSubscriptText()
        guard !repeating.isEmpty, repeating.count <= 50, repeating.allSatisfy(\.isNumber),
          let r = parseDecimalLiteral(repeating)
        else { throw ParseFailure(message: "bad repeating digits") }
        let fractionDigits = text.distance(from: text.firstIndex(of: ".")!, to: text.endIndex) - 1
        let scale = Rational(BigInt(10).power(fractionDigits) * (BigInt(10).power(repeating.count) - 1))
        value = value + r.divided(by: scale)!
        return .number(value, decimalPlaces: nil)
      }
      var places: Int? = nil
      if let dot = s.firstIndex(of: "."), !s.contains("e") { places = s.distance(from: dot, to: s.endIndex) - 1 }
      return .number(value, decimalPlaces: places)
    case .letter(let c):
      advance()
      if c == "i" { return .imaginaryUnit }
      if c == "e" { return .euler }
      return .symbol(String(c))
    case .symbol("("), .symbol("["):
      advance()
      let e = try parseExpression()
      guard current == .symbol(")") || current == .symbol("]") else {
        throw ParseFailure(message: "unclosed bracket")
      }
      advance()
      return e
    case .symbol("{"):
      advance()
      let e = try parseExpression()
      try expect(.symbol("}"))
      return e
    case .symbol("|"):
      advance()
      openBars += 1
      let e = try parseExpression()
      openBars -= 1
      try expect(.symbol("|"))
      return .call("abs", [e])
    case .symbol("π"): advance(); return .pi
    case .symbol("∞"): advance(); return .infinity
    case .symbol("√"): advance(); return .call("sqrt", [try parseArgument()])
    case .command(let name): return try parseCommand(name)
    default:
      throw ParseFailure(message: "unexpected \(LatexParser.spell(t)) at token \(position)")
    }
  }

  static let functions: Set<String> = [
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "ln", "log", "exp", "lg",
  ]
  static let greek: Set<String> = [
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi",
    "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
  ]

  mutating func parseCommand(_ name: String) throws -> Expr {
    advance()
    switch name {
    case "frac", "cfrac":
      let n = try parseArgument()
      let d = try parseArgument()
      return .div(n, d)
    case "binom", "dbinom", "tbinom":
      let n = try parseArgument()
      let k = try parseArgument()
      return .call("binom", [n, k])
    case "sqrt":
      if current == .symbol("[") {
        advance()
        let index = try parseExpression()
        try expect(.symbol("]"))
        return .call("root", [index, try parseArgument()])
      }
      return .call("sqrt", [try parseArgument()])
    case "pi": return .pi
    case "infty", "infin": return .infinity
    case "left": return try parsePrimary()
    case "lfloor", "lceil":
      let inside = try parseExpression()
      try expect(.command(name == "lfloor" ? "rfloor" : "rceil"))
      return .call(name == "lfloor" ? "floor" : "ceil", [inside])
    case "mathrm", "operatorname", "mathit", "mathbf":
      return try parseArgument()
    case "{":
      throw ParseFailure(message: "set inside an expression")
    default:
      if LatexParser.greek.contains(name) { return .symbol("\\" + name) }
      if LatexParser.functions.contains(name) {
        var base: Expr? = nil
        if name == "log", current == .symbol("_") { advance(); base = try parseArgument() }
        var power: Expr? = nil  // \sin^2 x
        if current == .symbol("^") { advance(); power = try parseArgument() }
        let argument: Expr
        if current == .symbol("(") || current == .command("left") {
          argument = try parsePrimary()
        } else {
          argument = try parsePower()
        }
        var call: Expr
        if name == "log", let base { call = .call("logb", [base, argument]) } else { call = .call(name, [argument]) }
        if let power { call = .pow(call, power) }
        return call
      }
      throw ParseFailure(message: "unknown command \\\(name)")
    }
  }
}
