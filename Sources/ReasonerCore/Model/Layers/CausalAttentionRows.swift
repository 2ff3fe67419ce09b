// Training attention row by row on the AVX-512 kernels of CKernels, used by causalAttentionForward/
// Backward where the CPU has them: only the causal half of each [T, T] score matrix is computed, and
// the work is split into single-threaded tasks (no hand-over between BLAS threads and Swift workers
// for every head). Forward: one task per (row, kv head). Backward: one task per (sequence, kv head),
// rows in order, so the dK/dV rows each task adds into are its own.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift, GoldenLlamaTests.swift (whole-model
// gradients) and CKernelTests.swift (the row kernels).
import CKernels

/// out [B·T, H·D], lse [B·T, H] from qkv [B·T, H·D + 2·KVH·D], as causalAttentionForward.
func causalAttentionForwardRows(
  _ out: UnsafeMutablePointer<Float>, _ lse: UnsafeMutablePointer<Float>, _ qkv: UnsafePointer<Float>,
  batch: Int, time T: Int, dims d: ModelDims
) {
  let D = d.headDim, G = d.group, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  let o = SharedPointer(out), l = SharedPointer(lse), x = SharedPointer(qkv)
  parallelFor(batch * T * d.kvHeads, chunk: 4) { task in
    let row = task / d.kvHeads, kvh = task % d.kvHeads, b = row / T, t = row % T
    let keys = x.p + b * T * stride + d.qDim + kvh * D
    withUnsafeTemporaryAllocation(of: Float.self, capacity: G * (t + 17)) { scratch in
      ck_cached_attention_row(
        o.p + row * d.qDim + kvh * G * D, l.p + row * d.heads + kvh * G, x.p + row * stride + kvh * G * D,
        keys, keys + d.kvDim, Int32(t + 1), Int32(G), Int32(D), Int32(stride), scale, scratch.baseAddress!)
    }
  }
}

/// dqkv += gradients of q, k, v, as causalAttentionBackward.
func causalAttentionBackwardRows(
  _ dqkv: UnsafeMutablePointer<Float>, _ dOut: UnsafePointer<Float>, _ out: UnsafePointer<Float>,
  _ lse: UnsafePointer<Float>, _ qkv: UnsafePointer<Float>, batch: Int, time T: Int, dims d: ModelDims
) {
  let D = d.headDim, G = d.group, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  let dx = SharedPointer(dqkv), g = SharedPointer(dOut), o = SharedPointer(out), l = SharedPointer(lse)
  let x = SharedPointer(qkv)
  parallelFor(batch * d.kvHeads) { task in
    let b = task / d.kvHeads, kvh = task % d.kvHeads
    let kvOffset = b * T * stride + d.qDim + kvh * D
    withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * G * (T + 16)) { scratch in
      for t in 0..<T {
        let row = b * T + t, head = kvh * G * D
        ck_attention_row_backward(
          dx.p + row * stride + head, dx.p + kvOffset, dx.p + kvOffset + d.kvDim, g.p + row * d.qDim + head,
          o.p + row * d.qDim + head, l.p + row * d.heads + kvh * G, x.p + row * stride + head, x.p + kvOffset,
          x.p + kvOffset + d.kvDim, Int32(t + 1), Int32(G), Int32(D), Int32(stride), scale, scratch.baseAddress!)
      }
    }
  }
}
