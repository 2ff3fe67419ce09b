// The AVX-512 kernels of CKernels against naive Double references: the small-batch linear layer
// (ck_gemm_nt, every tile/tail case, column ranges, accumulate; 1e-5 relative) and one row of KV-cache
// attention (ck_cached_attention_row, positions below/at/above 16, D = 64 fast path and generic; 1e-5)
// and its backward (ck_attention_row_backward against the analytic gradient in Double; 1e-4).
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
        ck_gemm_nt(&y, x, w, Int32(M), Int32(N), Int32(K), 0, Int32(split), accumulate ? 1 : 0)
        ck_gemm_nt(&y, x, w, Int32(M), Int32(N), Int32(K), Int32(split), Int32(N), accumulate ? 1 : 0)
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
      ck_cached_attention_row(&out, nil, q, keys, values, Int32(n), Int32(G), Int32(D), Int32(stride), scale, &scratch)
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

  @Test func attentionRowBackwardMatchesDoubleGradient() {
    guard cpuHasAVX512Kernels else { return }
    var rng = SplitMix64(seed: 8)
    for (n, G, D) in [(1, 3, 64), (17, 3, 64), (40, 3, 64), (21, 2, 16), (5, 5, 64)] {
      let stride = D * 2 + 3
      let q = randoms(G * D, &rng), keys = randoms(n * stride, &rng), values = randoms(n * stride, &rng)
      let dout = randoms(G * D, &rng), scale = 1 / Float(D).squareRoot()
      var out = [Float](repeating: 0, count: G * D), lse = [Float](repeating: 0, count: G)
      var scratch = [Float](repeating: 0, count: 2 * G * (n + 16))
      ck_cached_attention_row(&out, &lse, q, keys, values, Int32(n), Int32(G), Int32(D), Int32(stride), scale, &scratch)
      var dq = [Float](repeating: 0.5, count: G * D)  // accumulates onto what is there
      var dk = [Float](repeating: 0.25, count: n * stride), dv = dk
      ck_attention_row_backward(
        &dq, &dk, &dv, dout, out, lse, q, keys, values, Int32(n), Int32(G), Int32(D), Int32(stride), scale, &scratch)
      var rq = [Double](repeating: 0.5, count: G * D), rk = [Double](repeating: 0.25, count: n * stride), rv = rk
      for g in 0..<G {
        let s = (0..<n).map { p in (0..<D).reduce(0.0) { $0 + Double(q[g * D + $1]) * Double(keys[p * stride + $1]) } * Double(scale) }
        let mx = s.max()!, e = s.map { Foundation.exp($0 - mx) }, z = e.reduce(0, +), p = e.map { $0 / z }
        let o = (0..<D).map { dd in (0..<n).reduce(0.0) { $0 + p[$1] * Double(values[$1 * stride + dd]) } }
        let dP = (0..<n).map { s in (0..<D).reduce(0.0) { $0 + Double(dout[g * D + $1]) * Double(values[s * stride + $1]) } }
        let delta = (0..<D).reduce(0.0) { $0 + Double(dout[g * D + $1]) * o[$1] }
        for s in 0..<n {
          let dS = p[s] * (dP[s] - delta) * Double(scale)
          for dd in 0..<D {
            rq[g * D + dd] += dS * Double(keys[s * stride + dd])
            rk[s * stride + dd] += dS * Double(q[g * D + dd])
            rv[s * stride + dd] += p[s] * Double(dout[g * D + dd])
          }
        }
      }
      var worst = 0.0
      for i in 0..<(G * D) { worst = max(worst, abs(Double(dq[i]) - rq[i])) }
      for s in 0..<n {
        for dd in 0..<D {
          worst = max(worst, abs(Double(dk[s * stride + dd]) - rk[s * stride + dd]))
          worst = max(worst, abs(Double(dv[s * stride + dd]) - rv[s * stride + dd]))
        }
      }
      #expect(worst < 1e-4, "n \(n) G \(G) D \(D): max abs diff \(worst)")
    }
  }
}
