// Grouped-query attention of rows against a KV cache (prefill and decoding). One task per (row, kv head)
// handles the G query heads that share that kv head, so each cached key and value row is read once for
// all G of them: scores q·k for every cached position, a softmax per head, then Σ p·v. Where the CPU has
// AVX-512 the task runs ck_cached_attention_row (CKernels); the Swift loop below is the portable path.
// The training kernels (whole sequences, with backward) are in CausalAttention.swift.
// Tested in Tests/ReasonerCoreTests/ModelDecodingTests.swift (against the training forward) and
// RealModelLogitsTests.swift (against a numpy float64 forward).
import CKernels
import Foundation

/// Attention of rows against a KV cache (decoding and prefill). Row m belongs to slot slots[m] at position
/// positions[m] and attends to that slot's cached positions 0...positions[m]. out [M, H·D] from the
/// q part of qkv [M, H·D + 2·KVH·D]; keys/values [slots, capacity, KVH, D] (this layer's cache).
func cachedAttentionForward(
  _ out: UnsafeMutablePointer<Float>, _ qkv: UnsafePointer<Float>,
  _ keys: UnsafePointer<Float>, _ values: UnsafePointer<Float>,
  _ slots: UnsafePointer<Int32>, _ positions: UnsafePointer<Int32>,
  rows: Int, capacity: Int, dims d: ModelDims
) {
  let o = SharedPointer(out), x = SharedPointer(qkv), kc = SharedPointer(keys), vc = SharedPointer(values)
  let sl = SharedPointer(slots), ps = SharedPointer(positions)
  let D = d.headDim, G = d.group, scale = 1 / Float(D).squareRoot()
  parallelFor(rows * d.kvHeads) { task in
    let m = task / d.kvHeads, kvh = task % d.kvHeads
    let n = Int(ps.p[m]) + 1
    let slotBase = Int(sl.p[m]) * capacity * d.kvDim + kvh * D
    let q = x.p + m * d.qkvDim + kvh * G * D, acc = o.p + m * d.qDim + kvh * G * D
    if cpuHasAVX512Kernels {
      withUnsafeTemporaryAllocation(of: Float.self, capacity: G * (n + 16)) { scratch in
        ck_cached_attention_row(
          acc, nil, q, kc.p + slotBase, vc.p + slotBase, Int32(n), Int32(G), Int32(D), Int32(d.kvDim), scale,
          scratch.baseAddress!)
      }
      return
    }
    withUnsafeTemporaryAllocation(of: Float.self, capacity: G * n) { buffer in
      /// [G, n]: scaled scores, then unnormalised probabilities.
      let scores = buffer.baseAddress!
      for s in 0..<n {
        let k = kc.p + slotBase + s * d.kvDim
        for g in 0..<G { scores[g * n + s] = dotProduct(q + g * D, k, D) * scale }
      }
      for g in 0..<G {
        let row = scores + g * n
        var mx = -Float.infinity
        for s in 0..<n { mx = max(mx, row[s]) }
        let sum = expShiftedInPlace(row, n, shift: mx)
        scaleInPlace(row, 1 / sum, n)
      }
      acc.update(repeating: 0, count: G * D)
      for s in 0..<n {
        let v = vc.p + slotBase + s * d.kvDim
        for g in 0..<G { addScaled(acc + g * D, scores[g * n + s], v, D) }
      }
    }
  }
}
