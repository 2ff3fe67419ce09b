// sgemm through OpenBLAS against the naive Double reference, every transpose case and accumulation.
// Tolerance: 1e-4 relative to the magnitude of the operands (fp32 rounding over k ≤ 70 terms).
import Testing

@testable import ReasonerCore

struct MatmulTests {
  func random(_ n: Int, seed: inout UInt64) -> [Float] {
    (0..<n).map { _ in
      seed = seed &* 6364136223846793005 &+ 1442695040888963407
      return Float(Int(seed >> 40) % 2001 - 1000) / 1000
    }
  }

  @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
  func matchesNaiveReference(transA: Bool, transB: Bool) {
    var seed: UInt64 = 42
    let (m, n, k) = (37, 53, 70)
    let a = random(m * k, seed: &seed), b = random(k * n, seed: &seed)
    let base = random(m * n, seed: &seed)
    var c = base
    c.withUnsafeMutableBufferPointer {
      matmul($0.baseAddress!, a, b, m: m, n: n, k: k, transA: transA, transB: transB, accumulate: true)
    }
    let ref = naiveMatmul(a, b, m: m, n: n, k: k, transA: transA, transB: transB)
    var maxDiff = 0.0
    for i in 0..<(m * n) { maxDiff = max(maxDiff, abs(Double(c[i]) - (ref[i] + Double(base[i])))) }
    #expect(maxDiff < 1e-4, "max |sgemm − naive| = \(maxDiff)")
  }

  @Test func largeProductMatchesReference() {
    // Large enough that OpenBLAS uses its blocked, threaded kernels: the ones a wrong CORETYPE breaks.
    var seed: UInt64 = 7
    let (m, n, k) = (256, 192, 320)
    let a = random(m * k, seed: &seed), b = random(k * n, seed: &seed)
    var c = [Float](repeating: 0, count: m * n)
    c.withUnsafeMutableBufferPointer { matmul($0.baseAddress!, a, b, m: m, n: n, k: k) }
    let ref = naiveMatmul(a, b, m: m, n: n, k: k)
    var maxDiff = 0.0
    for i in 0..<(m * n) { maxDiff = max(maxDiff, abs(Double(c[i]) - ref[i])) }
    #expect(maxDiff < 1e-3, "max |sgemm − naive| = \(maxDiff)")
  }

  @Test func slowKernelsAreReportedOnlyOnAVX512CPUs() {
    // The user's OPENBLAS_CORETYPE is respected, but a bench run on slower kernels says so.
    let haswell = OpenBLASCoreType.slowKernelWarning(
      environment: ["OPENBLAS_CORETYPE": "Haswell"], inUse: "Haswell", cpuHasAVX512F: true)
    #expect(haswell?.contains("OPENBLAS_CORETYPE=Haswell is set") == true)
    #expect(OpenBLASCoreType.slowKernelWarning(environment: [:], inUse: "Prescott", cpuHasAVX512F: true) != nil)
    #expect(OpenBLASCoreType.slowKernelWarning(environment: [:], inUse: "SkylakeX", cpuHasAVX512F: true) == nil)
    #expect(OpenBLASCoreType.slowKernelWarning(environment: [:], inUse: "Haswell", cpuHasAVX512F: false) == nil)
    #expect(OpenBLASCoreType.recommended(environment: ["OPENBLAS_CORETYPE": "Haswell"]) == nil)
    #expect(!OpenBLASCoreType.inUse.isEmpty)
  }
}
