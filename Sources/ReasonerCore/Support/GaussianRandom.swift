// Uniform and normal draws from SplitMix64 (Box–Muller): seedable weight initialisation that reproduces
// across platforms. Used by LlamaModel.randomInit; tested through the model's init tests.
import Foundation

extension SplitMix64 {
  /// Uniform in (0, 1).
  public mutating func nextUniform() -> Double { (Double(next() >> 11) + 0.5) / Double(1 << 53) }

  /// A standard normal draw (Box–Muller).
  public mutating func nextGaussian() -> Float { nextGaussianPair().0 }

  /// Two independent standard normals (both Box–Muller outputs).
  public mutating func nextGaussianPair() -> (Float, Float) {
    let r = (-2 * Foundation.log(nextUniform())).squareRoot(), angle = 2 * Double.pi * nextUniform()
    return (Float(r * Foundation.cos(angle)), Float(r * Foundation.sin(angle)))
  }
}
