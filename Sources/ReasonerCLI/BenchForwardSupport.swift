// Small helpers shared by the model benchmarks: peak resident memory and a monotonic clock.
// Exercised by running `reasoner bench train|forward` (figures printed, never asserted).
import Foundation

enum BenchClock {
  static func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

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
