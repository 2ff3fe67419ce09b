// The AVX-512 kernels of CKernels against naive Double references: the small-batch linear layer
// (rs_gemm_nt, every tile/tail case, column ranges, accumulate; 1e-5 relative) and one row of KV-cache
// attention (rs_cached_attention_row, positions below/at/above 16, D = 64 fast path and generic; 1e-5).
// Skipped (passes trivially) on CPUs without AVX-512, where the kernels are never called.
import CKernels
import Foundation
import Testing

@testable import ReasonerCore

struct CKernelTests {
  private func randoms(_ n: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<n).map { _ in Float(rng.nextGaussianPair().0) }
  }

  @Test func gemmNTMatchesNaiveMatmul() {
    guard cpuHasAVX512Kernels else { return }
    var rng = SplitMix64(seed: 5)
    for (M, N, K) in [(1, 4, 16), (3, 5, 17), (4, 8, 64), (7, 13, 40), (16, 36, 576), (5, 4, 1)] {
      let x = randoms(M * K, &rng), w = randoms(N * K, &rng), start = randoms(M * N, &rng)
      let ref = naiveMatmul(x, w, m: M, n: N, k: K, transB: true)
      for accumulate in [false, true] {
        var y = start
        // Two uneven column ranges, as two threads would run them.
        let split = N / 3
        rs_gemm_nt(&y, x, w, Int32(M), Int32(N), Int32(K), 0, Int32(split), accumulate ? 1 : 0)
        rs_gemm_nt(&y, x, w, Int32(M), Int32(N), Int32(K), Int32(split), Int32(N), accumulate ? 1 : 0)
        var worst = 0.0
        for i in 0..<(M * N) {
          let expected = ref[i] + (accumulate ? Double(start[i]) : 0)
          worst = max(worst, abs(Double(y[i]) - expected) / max(1, abs(expected)))
        }
        #expect(worst < 1e-5, "M \(M) N \(N) K \(K) accumulate \(accumulate): max relative diff \(worst)")
      }
    }
  }

  @Test func smallBatchLinearMatchesNaiveMatmul() {
    guard cpuHasAVX512Kernels else { return }
    var rng = SplitMix64(seed: 6)
    let (M, N, K) = (16, 300, 96)
    let x = randoms(M * K, &rng), w = randoms(N * K, &rng)
    let ref = naiveMatmul(x, w, m: M, n: N, k: K, transB: true)
    var y = [Float](repeating: 0, count: M * N)
    smallBatchLinear(&y, x, w, rows: M, inFeatures: K, outFeatures: N, accumulate: false, threads: 2)
    let worst = zip(y, ref).map { abs(Double($0) - $1) / max(1, abs($1)) }.max()!
    #expect(worst < 1e-5, "max relative diff \(worst)")
  }

  @Test func cachedAttentionRowMatchesDoubleSoftmax() {
    guard cpuHasAVX512Kernels else { return }
    var rng = SplitMix64(seed: 7)
    for (n, G, D) in [(1, 3, 64), (5, 3, 64), (16, 3, 64), (17, 3, 64), (40, 2, 64), (33, 3, 32), (9, 5, 64)] {
      let stride = D * 2 + 3  // rows of another kv head in between, as in the cache
      let q = randoms(G * D, &rng), keys = randoms(n * stride, &rng), values = randoms(n * stride, &rng)
      let scale = 1 / Float(D).squareRoot()
      var out = [Float](repeating: .nan, count: G * D)
      var scratch = [Float](repeating: 0, count: G * (n + 16))
      rs_cached_attention_row(&out, q, keys, values, Int32(n), Int32(G), Int32(D), Int32(stride), scale, &scratch)
      var worst = 0.0
      for g in 0..<G {
        let s = (0..<n).map { p in (0..<D).reduce(0.0) { $0 + Double(q[g * D + $1]) * Double(keys[p * stride + $1]) } * Double(scale) }
        let mx = s.max()!, e = s.map { Foundation.exp($0 - mx) }, z = e.reduce(0, +)
        for dd in 0..<D {
          let ref = (0..<n).reduce(0.0) { $0 + e[$1] / z * Double(values[$1 * stride + dd]) }
          worst = max(worst, abs(Double(out[g * D + dd]) - ref))
        }
      }
      #expect(worst < 1e-5, "n \(n) G \(G) D \(D): max abs diff \(worst)")
    }
  }
}
