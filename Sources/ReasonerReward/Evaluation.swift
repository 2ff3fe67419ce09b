// Evaluation: computes an Expr at given rational values of its variables — exactly (Gaussian rationals on
// BigInt) while every step stays rational, else in double-precision complex arithmetic. Every operation
// is capped (exponents, bit sizes, factorial arguments, step count) so a call is bounded in time.
// Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift (radicals, complex, powers, factorials) and FuzzTests.swift.
import BigInt
import Foundation

/// a + b·i with exact rational parts.
struct GaussianRational: Hashable, Sendable {
  var re: Rational
  var im: Rational
  init(_ re: Rational, _ im: Rational = .zero) { self.re = re; self.im = im }
  var isReal: Bool { im.isZero }
  var isZero: Bool { re.isZero && im.isZero }
  var bitSize: Int { re.bitSize + im.bitSize }
  var approximation: Complex { Complex(re.doubleValue, im.doubleValue) }

  static func + (a: Self, b: Self) -> Self { Self(a.re + b.re, a.im + b.im) }
  static func - (a: Self, b: Self) -> Self { Self(a.re - b.re, a.im - b.im) }
  static prefix func - (a: Self) -> Self { Self(-a.re, -a.im) }
  static func * (a: Self, b: Self) -> Self {
    Self(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
  }
  func divided(by b: Self) -> Self? {
    if b.isReal { return re.divided(by: b.re).flatMap { r in im.divided(by: b.re).map { Self(r, $0) } } }
    let d = b.re * b.re + b.im * b.im
    let n = self * Self(b.re, -b.im)
    guard let r = n.re.divided(by: d), let i = n.im.divided(by: d) else { return nil }
    return Self(r, i)
  }
}

enum Value: Sendable {
  case exact(GaussianRational)
  case approximate(Complex)

  var approximation: Complex {
    switch self {
    case .exact(let g): return g.approximation
    case .approximate(let c): return c
    }
  }
}

/// The limits that keep one evaluation bounded; `capHit` records the first one exceeded. BigInt's
/// schoolbook multiplication makes 2004! cost ~4 ms even optimised, so factorials stop at 400! (and
/// numbers at 4k bits): beyond that the comparison is literal, e.g. 1/2004! vs 1/2006! differ as written.
struct EvaluationLimits {
  static let maxSteps = 5_000
  static let maxExponent = 4_096
  static let maxBits = 4_096
  static let maxFactorial = 400
  var steps = 0
  var capHit: String? = nil
  var undefinedReason: String? = nil
}

struct Evaluator {
  var limits = EvaluationLimits()
  let environment: [String: Rational]

  init(environment: [String: Rational]) { self.environment = environment }

  /// Nil when undefined here (division by zero, ∞, a base-n numeral) or beyond a cap (see `limits`).
  mutating func evaluate(_ e: Expr) -> Value? {
    limits.steps += 1
    if limits.steps > EvaluationLimits.maxSteps { limits.capHit = "expression too large"; return nil }
    switch e {
    case .number(let r, _): return .exact(GaussianRational(r))
    case .symbol(let s):
      guard let v = environment[s] else { limits.undefinedReason = "unbound \(s)"; return nil }
      return .exact(GaussianRational(v))
    case .pi: return .approximate(Complex(Double.pi))
    case .euler: return .approximate(Complex(M_E))
    case .imaginaryUnit: return .exact(GaussianRational(.zero, .one))
    case .infinity: limits.undefinedReason = "infinity"; return nil
    case .based: limits.undefinedReason = "base-n numeral"; return nil
    case .plusMinus: limits.undefinedReason = "±"; return nil
    case .neg(let a):
      guard let v = evaluate(a) else { return nil }
      switch v {
      case .exact(let g): return .exact(-g)
      case .approximate(let c): return .approximate(-c)
      }
    case .percent(let a): return evaluate(.div(a, .number(Rational(100), decimalPlaces: nil)))
    case .add(let a, let b): return binary(a, b, exact: { $0 + $1 }, approximate: { $0 + $1 })
    case .sub(let a, let b): return binary(a, b, exact: { $0 - $1 }, approximate: { $0 - $1 })
    case .mul(let a, let b):
      return binary(a, b, exact: { $0 * $1 }, approximate: { $0 * $1 })
    case .div(let a, let b):
      guard let x = evaluate(a), let y = evaluate(b) else { return nil }
      if case .exact(let p) = x, case .exact(let q) = y {
        guard let r = p.divided(by: q) else { limits.undefinedReason = "division by zero"; return nil }
        return checked(r)
      }
      let d = y.approximation
      if d.magnitude == 0 { limits.undefinedReason = "division by zero"; return nil }
      return .approximate(x.approximation / d)
    case .pow(let a, let b): return power(a, b)
    case .call(let name, let args): return call(name, args)
    }
  }

