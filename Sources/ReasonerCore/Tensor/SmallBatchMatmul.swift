// Linear layers of a few rows (decode: one row per live sequence) through the AVX-512 kernel ck_gemm_nt,
// which reads the [out, in] weights in place; cblas_sgemm packs the whole weight matrix on every call,
// which at M = 16…64 costs more than the product. Output columns are split among threads.
// Tested in Tests/ReasonerCoreTests/CKernelTests.swift (against naiveMatmul).
import CKernels

/// Whether the CPU runs the AVX-512 kernels of CKernels (checked once).
public let cpuHasAVX512Kernels: Bool = ck_have_avx512() != 0

/// Row counts up to this go through `smallBatchLinear` (when the CPU has AVX-512); above it, cblas_sgemm
/// (prefill, training), whose packing pays off once each weight is reused by many rows.
let smallBatchMaxRows = 96

/// y [M, N] (+)= x [M, K] · wᵀ with w [N, K]. Requires `cpuHasAVX512Kernels`.
func smallBatchLinear(
  _ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
  rows M: Int, inFeatures K: Int, outFeatures N: Int, accumulate: Bool, threads: Int = defaultThreadCount
) {
  precondition(cpuHasAVX512Kernels, "smallBatchLinear needs AVX-512")
  // About 8 chunks per thread (multiples of 4 columns, the kernel's tile) so a thread slowed by another
  // process on the machine does not hold the others up.
  let chunk = max(16, (N / max(1, threads * 8) + 3) / 4 * 4)
  let chunks = (N + chunk - 1) / chunk
  let yp = SharedPointer(y), xp = SharedPointer(x), wp = SharedPointer(w)
  parallelFor(chunks, threads: threads) { c in
    let begin = c * chunk, end = min(N, begin + chunk)
    ck_gemm_nt(yp.p, xp.p, wp.p, Int32(M), Int32(N), Int32(K), Int32(begin), Int32(end), accumulate ? 1 : 0)
  }
}
