// Linear layer y = x·Wᵀ (+ b), weights in PyTorch [out, in] order, through cblas_sgemm; a few rows
// (decode) go through the unpacked AVX-512 kernel of SmallBatchMatmul.swift where the CPU has it
// (else cblas_sgemv for a single row, where sgemm is slow). Forward and backward side by side.
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (finite differences) and ModelForwardTests.
import CBLAS

/// y [N, out] (+)= x [N, in] · weightᵀ + bias [out]. `accumulate` adds into y (residual connections).
func linearForward(
  _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
  _ bias: UnsafePointer<Float>?, rows: Int, inFeatures: Int, outFeatures: Int, accumulate: Bool = false
) {
  if cpuHasAVX512Kernels && rows <= smallBatchMaxRows {
    smallBatchLinear(y, x, weight, rows: rows, inFeatures: inFeatures, outFeatures: outFeatures, accumulate: accumulate)
  } else if rows == 1 {
    cblas_sgemv(
      CblasRowMajor, CblasNoTrans, Int32(outFeatures), Int32(inFeatures), 1, weight,
      Int32(inFeatures), x, 1, accumulate ? 1 : 0, y, 1)
  } else {
    matmul(y, x, weight, m: rows, n: outFeatures, k: inFeatures, transB: true, accumulate: accumulate)
  }
  if let bias {
    for n in 0..<rows { addScaled(y + n * outFeatures, 1, bias, outFeatures) }
  }
}

/// dx [N, in] += dy·W (skipped when nil), dWeight [out, in] += dyᵀ·x, dBias [out] += Σ_n dy.
func linearBackward(
  _ dx: UnsafeMutablePointer<Float>?, _ dWeight: UnsafeMutablePointer<Float>,
  _ dBias: UnsafeMutablePointer<Float>?, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
  _ weight: UnsafePointer<Float>, rows: Int, inFeatures: Int, outFeatures: Int
) {
  if let dx {
    matmul(dx, dy, weight, m: rows, n: inFeatures, k: outFeatures, accumulate: true)
  }
  matmul(dWeight, dy, x, m: outFeatures, n: inFeatures, k: rows, transA: true, accumulate: true)
  if let dBias {
    for n in 0..<rows { addScaled(dBias, 1, dy + n * outFeatures, outFeatures) }
  }
}
