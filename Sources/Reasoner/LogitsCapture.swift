// LogitsCapture: an OutputLoss that copies the head's logits out instead of scoring them, so
// rs_model_logits reuses the one chunked forward. Tested by python/tests/test_model.py (reference logits).
import ReasonerCore

/// Copies each chunk's logits rows into `destination` [rows, V]; contributes 0 to the loss.
final class LogitsCapture: OutputLoss, @unchecked Sendable {
  // @unchecked: concurrent `apply` calls write disjoint rows of the destination (OutputLoss contract).
  let destination: UnsafeMutablePointer<Float>
  let rows: Int
  let vocabularySize: Int

  init(destination: UnsafeMutablePointer<Float>, rows: Int, vocabularySize: Int) {
    self.destination = destination
    self.rows = rows
    self.vocabularySize = vocabularySize
  }

  func apply(rows range: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize V: Int, wantGradient: Bool) -> Double {
    precondition(V == vocabularySize && range.upperBound <= rows, "LogitsCapture: rows \(range) or V \(V) unexpected")
    (destination + range.lowerBound * V).update(from: logits, count: range.count * V)
    if wantGradient { logits.update(repeating: 0, count: range.count * V) }
    return 0
  }
}
