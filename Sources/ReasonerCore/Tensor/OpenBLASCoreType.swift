// Which OpenBLAS kernel set this process should ask for. Debian's OpenBLAS 0.3.21 does not recognise
// recent AVX-512 CPUs and falls back to SSE3 kernels (4.7× slower, ../shared/notes/perf-anchors.md);
// OPENBLAS_CORETYPE must be in the environment when the library loads, so entry points re-exec or set
// it before loading. Forcing it on a CPU without AVX-512 would crash, hence the check.
// Tested in Tests/ReasonerCoreTests/MatmulTests.swift (the kernel in use must match the naive reference).
import Foundation

public enum OpenBLASCoreType {
  /// The value to export, or nil when nothing should be forced (no AVX-512, or the user chose already).
  public static func recommended(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    if environment["OPENBLAS_CORETYPE"] != nil { return nil }
    return cpuHasAVX512F() ? "SKYLAKEX" : nil
  }

  /// True when /proc/cpuinfo lists the avx512f flag.
  public static func cpuHasAVX512F() -> Bool {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return false
    }
    for line in info.split(separator: "\n") where line.hasPrefix("flags") {
      return line.split(separator: " ").contains("avx512f")
    }
    return false
  }
}