  private mutating func checked(_ g: GaussianRational) -> Value? {
    if g.bitSize > EvaluationLimits.maxBits { limits.capHit = "number larger than \(EvaluationLimits.maxBits) bits"; return nil }
    return .exact(g)
  }

  private mutating func binary(
    _ a: Expr, _ b: Expr, exact: (GaussianRational, GaussianRational) -> GaussianRational,
    approximate: (Complex, Complex) -> Complex
  ) -> Value? {
    guard let x = evaluate(a), let y = evaluate(b) else { return nil }
    if case .exact(let p) = x, case .exact(let q) = y { return checked(exact(p, q)) }
    return .approximate(approximate(x.approximation, y.approximation))
  }

  private mutating func power(_ a: Expr, _ b: Expr) -> Value? {
    guard let base = evaluate(a), let exponent = evaluate(b) else { return nil }
    if case .exact(let x) = base, case .exact(let e) = exponent, e.isReal {
      let p = e.re.numerator, q = e.re.denominator
      if q <= 12, p.magnitude <= BigUInt(EvaluationLimits.maxExponent) {
        let pInt = Int(p), qInt = Int(q)
        // Bits of the result ≈ |p| · log2 of the base's parts (±1 and 0 cost nothing).
        let baseBits = [x.re.numerator, x.re.denominator, x.im.numerator, x.im.denominator]
          .map { max(0, $0.magnitude.bitWidth - 1) }.reduce(0, +)
        if abs(pInt) * baseBits > EvaluationLimits.maxBits {
          limits.capHit = "power too large"; return nil
        }
        var root: GaussianRational? = x
        if qInt > 1 { root = x.isReal ? x.re.exactRoot(qInt).map { GaussianRational($0) } : nil }
        if let r = root, let v = integerPower(r, pInt) { return checked(v) }
        if root != nil { limits.undefinedReason = "zero to a negative power"; return nil }
      } else if p.magnitude > BigUInt(EvaluationLimits.maxExponent), !x.isZero, x != GaussianRational(.one) {
        limits.capHit = "exponent above \(EvaluationLimits.maxExponent)"; return nil
      }
    }
    return .approximate(base.approximation.power(exponent.approximation))
  }

  private func integerPower(_ x: GaussianRational, _ n: Int) -> GaussianRational? {
    if x.isReal { return x.re.power(n).map { GaussianRational($0) } }
    var result = GaussianRational(.one), b = x, k = abs(n)
    while k > 0 {
      if k & 1 == 1 { result = result * b }
      b = b * b
      k >>= 1
    }
    return n < 0 ? GaussianRational(.one).divided(by: result) : result
  }

