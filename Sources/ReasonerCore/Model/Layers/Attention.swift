// Grouped-query causal self-attention over fused q|k|v rows (after RoPE). Training forward saves only the
// log-sum-exp per (row, head); backward recomputes probabilities from it (no [T, T] matrix is kept).
// Work is split over (sequence, kv head) so the G query heads sharing a kv head never race on dK/dV.
// Tested in Tests/ReasonerCoreTests/ModelForwardTests.swift and ModelGradientTests.swift.
import Foundation

/// out [B·T, H·D], lse [B·T, H] (saved) from qkv [B·T, H·D + 2·KVH·D]; row b·T + t attends to 0...t.
func causalAttentionForward(
  _ out: UnsafeMutablePointer<Float>, _ lse: UnsafeMutablePointer<Float>,
  _ qkv: UnsafePointer<Float>, batch: Int, time: Int, dims d: ModelDims
) {
  let o = SharedPointer(out), l = SharedPointer(lse), x = SharedPointer(qkv)
  let D = d.headDim, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  parallelFor(batch * d.heads) { task in
    let b = task / d.heads, h = task % d.heads, kvh = h / d.group
    let kBase = x.p + b * time * stride + d.qDim + kvh * D, vBase = kBase + d.kvDim
    for t in 0..<time {
      let row = b * time + t
      let q = x.p + row * stride + h * D, acc = o.p + row * d.qDim + h * D
      acc.update(repeating: 0, count: D)
      // Online softmax: one pass, rescaling the accumulator whenever the running max grows.
      var m = -Float.infinity, sum: Float = 0
      for s in 0...t {
        let score = dotProduct(q, kBase + s * stride, D) * scale
        if score > m {
          let r = expf(m - score)
          sum *= r
          scaleInPlace(acc, r, D)
          m = score
        }
        let p = expf(score - m)
        sum += p
        addScaled(acc, p, vBase + s * stride, D)
      }
      scaleInPlace(acc, 1 / sum, D)
      l.p[row * d.heads + h] = m + logf(sum)
    }
  }
}

/// dqkv [B·T, H·D + 2·KVH·D] += gradients of q, k, v, from dOut [B·T, H·D], the saved out, lse and qkv.
func causalAttentionBackward(
  _ dqkv: UnsafeMutablePointer<Float>, _ dOut: UnsafePointer<Float>, _ out: UnsafePointer<Float>,
  _ lse: UnsafePointer<Float>, _ qkv: UnsafePointer<Float>, batch: Int, time: Int, dims d: ModelDims
) {
  let dx = SharedPointer(dqkv), dy = SharedPointer(dOut), o = SharedPointer(out)
  let l = SharedPointer(lse), x = SharedPointer(qkv)
  let D = d.headDim, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  parallelFor(batch * d.kvHeads) { task in
    let b = task / d.kvHeads, kvh = task % d.kvHeads
    let kOff = d.qDim + kvh * D, vOff = kOff + d.kvDim
    let rows0 = b * time * stride
    for h in (kvh * d.group)..<((kvh + 1) * d.group) {
      for t in 0..<time {
        let row = b * time + t
        let q = x.p + row * stride + h * D, dq = dx.p + row * stride + h * D
        let g = dy.p + row * d.qDim + h * D
        // Σ_s p·dp equals dOut·out (the softmax backward's row constant).
        let delta = dotProduct(g, o.p + row * d.qDim + h * D, D)
        let rowLSE = l.p[row * d.heads + h]
        for s in 0...t {
          let k = x.p + rows0 + s * stride + kOff, v = x.p + rows0 + s * stride + vOff
          let p = expf(dotProduct(q, k, D) * scale - rowLSE)
          let dp = dotProduct(g, v, D)
          let ds = p * (dp - delta) * scale
          addScaled(dx.p + rows0 + s * stride + vOff, p, g, D)
          addScaled(dq, ds, k, D)
          addScaled(dx.p + rows0 + s * stride + kOff, ds, q, D)
        }
      }
    }
  }
}

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
  let D = d.headDim, scale = 1 / Float(D).squareRoot()
  parallelFor(rows * d.heads) { task in
    let m = task / d.heads, h = task % d.heads, kvh = h / d.group
    let q = x.p + m * d.qkvDim + h * D, acc = o.p + m * d.qDim + h * D
    let slotBase = Int(sl.p[m]) * capacity * d.kvDim + kvh * D
    acc.update(repeating: 0, count: D)
    var mx = -Float.infinity, sum: Float = 0
    for s in 0...Int(ps.p[m]) {
      let score = dotProduct(q, kc.p + slotBase + s * d.kvDim, D) * scale
      if score > mx {
        let r = expf(mx - score)
        sum *= r
        scaleInPlace(acc, r, D)
        mx = score
      }
      let p = expf(score - mx)
      sum += p
      addScaled(acc, p, vc.p + slotBase + s * d.kvDim, D)
    }
    scaleInPlace(acc, 1 / sum, D)
  }
}
