// Rational on BigInt against Double arithmetic on small values, and exactness where Double fails.
import BigInt
import Testing
@testable import ReasonerReward

struct RationalTests {
  @Test func arithmeticMatchesDoubleOnSmallValues() {
    var rng = SplitMix64(state: 3)
    var maxDifference = 0.0
    for _ in 0..<2_000 {
      let a = Rational(BigInt(rng.below(200) - 100), BigInt(rng.below(50) + 1))
      let b = Rational(BigInt(rng.below(200) - 100), BigInt(rng.below(50) + 1))
      let da = a.doubleValue, db = b.doubleValue
      maxDifference = max(maxDifference, abs((a + b).doubleValue - (da + db)), abs((a - b).doubleValue - (da - db)),
                          abs((a * b).doubleValue - da * db))
      if let q = a.divided(by: b) { maxDifference = max(maxDifference, abs(q.doubleValue - da / db) / max(1, abs(da / db))) }
    }
    #expect(maxDifference < 1e-12, "max difference \(maxDifference)")
  }

  @Test func lowestTermsAndExactness() {
    #expect(Rational(BigInt(6), BigInt(-8)) == Rational(BigInt(-3), BigInt(4)))
    #expect(Rational(BigInt(0), BigInt(-5)) == .zero)
    var f2004 = BigInt(1)
    for k in 2...2004 { f2004 *= BigInt(k) }
    let a = Rational(1, f2004), b = Rational(1, f2004 * 2005 * 2006)
    #expect(a != b)
    #expect(a.doubleValue == 0 || a.doubleValue < 1e-300)
    #expect(Rational(4).divided(by: .zero) == nil)
    #expect(Rational(BigInt(27), BigInt(8)).exactRoot(3) == Rational(BigInt(3), BigInt(2)))
    #expect(Rational(2).exactRoot(2) == nil)
    #expect(Rational(-8).exactRoot(3) == Rational(-2))
    #expect(parseDecimalLiteral("0.125") == Rational(BigInt(1), BigInt(8)))
    #expect(parseDecimalLiteral("2.5e-3") == Rational(BigInt(1), BigInt(400)))
    #expect(parseDecimalLiteral("1e999") == nil)
  }
}
