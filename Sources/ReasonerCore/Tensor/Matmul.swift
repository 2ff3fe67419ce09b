// Matrix products: the one entry point to cblas_sgemm, with a naive Double-precision reference beside it.
// Tested in Tests/ReasonerCoreTests/MatmulTests.swift (sgemm against the naive loop, all transpose cases).
import CBLAS

/// C[M,N] (+)= A[M,K]·B[K,N], row-major, where `transA`/`transB` mean the stored matrix is the transpose
/// (A stored [K,M], B stored [N,K]). `accumulate` adds into C instead of overwriting it (backward passes).
@inline(__always)
public func matmul(
  _ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
  m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, accumulate: Bool = false
) {
  precondition(m >= 0 && n >= 0 && k >= 0)
  if m == 0 || n == 0 { return }
  cblas_sgemm(
    CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
    Int32(m), Int32(n), Int32(k), 1.0, a, Int32(transA ? m : k), b, Int32(transB ? k : n),
    accumulate ? 1.0 : 0.0, c, Int32(n))
}

/// The naive reference for `matmul`: a triple loop in Double. Slow; used by tests only.
public func naiveMatmul(
  _ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false
) -> [Double] {
  var c = [Double](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      var s = 0.0
      for p in 0..<k {
        let av = transA ? a[p * m + i] : a[i * k + p]
        let bv = transB ? b[j * k + p] : b[p * n + j]
        s += Double(av) * Double(bv)
      }
      c[i * n + j] = s
    }
  }
  return c
}

/// Number of threads OpenBLAS uses; set once per process (CLI `--threads`, Python `set_threads`).
public enum BLASThreads {
  public static var count: Int { Int(openblas_get_num_threads()) }
  public static func set(_ n: Int) { openblas_set_num_threads(Int32(max(1, n))) }
}
