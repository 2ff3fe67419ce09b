// RoPE permutation between GGUF (adjacent pairs) and HF (halves): round trip, and the rotation it exists for.
import Testing

@testable import ReasonerCore

struct FormatsRopePermutationTests {
  @Test func roundTripGGUFToHFToGGUF() {
    let heads = 3, d = 8, columns = 5
    let w = (0..<heads * d * columns).map { Float($0) * 0.5 - 7 }
    let hf = RopePermutation.ggufToHF(w, heads: heads, columns: columns)
    #expect(hf != w)
    #expect(RopePermutation.hfToGGUF(hf, heads: heads, columns: columns) == w)
    #expect(RopePermutation.ggufToHF(RopePermutation.hfToGGUF(w, heads: heads, columns: 1), heads: heads, columns: 1) == w)
  }

  /// q = W·x for each layout; rotating adjacent pairs of the GGUF q equals rotating halves of the HF q,
  /// up to the same row permutation (so attention scores q·k agree).
  @Test func rotatingPairsOnGGUFRowsEqualsRotatingHalvesOnHFRows() {
    let heads = 2, d = 8, columns = 4, position = 5, theta: Double = 10000
    let hfW = (0..<heads * d * columns).map { Float(sin(Double($0) * 1.7)) }
    let ggufW = RopePermutation.hfToGGUF(hfW, heads: heads, columns: columns)
    let x = (0..<columns).map { Float(cos(Double($0))) }
    func project(_ w: [Float]) -> [Double] {
      (0..<heads * d).map { r in (0..<columns).reduce(0.0) { $0 + Double(w[r * columns + $1]) * Double(x[$1]) } }
    }
    var qPairs = project(ggufW), qHalves = project(hfW)
    for h in 0..<heads {
      for i in 0..<d / 2 {
        let angle = Double(position) * pow(theta, -2.0 * Double(i) / Double(d))
        let (c, s) = (cos(angle), sin(angle))
        let (a, b) = (h * d + 2 * i, h * d + 2 * i + 1)  // llama.cpp: adjacent pair
        (qPairs[a], qPairs[b]) = (qPairs[a] * c - qPairs[b] * s, qPairs[a] * s + qPairs[b] * c)
        let (p, q) = (h * d + i, h * d + i + d / 2)  // HF: rotate_half
        (qHalves[p], qHalves[q]) = (qHalves[p] * c - qHalves[q] * s, qHalves[p] * s + qHalves[q] * c)
      }
    }
    let back = RopePermutation.ggufToHF(qPairs.map(Float.init), heads: heads, columns: 1)
    let diff = zip(back, qHalves).map { abs(Double($0) - $1) }.max()!
    #expect(diff < 1e-5, "max |pairs(GGUF) − halves(HF)| = \(diff)")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
