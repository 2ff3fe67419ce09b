// Decode with bf16 weights: the rounding (nearest, ties to even, NaN/inf kept) against a Double
// reference; ck_gemm_nt_bf16w against naiveMatmul on the rounded weights (every tile/tail case, column
// ranges, accumulate; 1e-5 relative: the same fp32 arithmetic on the same rounded values); a bf16
// decoding session against the fp32 one on a tiny model (logits within 1 % of their spread).
// Kernel cases pass trivially on CPUs without AVX-512BW, where `decoding(weights: .bf16)` throws instead.
import CKernels
import Foundation
import Testing

@testable import ReasonerCore

struct BF16WeightTests {
  private func widen(_ h: UInt16) -> Float { Float(bitPattern: UInt32(h) << 16) }

  @Test func roundingIsNearestEven() {
    #expect(ck_bf16_from_f32(1) == 0x3F80)
    #expect(ck_bf16_from_f32(Float(bitPattern: 0x3F80_8000)) == 0x3F80)  // tie → even (down)
    #expect(ck_bf16_from_f32(Float(bitPattern: 0x3F81_8000)) == 0x3F82)  // tie → even (up)
    #expect(ck_bf16_from_f32(Float(bitPattern: 0x3F80_8001)) == 0x3F81)  // above the tie
    #expect(widen(ck_bf16_from_f32(.infinity)) == .infinity && widen(ck_bf16_from_f32(-.infinity)) == -.infinity)
    #expect(widen(ck_bf16_from_f32(.nan)).isNaN)
    // Random values: the result is one of the two neighbouring bf16 values and the nearer one.
    var rng = SplitMix64(seed: 11)
    for _ in 0..<10_000 {
      let x = Float(rng.nextGaussianPair().0) * 100
      let r = widen(ck_bf16_from_f32(x))
      let down = widen(UInt16(x.bitPattern >> 16)), up = widen(UInt16(x.bitPattern >> 16) + 1)
      let best = abs(Double(x) - Double(down)) <= abs(Double(x) - Double(up)) ? down : up
      #expect(r == best || abs(Double(x) - Double(down)) == abs(Double(x) - Double(up)), "\(x) → \(r)")
      #expect(abs(Double(r) - Double(x)) <= abs(Double(x)) / 256, "\(x) → \(r)")
    }
  }

  @Test func kernelMatchesNaiveMatmulOnRoundedWeights() {
    guard cpuHasBF16WeightKernels else { return }
    var rng = SplitMix64(seed: 12)
    for (M, N, K) in [(1, 4, 16), (3, 5, 17), (4, 8, 64), (7, 13, 40), (16, 36, 576), (5, 4, 1), (9, 7, 33)] {
      let x = (0..<(M * K)).map { _ in Float(rng.nextGaussianPair().0) }
      let w = (0..<(N * K)).map { _ in ck_bf16_from_f32(Float(rng.nextGaussianPair().0)) }
      let start = (0..<(M * N)).map { _ in Float(rng.nextGaussianPair().0) }
      let ref = naiveMatmul(x, w.map(widen), m: M, n: N, k: K, transB: true)
      for accumulate in [false, true] {
        var y = start
        let split = N / 3  // two uneven column ranges, as two threads would run them
        ck_gemm_nt_bf16w(&y, x, w, Int32(M), Int32(N), Int32(K), 0, Int32(split), accumulate ? 1 : 0)
        ck_gemm_nt_bf16w(&y, x, w, Int32(M), Int32(N), Int32(K), Int32(split), Int32(N), accumulate ? 1 : 0)
        var worst = 0.0
        for i in 0..<(M * N) {
          let expected = ref[i] + (accumulate ? Double(start[i]) : 0)
          worst = max(worst, abs(Double(y[i]) - expected) / max(1, abs(expected)))
        }
        #expect(worst < 1e-5, "M \(M) N \(N) K \(K) accumulate \(accumulate): max relative diff \(worst)")
      }
    }
  }

  @Test func bf16DecodingStaysCloseToFP32() throws {
    guard cpuHasBF16WeightKernels else {
      #expect(throws: ReasonerError.self) { _ = try LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 1).decoding(weights: .bf16) }
      return
    }
    let model = LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 13, std: 0.1)
    let V = model.vocabularySize
    let prompt: [Int32] = [1, 5, 9, 3, 7, 2]
    func logits(_ decoder: DecodingModel) throws -> [Float] {
      let session = try decoder.makeSession(slots: 3, capacity: 16)
      var last = [Float](repeating: 0, count: V)
      try session.prefill(slot: 0, tokens: prompt, lastLogits: &last)
      session.copySlot(0, to: [1, 2])
      var out = [Float](repeating: 0, count: 3 * V)
      try session.decode(slots: [0, 1, 2], tokens: [4, 6, 8], logits: &out)
      return last + out
    }
    let fp32 = try logits(model), bf16 = try logits(try model.decoding(weights: .bf16))
    let spread = Double(fp32.max()! - fp32.min()!)
    let worst = zip(fp32, bf16).map { Double(abs($0 - $1)) }.max()!
    #expect(worst > 0, "bf16 weights changed nothing: the bf16 path was not taken")
    #expect(worst < 0.01 * spread, "max |bf16 − fp32| \(worst) against a logit spread of \(spread)")
    // The fp32 weights themselves are untouched.
    #expect(try logits(model) == fp32)
  }
}
