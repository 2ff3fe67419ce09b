// Which OpenBLAS kernel set this process should ask for. Debian's OpenBLAS 0.3.21 does not recognise
// recent AVX-512 CPUs and falls back to SSE3 kernels (4.7× slower, ../shared/notes/perf-anchors.md);
// OPENBLAS_CORETYPE must be in the environment when the library loads, so entry points re-exec or set
// it before loading. Forcing it on a CPU without AVX-512 would crash, hence the check.
// Tested in Tests/ReasonerCoreTests/MatmulTests.swift (the kernel in use must match the naive reference).
import CBLAS
import Foundation

public enum OpenBLASCoreType {
  /// The value to export, or nil when nothing should be forced (no AVX-512, or the user chose already).
  public static func recommended(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String?
  {
    if environment["OPENBLAS_CORETYPE"] != nil { return nil }
    return cpuHasAVX512F() ? "SKYLAKEX" : nil
  }

  /// The kernel set OpenBLAS loaded in this process ("SkylakeX", "Haswell", "Prescott", …).
  public static var inUse: String { String(cString: openblas_get_corename()) }

  /// A one-line warning when this CPU has AVX-512 but OpenBLAS runs slower kernels, which happens when the
  /// environment names another core type (respected, never overridden); nil when all is well. The benches
  /// print it: figures taken on the wrong kernels are off by 1.5–4.7× (measured: prefill 822 against
  /// 1,206 tokens/s with OPENBLAS_CORETYPE=Haswell against SKYLAKEX).
  public static func slowKernelWarning(
    environment: [String: String] = ProcessInfo.processInfo.environment, inUse: String = inUse,
    cpuHasAVX512F: Bool = cpuHasAVX512F()
  ) -> String? {
    let avx512Cores: Set<String> = ["skylakex", "cooperlake", "sapphirerapids"]
    guard cpuHasAVX512F, !avx512Cores.contains(inUse.lowercased()) else { return nil }
    let setting = environment["OPENBLAS_CORETYPE"].map { "OPENBLAS_CORETYPE=\($0) is set" } ?? "nothing forced it"
    return "warning: OpenBLAS runs its \(inUse) kernels (\(setting)) on a CPU with AVX-512; "
      + "unset OPENBLAS_CORETYPE (or set it to SKYLAKEX) for the kernels these figures are meant for"
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