  private mutating func call(_ name: String, _ args: [Expr]) -> Value? {
    var values: [Value] = []
    for a in args { guard let v = evaluate(a) else { return nil }; values.append(v) }
    guard let x = values.last else { return nil }
    switch name {
    case "sqrt": return root(x, 2)
    case "root":
      if case .exact(let n) = values[0], n.isReal, n.re.isInteger, n.re.numerator >= 2, n.re.numerator <= 64 {
        return root(x, Int(n.re.numerator))
      }
      return .approximate(x.approximation.power(Complex(1) / values[0].approximation))
    case "factorial":
      guard case .exact(let g) = x, g.isReal, g.re.isInteger, !g.re.isNegative else {
        limits.undefinedReason = "factorial of a non-natural number"; return nil
      }
      guard g.re.numerator <= BigInt(EvaluationLimits.maxFactorial) else {
        limits.capHit = "factorial argument above \(EvaluationLimits.maxFactorial)"; return nil
      }
      return .exact(GaussianRational(Rational(Evaluator.product(2, Int(g.re.numerator)))))
    case "binom":
      guard case .exact(let n) = values[0], case .exact(let k) = x, n.isReal, k.isReal, n.re.isInteger,
        k.re.isInteger
      else { limits.undefinedReason = "binomial of non-integers"; return nil }
      guard k.re.numerator <= BigInt(EvaluationLimits.maxFactorial), n.re.bitSize < 64 else {
        limits.capHit = "binomial too large"; return nil
      }
      if k.re.isNegative || n.re < k.re { return .exact(GaussianRational(.zero)) }
      var result = Rational.one
      let kk = Int(k.re.numerator)
      for j in 0..<kk {
        result = result * Rational(n.re.numerator - BigInt(j), BigInt(j + 1))
      }
      return .exact(GaussianRational(result))
    case "abs":
      if case .exact(let g) = x, g.isReal { return .exact(GaussianRational(g.re.isNegative ? -g.re : g.re)) }
      return .approximate(Complex(x.approximation.magnitude))
    case "floor", "ceil":
      if case .exact(let g) = x, g.isReal {
        let (q, r) = g.re.numerator.quotientAndRemainder(dividingBy: g.re.denominator)
        var f = q
        if r.signum() < 0 { f -= 1 }  // truncation went up for negatives
        if name == "ceil", !g.re.isInteger { f += 1 }
        return .exact(GaussianRational(Rational(f)))
      }
      let c = x.approximation
      return .approximate(Complex(name == "floor" ? c.re.rounded(.down) : c.re.rounded(.up)))
    case "logb":
      return .approximate(x.approximation.log() / values[0].approximation.log())
    default:
      guard let f = Evaluator.elementary[name] else {
        limits.undefinedReason = "unknown function \(name)"; return nil
      }
      let c = x.approximation
      guard c.im == 0 || name == "exp" || name == "ln" || name == "log" else {
        return .approximate(Complex(.nan))
      }
      return .approximate(f(c))
    }
  }

  /// lo·(lo+1)·…·hi by halving, so the multiplications stay balanced (n! in O(M(n log n) log n)).
  static func product(_ lo: Int, _ hi: Int) -> BigInt {
    if hi < lo { return 1 }
    if hi - lo < 16 {
      var b = BigInt(1)
      var chunk = 1
      for k in lo...hi {
        let (m, overflow) = chunk.multipliedReportingOverflow(by: k)
        if overflow { b *= BigInt(chunk); chunk = k } else { chunk = m }
      }
      return b * BigInt(chunk)
    }
    let mid = (lo + hi) / 2
    return product(lo, mid) * product(mid + 1, hi)
  }

  private mutating func root(_ x: Value, _ k: Int) -> Value? {
    if case .exact(let g) = x, g.isReal {
      if let r = g.re.exactRoot(k) { return .exact(GaussianRational(r)) }
      if k == 2, g.re.isNegative, let r = (-g.re).exactRoot(2) { return .exact(GaussianRational(.zero, r)) }
    }
    let c = x.approximation
    if c.im == 0, c.re < 0, k == 2 { return .approximate(Complex(0, (-c.re).squareRoot())) }
    return .approximate(c.power(Complex(1 / Double(k))))
  }

  static let elementary: [String: @Sendable (Complex) -> Complex] = [
    "sin": { Complex(sin($0.re)) }, "cos": { Complex(cos($0.re)) }, "tan": { Complex(tan($0.re)) },
    "cot": { Complex(1 / tan($0.re)) }, "sec": { Complex(1 / cos($0.re)) }, "csc": { Complex(1 / sin($0.re)) },
    "arcsin": { Complex(asin($0.re)) }, "arccos": { Complex(acos($0.re)) }, "arctan": { Complex(atan($0.re)) },
    "sinh": { Complex(sinh($0.re)) }, "cosh": { Complex(cosh($0.re)) }, "tanh": { Complex(tanh($0.re)) },
    "ln": { $0.log() }, "log": { $0.log() }, "lg": { Complex(log10($0.re)) }, "exp": { $0.exp() },
  ]
}
