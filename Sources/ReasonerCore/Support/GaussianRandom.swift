// Uniform and normal draws from SplitMix64 (Box–Muller): seedable weight initialisation that reproduces
// across platforms. Used by LlamaModel.randomInit; tested through the model's init tests.
import Foundation

extension SplitMix64 {
  /// Uniform in (0, 1).
  public mutating func nextUniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

  /// A standard normal draw (Box–Muller).
  public mutating func nextGaussian() -> Float {
    let u = nextUniform(), v = nextUniform()
    return Float((-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v))
  }
}
