// ExpressionComparison: decides whether two expressions are equal — exactly (Gaussian rationals) at
// several rational points of their variables when every step is rational, else numerically (relative
// 1e-9); a decimal gold is an approximation and accepts half a unit in its last place; base-n numerals
// compare literally; ∞ compares by sign; a top-level % also matches the value /100. Beyond a cap it
// falls back to literal comparison and says so. Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift.
import BigInt

/// The outcome of one comparison: whether it matched and the rule that decided.
struct Match: Sendable {
  var equal: Bool
  var rule: String
  static func yes(_ rule: String) -> Match { Match(equal: true, rule: rule) }
  static func no(_ rule: String) -> Match { Match(equal: false, rule: rule) }
}

/// Rational points where variables are sampled: fixed (reproducible), non-integer, away from 0 and 1.
private let samplePoints: [Rational] = [
  Rational(13, 7), Rational(29, 11), Rational(5, 3), Rational(41, 17), Rational(7, 2), Rational(23, 9),
  Rational(17, 13), Rational(11, 5), Rational(37, 19), Rational(9, 4),
]

func compareExpressions(gold: Expr, response: Expr) -> Match {
  if gold == response { return .yes("identical expressions") }
  let goldVariants = percentVariants(gold), responseVariants = percentVariants(response)
  var last = Match.no("different values")
  for g in goldVariants {
    for r in responseVariants {
      let m = compareValues(gold: g, response: r)
      if m.equal { return m }
      last = m
    }
  }
  return last
}

private func percentVariants(_ e: Expr) -> [Expr] {
  if case .percent(let x) = e { return [x, .div(x, .number(Rational(100), decimalPlaces: nil))] }
  return [e]
}

/// The number of decimal places of a gold written as a plain decimal (e.g. -0.25 → 2), else nil.
private func decimalPlaces(_ e: Expr) -> Int? {
  switch e {
  case .number(_, let places): return places
  case .neg(let a): return decimalPlaces(a)
  default: return nil
  }
}

private func compareValues(gold: Expr, response: Expr) -> Match {
  if gold == response { return .yes("identical expressions") }
  if let gs = gold.infinitySign, let rs = response.infinitySign {
    return gs == rs ? .yes("same infinity") : .no("opposite infinities")
  }
  if gold.infinitySign != nil || response.infinitySign != nil { return .no("infinity against a finite value") }
  if case .based(let gd, let gb) = gold {
    guard case .based(let rd, let rb) = response else { return .no("base-\(gb) numeral against a plain value") }
    return gd == rd && canonicalBase(gb) == canonicalBase(rb) ? .yes("same base-n numeral") : .no("different base-n numerals")
  }
  if case .based = response { return .no("base-n numeral against a plain value") }

  let variables = Array(Set(gold.symbols + response.symbols)).sorted()
  guard variables.count <= 8 else { return .no("more than 8 variables: compared literally") }
  let pointCount = variables.isEmpty ? 1 : 3
  var definedPoints = 0
  var usedApproximation = false
  for t in 0..<(variables.isEmpty ? 1 : 6) {
    var environment: [String: Rational] = [:]
    for (k, v) in variables.enumerated() {
      let point = samplePoints[(t * 3 + k * 7) % samplePoints.count]
      // The second point is negative, so \sqrt{x^2} (= |x|) is not taken for x.
      environment[v] = t == 1 ? -point : point
    }
    var ge = Evaluator(environment: environment), re = Evaluator(environment: environment)
    let gv = ge.evaluate(gold), rv = re.evaluate(response)
    if let cap = ge.limits.capHit ?? re.limits.capHit {
      return .no("cap exceeded (\(cap)); compared literally: different")
    }
    guard let gv, let rv else {
      if gv == nil && rv == nil { continue }  // both undefined here (e.g. a pole): try another point
      return .no("one side undefined (\(ge.limits.undefinedReason ?? re.limits.undefinedReason ?? "?"))")
    }
    definedPoints += 1
    if case .exact(let a) = gv, case .exact(let b) = rv {
      if a == b { if definedPoints >= pointCount { break } else { continue } }
      if let m = decimalTolerance(gold: gold, goldValue: gv, responseValue: rv, responseExact: b) { return m }
      return .no(variables.isEmpty ? "different exact values" : "different exact values at a sample point")
    }
    usedApproximation = true
    let a = gv.approximation, b = rv.approximation
    guard a.isFinite, b.isFinite else { return .no("not a finite number") }
    if !a.isClose(to: b) {
      if let m = decimalTolerance(gold: gold, goldValue: gv, responseValue: rv, responseExact: nil) { return m }
      return .no(variables.isEmpty ? "different numeric values" : "different values at a sample point")
    }
    if definedPoints >= pointCount { break }
  }
  if definedPoints == 0 { return .no("undefined at every sample point") }
  if variables.isEmpty { return .yes(usedApproximation ? "numerically equal (1e-9)" : "exactly equal") }
  return .yes(usedApproximation ? "equal at \(definedPoints) random points (1e-9)" : "exactly equal at \(definedPoints) random points")
}

/// A gold written as a decimal with ≥ 2 places, or any decimal gold against an irrational or
/// non-terminating response, accepts half a unit in its last place.
private func decimalTolerance(gold: Expr, goldValue: Value, responseValue: Value, responseExact: GaussianRational?)
  -> Match?
{
  guard let places = decimalPlaces(gold), places > 0 else { return nil }
  if let r = responseExact, places < 2, r.isReal, terminates(r.re) { return nil }
  let a = goldValue.approximation, b = responseValue.approximation
  let halfUnit = 0.5 * Foundation_pow(10, Double(-places)) * (1 + 1e-9)
  if abs(a.re - b.re) <= halfUnit, abs(b.im) < 1e-12 {
    return .yes("within half a unit of the decimal gold's last place (\(places) places)")
  }
  return nil
}

private func terminates(_ r: Rational) -> Bool {
  var d = r.denominator
  while d % 2 == 0 { d /= 2 }
  while d % 5 == 0 { d /= 5 }
  return d == 1
}

private func canonicalBase(_ b: String) -> String { b.filter { !"{} ".contains($0) }.lowercased() }
