// Grouped-query causal self-attention for training, over fused q|k|v rows (after RoPE), as matrix
// products per (sequence, head): S = Q·Kᵀ/√D, P = softmax(S) under the causal mask, O = P·V. Forward
// saves only the log-sum-exp per (row, head); backward recomputes P from it, so no [T, T] matrix is kept
// between passes (the caller's [T, T] scratch pair is reused). Heads run one after another, each product using
// every BLAS thread, so the G heads sharing a kv head accumulate into dK/dV without racing. Where the CPU
// has AVX-512, both passes run row by row instead (CausalAttentionRows.swift); this is the portable path.
// Tested in Tests/ReasonerCoreTests/ModelForwardTests.swift and ModelGradientTests.swift.
import CBLAS
import Foundation

/// C[m, n] = alpha·op(A)·op(B) + beta·C, row-major with explicit leading dimensions (strided head views).
@inline(__always)
private func gemm(
  _ c: UnsafeMutablePointer<Float>, ldc: Int, _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>,
  ldb: Int, m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, alpha: Float = 1,
  beta: Float = 0
) {
  cblas_sgemm(
    CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(m),
    Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// out [B·T, H·D], lse [B·T, H] (saved) from qkv [B·T, H·D + 2·KVH·D]; row b·T + t attends to 0...t.
func causalAttentionForward(
  _ out: UnsafeMutablePointer<Float>, _ lse: UnsafeMutablePointer<Float>,
  _ qkv: UnsafePointer<Float>, scratch scores: UnsafeMutablePointer<Float>, batch: Int, time T: Int,
  dims d: ModelDims
) {
  if cpuHasAVX512Kernels {
    causalAttentionForwardRows(out, lse, qkv, batch: batch, time: T, dims: d)
    return
  }
  let D = d.headDim, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  // scores [T, T] (scratch): scores, then probabilities.
  let sp = SharedPointer(scores), lp = SharedPointer(lse)
  for b in 0..<batch {
    for h in 0..<d.heads {
      let base = qkv + b * T * stride
      let q = base + h * D, k = base + d.qDim + (h / d.group) * D, v = k + d.kvDim
      gemm(scores, ldc: T, q, lda: stride, k, ldb: stride, m: T, n: T, k: D, transB: true, alpha: scale)
      parallelFor(T, chunk: 16) { t in
        let row = sp.p + t * T
        var mx = -Float.infinity
        for s in 0...t { mx = max(mx, row[s]) }
        var sum: Float = 0
        for s in 0...t {
          row[s] = expf(row[s] - mx)
          sum += row[s]
        }
        let inv = 1 / sum
        for s in 0...t { row[s] *= inv }
        if t + 1 < T { (row + t + 1).update(repeating: 0, count: T - t - 1) }
        lp.p[(b * T + t) * d.heads + h] = mx + logf(sum)
      }
      gemm(out + b * T * d.qDim + h * D, ldc: d.qDim, scores, lda: T, v, ldb: stride, m: T, n: D, k: T)
    }
  }
}

/// dqkv [B·T, H·D + 2·KVH·D] += gradients of q, k, v, from dOut [B·T, H·D], the saved out [B·T, H·D],
/// lse [B·T, H] and qkv; probs and dScores are [T, T] scratch.
func causalAttentionBackward(
  _ dqkv: UnsafeMutablePointer<Float>, _ dOut: UnsafePointer<Float>, _ out: UnsafePointer<Float>,
  _ lse: UnsafePointer<Float>, _ qkv: UnsafePointer<Float>, scratch probs: UnsafeMutablePointer<Float>,
  _ dScores: UnsafeMutablePointer<Float>, batch: Int, time T: Int, dims d: ModelDims
) {
  if cpuHasAVX512Kernels {
    causalAttentionBackwardRows(dqkv, dOut, out, lse, qkv, batch: batch, time: T, dims: d)
    return
  }
  let D = d.headDim, stride = d.qkvDim, scale = 1 / Float(D).squareRoot()
  // probs [T, T]: probabilities P; dScores [T, T]: dP then dS.
  let pp = SharedPointer(probs), dp = SharedPointer(dScores)
  let lp = SharedPointer(lse), gp = SharedPointer(dOut), op = SharedPointer(out)
  for b in 0..<batch {
    for h in 0..<d.heads {
      let base = qkv + b * T * stride, dBase = dqkv + b * T * stride
      let kOff = d.qDim + (h / d.group) * D, vOff = kOff + d.kvDim
      let q = base + h * D, k = base + kOff, v = base + vOff
      let g = dOut + b * T * d.qDim + h * D
      gemm(probs, ldc: T, q, lda: stride, k, ldb: stride, m: T, n: T, k: D, transB: true, alpha: scale)
      gemm(dScores, ldc: T, g, lda: d.qDim, v, ldb: stride, m: T, n: T, k: D, transB: true)
      parallelFor(T, chunk: 16) { t in
        let row = b * T + t
        let p = pp.p + t * T, ds = dp.p + t * T
        let rowLSE = lp.p[row * d.heads + h]
        // Σ_s P·dP equals dOut·out: the softmax backward's row constant.
        let delta = dotProduct(gp.p + row * d.qDim + h * D, op.p + row * d.qDim + h * D, D)
        for s in 0...t {
          p[s] = expf(p[s] - rowLSE)
          ds[s] = p[s] * (ds[s] - delta) * scale
        }
        if t + 1 < T {
          (p + t + 1).update(repeating: 0, count: T - t - 1)
          (ds + t + 1).update(repeating: 0, count: T - t - 1)
        }
      }
      gemm(dBase + vOff, ldc: stride, probs, lda: T, g, ldb: d.qDim, m: T, n: D, k: T, transA: true, beta: 1)
      gemm(dBase + h * D, ldc: stride, dScores, lda: T, k, ldb: stride, m: T, n: D, k: T, beta: 1)
      gemm(dBase + kOff, ldc: stride, dScores, lda: T, q, ldb: stride, m: T, n: D, k: T, transA: true, beta: 1)
    }
  }
}
