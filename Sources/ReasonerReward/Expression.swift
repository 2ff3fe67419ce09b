// Expression: the syntax tree of one mathematical expression, as read by LatexParser and evaluated by
// ExactEvaluation / NumericEvaluation. Tested through Tests/ReasonerRewardTests/VerifierCaseTests.swift and FuzzTests.swift.

/// A parsed expression. `number` keeps how many decimal places it was written with (nil for integers
/// and fractions) so the verifier knows when the gold is itself a decimal approximation.
indirect enum Expr: Hashable, Sendable {
  case number(Rational, decimalPlaces: Int?)
  case symbol(String)
  case pi, euler, imaginaryUnit, infinity
  case add(Expr, Expr)
  case sub(Expr, Expr)
  case mul(Expr, Expr)
  case div(Expr, Expr)
  case pow(Expr, Expr)
  case neg(Expr)
  /// a ± b (unary ± is plusMinus(0, b)); expanded into two answers before comparison.
  case plusMinus(Expr, Expr)
  /// sqrt, root (index, radicand), sin…, ln, log (base, x), exp, abs, factorial, binom.
  case call(String, [Expr])
  /// A numeral written in another base, e.g. 52_8: compared only literally (52_8 ≠ 52_{10}).
  case based(digits: String, base: String)
  case percent(Expr)

  /// Free variables, in first-seen order.
  var symbols: [String] {
    var seen: [String] = []
    collectSymbols(into: &seen)
    return seen
  }

  private func collectSymbols(into seen: inout [String]) {
    switch self {
    case .symbol(let s): if !seen.contains(s) { seen.append(s) }
    case .add(let a, let b), .sub(let a, let b), .mul(let a, let b), .div(let a, let b),
      .pow(let a, let b), .plusMinus(let a, let b):
      a.collectSymbols(into: &seen); b.collectSymbols(into: &seen)
    case .neg(let a), .percent(let a): a.collectSymbols(into: &seen)
    case .call(_, let args): for a in args { a.collectSymbols(into: &seen) }
    default: break
    }
  }

  /// ±1 when the expression is ±∞, else nil.
  var infinitySign: Int? {
    switch self {
    case .infinity: return 1
    case .neg(let a): return a.infinitySign.map { -$0 }
    case .add(let a, .infinity) where a == .number(.zero, decimalPlaces: nil): return 1
    default: return nil
    }
  }

  var containsPlusMinus: Bool {
    switch self {
    case .plusMinus: return true
    case .add(let a, let b), .sub(let a, let b), .mul(let a, let b), .div(let a, let b), .pow(let a, let b):
      return a.containsPlusMinus || b.containsPlusMinus
    case .neg(let a), .percent(let a): return a.containsPlusMinus
    case .call(_, let args): return args.contains { $0.containsPlusMinus }
    default: return false
    }
  }

  /// The two readings of the first ± (plus first, then minus); other ± stay for a further call.
  func expandPlusMinus() -> (Expr, Expr) {
    switch self {
    case .plusMinus(let a, let b): return (.add(a, b), .sub(a, b))
    case .add(let a, let b): return expandBinary(a, b, Expr.add)
    case .sub(let a, let b): return expandBinary(a, b, Expr.sub)
    case .mul(let a, let b): return expandBinary(a, b, Expr.mul)
    case .div(let a, let b): return expandBinary(a, b, Expr.div)
    case .pow(let a, let b): return expandBinary(a, b, Expr.pow)
    case .neg(let a): let (p, m) = a.expandPlusMinus(); return (.neg(p), .neg(m))
    case .percent(let a): let (p, m) = a.expandPlusMinus(); return (.percent(p), .percent(m))
    case .call(let name, let args):
      guard let k = args.firstIndex(where: { $0.containsPlusMinus }) else { return (self, self) }
      let (p, m) = args[k].expandPlusMinus()
      var ap = args, am = args
      ap[k] = p; am[k] = m
      return (.call(name, ap), .call(name, am))
    default: return (self, self)
    }
  }

  private func expandBinary(_ a: Expr, _ b: Expr, _ make: (Expr, Expr) -> Expr) -> (Expr, Expr) {
    if a.containsPlusMinus { let (p, m) = a.expandPlusMinus(); return (make(p, b), make(m, b)) }
    let (p, m) = b.expandPlusMinus()
    return (make(a, p), make(a, m))
  }
}
