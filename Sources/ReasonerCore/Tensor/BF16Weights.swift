// A bfloat16 copy of a ParameterStore, same layout and offsets, for decode's small-batch linear layers
// (ck_gemm_nt_bf16w): half the bytes streamed per decode step, which is what bounds batched decode.
// Only the weights are rounded (to nearest even, once); activations and sums stay fp32. A snapshot: it
// does not follow later changes of the fp32 store.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift (kernel vs naive on rounded weights, rounding) and
// ModelDecodingTests.swift (bf16 decode logits vs fp32).
import CKernels

/// Whether this CPU runs the bf16-weight kernel (AVX-512 with BW).
public let cpuHasBF16WeightKernels: Bool = ck_have_avx512bw() != 0

final class BF16Weights: @unchecked Sendable {
  /// [parameters.count]: bf16 bits of every parameter, at the fp32 store's offsets.
  let bits: UnsafeMutableBufferPointer<UInt16>
  private let base: UnsafeMutablePointer<Float>

  init(of store: ParameterStore, threads: Int = defaultThreadCount) {
    bits = .allocate(capacity: store.count)
    base = store.storage.baseAddress!
    let chunk = 1 << 20, count = store.count
    let dst = SharedPointer(bits.baseAddress!), src = SharedPointer(base)
    parallelFor((count + chunk - 1) / chunk, threads: threads) { c in
      let start = c * chunk
      ck_f32_to_bf16(dst.p + start, src.p + start, min(chunk, count - start))
    }
  }

  deinit { bits.deallocate() }

  /// The bf16 copy of the fp32 weights at `fp32` (a pointer into the store this was made from).
  func pointer(mirroring fp32: UnsafePointer<Float>) -> UnsafePointer<UInt16> {
    let offset = fp32 - UnsafePointer(base)
    precondition(offset >= 0 && offset < bits.count, "BF16Weights: pointer outside the parameter store")
    return UnsafePointer(bits.baseAddress! + offset)
  }
}

/// y [M, N] (+)= x [M, K] · wᵀ with w [N, K] in bf16. Requires `cpuHasBF16WeightKernels`.
func smallBatchLinearBF16(
  _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<UInt16>,
  rows M: Int, inFeatures K: Int, outFeatures N: Int, accumulate: Bool, threads: Int = defaultThreadCount
) {
  precondition(cpuHasBF16WeightKernels, "smallBatchLinearBF16 needs AVX-512BW")
  let chunk = max(16, (N / max(1, threads * 8) + 3) / 4 * 4)  // as smallBatchLinear: ~8 chunks per thread
  let yp = SharedPointer(y), xp = SharedPointer(x), wp = SharedPointer(w)
  parallelFor((N + chunk - 1) / chunk, threads: threads) { c in
    let begin = c * chunk, end = min(N, begin + chunk)
    ck_gemm_nt_bf16w(yp.p, xp.p, wp.p, Int32(M), Int32(N), Int32(K), Int32(begin), Int32(end), accumulate ? 1 : 0)
  }
}

/// How a model's weights are read by decode's small-batch linear layers.
public enum DecodeWeightPrecision: String, CaseIterable, Sendable {
  /// The fp32 weights as they are (default; what training and the golden tests use).
  case fp32
  /// A bf16 copy made when a decoding session starts (weights only; see BF16Weights).
  case bf16
}
