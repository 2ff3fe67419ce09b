// A progress line for long work: done/total, rate, ETA and a few named figures, redrawn in place on a
// terminal and printed every few seconds otherwise (logs, CI). Tested in SupportTests (formatting).
import Foundation

public final class ProgressLine: @unchecked Sendable {
  public let label: String
  public let total: Int
  public let unit: String
  private let start = Date()
  private var lastPrint = Date.distantPast
  private let interactive = isatty(STDERR_FILENO) != 0
  private let lock = NSLock()

  public init(_ label: String, total: Int, unit: String = "steps") {
    self.label = label
    self.total = total
    self.unit = unit
  }

  /// Formats the line without printing it (tests use this).
  public func format(done: Int, elapsed: Double, extra: String = "") -> String {
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let remaining = rate > 0 ? Double(total - done) / rate : .infinity
    let pct = total > 0 ? 100 * Double(done) / Double(total) : 100
    var s = String(format: "%@ %d/%d %@ (%.0f%%) %.2f %@/s, ETA %@", label, done, total, unit, pct, rate,
                   unit, Self.duration(remaining))
    if !extra.isEmpty { s += " | " + extra }
    return s
  }

  /// Shows progress; throttled to 10 Hz on a terminal and one line per 5 s otherwise (and always at the end).
  public func update(done: Int, extra: String = "") {
    lock.lock()
    defer { lock.unlock() }
    let now = Date()
    let finished = done >= total
    let gap = interactive ? 0.1 : 5.0
    if !finished && now.timeIntervalSince(lastPrint) < gap { return }
    lastPrint = now
    let line = format(done: done, elapsed: now.timeIntervalSince(start), extra: extra)
    let out = interactive ? "\r\u{1B}[K" + line + (finished ? "\n" : "") : line + "\n"
    FileHandle.standardError.write(Data(out.utf8))
  }

  public static func duration(_ seconds: Double) -> String {
    if !seconds.isFinite { return "?" }
    let s = Int(seconds.rounded())
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
  }
}
