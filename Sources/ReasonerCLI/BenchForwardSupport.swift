// Small helpers shared by the model benchmarks: peak resident memory and a monotonic clock.
// Exercised by running `reasoner bench train|forward` (figures printed, never asserted).
import Foundation
import ReasonerCore

enum BenchClock {
  static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

  /// Says on stderr when OpenBLAS runs slower kernels than this CPU allows (figures would mislead).
  static func warnAboutSlowKernels() {
    if let warning = OpenBLASCoreType.slowKernelWarning() {
      FileHandle.standardError.write(Data((warning + "\n").utf8))
    }
  }

  /// CPU seconds (user + system) this process has used: on a shared machine, tokens per CPU-second is a
  /// steadier figure than wall-clock tokens/s.
  static func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return s(usage.ru_utime) + s(usage.ru_stime)
  }

  /// Peak resident set size in MiB (VmHWM of /proc/self/status), or 0 where unavailable.
  static func peakRSSMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
      return kb / 1024
    }
    return 0
  }
}
