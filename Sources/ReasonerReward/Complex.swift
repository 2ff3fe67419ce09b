// Complex: a small double-precision complex number for evaluating expressions numerically at random
// points (the fallback when exact arithmetic does not apply). Tested via VerifierCaseTests (radicals, complex numbers).
import Foundation

@inline(__always) func Foundation_pow(_ a: Double, _ b: Double) -> Double { Foundation.pow(a, b) }

struct Complex: Sendable {
  var re: Double
  var im: Double
  init(_ re: Double, _ im: Double = 0) { self.re = re; self.im = im }

  static let i = Complex(0, 1)
  var magnitude: Double { hypot(re, im) }
  var isFinite: Bool { re.isFinite && im.isFinite }

  static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
  static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
  static prefix func - (a: Complex) -> Complex { Complex(-a.re, -a.im) }
  static func * (a: Complex, b: Complex) -> Complex {
    Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
  }
  static func / (a: Complex, b: Complex) -> Complex {
    let d = b.re * b.re + b.im * b.im
    return Complex((a.re * b.re + a.im * b.im) / d, (a.im * b.re - a.re * b.im) / d)
  }

  func exp() -> Complex { let m = Foundation.exp(re); return Complex(m * cos(im), m * sin(im)) }
  func log() -> Complex { Complex(Foundation.log(magnitude), atan2(im, re)) }
  func power(_ e: Complex) -> Complex {
    if e.im == 0, im == 0, re >= 0 { return Complex(Foundation.pow(re, e.re)) }
    // A real odd root of a negative real stays real, as a student means ∛(−8) = −2.
    if e.im == 0, im == 0, re < 0 {
      let inv = 1 / e.re
      if abs(inv - inv.rounded()) < 1e-12, Int(inv.rounded()) % 2 != 0 {
        return Complex(-Foundation.pow(-re, e.re))
      }
      if e.re == e.re.rounded() { return Complex(Foundation.pow(re, e.re)) }
    }
    if re == 0 && im == 0 { return Complex(e.re > 0 ? 0 : .nan) }
    return (e * log()).exp()
  }
  func sqrt() -> Complex { power(Complex(0.5)) }

  /// Relative closeness used to decide numeric equality.
  func isClose(to b: Complex, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
    let diff = (self - b).magnitude
    return diff <= absolute || diff <= relative * max(magnitude, b.magnitude)
  }
}
