// Rational: an exact fraction of arbitrary-precision integers (BigInt), always in lowest terms with a
// positive denominator. Tested in Tests/ReasonerRewardTests/RationalTests.swift.
import BigInt

public struct Rational: Hashable, Sendable, CustomStringConvertible {
  public let numerator: BigInt
  /// Always > 0.
  public let denominator: BigInt

  public init(_ n: BigInt, _ d: BigInt = 1) {
    precondition(!d.isZero, "Rational with zero denominator")
    var n = n, d = d
    if d.sign == .minus { n = -n; d = -d }
    if n.isZero { d = 1 } else if d != 1 && n.magnitude != 1 {
      let g = BigInt(Rational.gcd(n.magnitude, d.magnitude))
      if g > 1 { n /= g; d /= g }
    }
    numerator = n
    denominator = d
  }
  public init(_ n: Int) { self.init(BigInt(n), 1) }

  /// Trusts that n/d is already in lowest terms with d > 0 (powers of a reduced fraction are).
  private init(reduced n: BigInt, _ d: BigInt) { numerator = n; denominator = d }

  /// One Euclid step first: it makes a small operand of a huge one (BigUInt's binary gcd alone walks
  /// bit by bit, 46 ms for gcd(2004!, 1)).
  static func gcd(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
    var (x, y) = a >= b ? (a, b) : (b, a)
    if y.isZero { return x }
    if y.bitWidth <= 64 { return BigUInt(gcdWords(UInt64(y), UInt64(x % y))) }
    // One division brings the operands to similar sizes; then the binary gcd (shifts and subtractions)
    // beats a division per step.
    (x, y) = (y, x % y)
    if y.isZero { return x }
    return x.greatestCommonDivisor(with: y)
  }

  private static func gcdWords(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }

  public static let zero = Rational(0)
  public static let one = Rational(1)

  public var isZero: Bool { numerator.isZero }
  public var isInteger: Bool { denominator == 1 }
  public var isNegative: Bool { numerator.sign == .minus && !numerator.isZero }
  /// Bits needed for numerator and denominator together: the size the caps watch.
  public var bitSize: Int { numerator.magnitude.bitWidth + denominator.magnitude.bitWidth }

  public var description: String { isInteger ? "\(numerator)" : "\(numerator)/\(denominator)" }

  public static func + (a: Rational, b: Rational) -> Rational {
    if a.denominator == b.denominator { return Rational(a.numerator + b.numerator, a.denominator) }
    return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
  }
  public static prefix func - (a: Rational) -> Rational { Rational(-a.numerator, a.denominator) }
  public static func - (a: Rational, b: Rational) -> Rational { a + (-b) }
  public static func * (a: Rational, b: Rational) -> Rational {
    Rational(a.numerator * b.numerator, a.denominator * b.denominator)
  }
  /// Nil when dividing by zero.
  public func divided(by b: Rational) -> Rational? {
    if b.isZero { return nil }
    return Rational(numerator * b.denominator, denominator * b.numerator)
  }
  /// Integer power; nil for 0 to a negative power.
  public func power(_ e: Int) -> Rational? {
    if e == 0 { return .one }
    if e < 0 {
      guard !isZero else { return nil }
      let n = numerator.power(-e), d = denominator.power(-e)
      return n.sign == .minus ? Rational(reduced: -d, -n) : Rational(reduced: d, n)
    }
    return Rational(reduced: numerator.power(e), denominator.power(e))
  }

  public static func < (a: Rational, b: Rational) -> Bool {
    a.numerator * b.denominator < b.numerator * a.denominator
  }

  /// The nearest Double (exact for small values; huge ones become ±inf, tiny ones 0).
  public var doubleValue: Double {
    let nb = numerator.magnitude.bitWidth, db = denominator.magnitude.bitWidth
    // Shift both into the Double range before converting so 1/2004! stays representable as a ratio.
    let shift = max(0, max(nb, db) - 1000)
    let n = Double(numerator >> shift), d = Double(denominator >> shift)
    if d == 0 { return numerator.sign == .minus ? -.infinity : .infinity }
    return n / d
  }

  /// Exact k-th root when the value is a perfect k-th power (k ≥ 2), else nil.
  public func exactRoot(_ k: Int) -> Rational? {
    if isNegative {
      guard k % 2 == 1, let r = (-self).exactRoot(k) else { return nil }
      return -r
    }
    guard let n = Rational.integerRoot(numerator, k), let d = Rational.integerRoot(denominator, k) else {
      return nil
    }
    return Rational(n, d)
  }

  private static func integerRoot(_ x: BigInt, _ k: Int) -> BigInt? {
    if x.isZero || x == 1 { return x }
    if k == 2 {
      let r = BigInt(x.magnitude.squareRoot())
      return r * r == x ? r : nil
    }
    // Newton from a Double estimate, then correct by ±1 around it.
    let estimate = Foundation_pow(Rational(x).doubleValue, 1 / Double(k))
    guard estimate.isFinite, estimate < 1e15 else { return nil }
    let guess = BigInt(estimate.rounded())
    for c in [guess, guess - 1, guess + 1] where c > 0 {
      if c.power(k) == x { return c }
    }
    return nil
  }
}

/// Parses a decimal literal such as "12", "0.125" or "3.5e-4" into an exact rational.
func parseDecimalLiteral(_ text: String) -> Rational? {
  var mantissa = text, exponent = 0
  if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
    guard let ex = Int(text[text.index(after: e)...]), abs(ex) <= 400 else { return nil }
    exponent = ex
    mantissa = String(text[..<e])
  }
  var digits = mantissa, fractionDigits = 0
  if let dot = mantissa.firstIndex(of: ".") {
    fractionDigits = mantissa.distance(from: dot, to: mantissa.endIndex) - 1
    digits.remove(at: dot)
  }
  if digits.isEmpty { return nil }
  guard let n = BigInt(digits) else { return nil }
  let scale = exponent - fractionDigits
  return scale >= 0 ? Rational(n * BigInt(10).power(scale)) : Rational(n, BigInt(10).power(-scale))
}
