// Token-level cross-entropy as an OutputLoss: per-row targets (−1 = masked), summed and divided by a
// given token count so the micro-batches of one accumulated batch share a normaliser; optionally records
// each row's log-probability of its target. Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift.
import Foundation

public final class CrossEntropyLoss: OutputLoss, @unchecked Sendable {
  /// [B·T]: the token row r should predict, or −1 when row r does not count.
  public let targets: [Int32]
  /// The loss is Σ_rows −log p(target) / normalizer.
  public let normalizer: Double
  /// [B·T] log p(target) per row (0 for masked rows), filled by `apply` when recording.
  private let logProbs: UnsafeMutableBufferPointer<Float>?

  public init(targets: [Int32], vocabularySize: Int, normalizer: Double, recordLogProbs: Bool = false)
    throws
  {
    guard normalizer > 0, normalizer.isFinite else {
      throw ReasonerError(.invalidArgument, "cross-entropy: normalizer \(normalizer) must be > 0")
    }
    if let i = targets.firstIndex(where: { $0 < -1 || Int($0) >= vocabularySize }) {
      throw ReasonerError(
        .invalidArgument,
        "cross-entropy: target \(targets[i]) at row \(i) is neither −1 nor in 0..<\(vocabularySize)")
    }
    self.targets = targets
    self.normalizer = normalizer
    if recordLogProbs {
      let buffer = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(1, targets.count))
      buffer.initialize(repeating: 0)
      logProbs = buffer
    } else {
      logProbs = nil
    }
  }

  deinit { logProbs?.deallocate() }

  /// Next-token targets of a batch: row b·T + t predicts token (b, t+1) when `counts[b·T + t + 1]` is
  /// true (nil: every next token counts); the last position of each row predicts nothing.
  public static func nextTokenTargets(batch: TrainingBatch, counts: [Bool]? = nil) -> [Int32] {
    let T = batch.sequenceLength
    var out = [Int32](repeating: -1, count: batch.rowCount)
    for r in 0..<batch.rowCount where r % T != T - 1 && (counts?[r + 1] ?? true) {
      out[r] = batch.tokens[r + 1]
    }
    return out
  }

  /// log p(target) of every row seen so far (nil unless recording).
  public var tokenLogProbs: [Float]? { logProbs.map(Array.init) }

  public func apply(
    rows: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize V: Int, wantGradient: Bool
  ) -> Double {
    precondition(rows.upperBound <= targets.count, "cross-entropy: rows \(rows) beyond the targets")
    var perRow = [Double](repeating: 0, count: rows.count)
    perRow.withUnsafeMutableBufferPointer { out in
      let outP = SharedPointer(out.baseAddress!), lg = SharedPointer(logits)
      let record = logProbs.map { SharedPointer($0.baseAddress!) }
      let scale = Float(1 / normalizer), first = rows.lowerBound
      targets.withUnsafeBufferPointer { tb in
        let tp = SharedPointer(tb.baseAddress!)
        parallelFor(rows.count, chunk: 8) { i in
          let row = lg.p + i * V, target = Int(tp.p[first + i])
          if target < 0 {
            if wantGradient { row.update(repeating: 0, count: V) }
            record?.p[first + i] = 0
            return
          }
          let mx = rowMaxAndArgmax(row, count: V).max
          let targetLogit = row[target]
          // One vectorised exp pass, in place (the row becomes e^(logit − max)); Float sums per block of
          // 1,024, added in Double, keep the normaliser as exact as a Double loop; NaN logits stay NaN.
          let sum = withUnsafeTemporaryAllocation(of: Double.self, capacity: (V + 1023) / 1024) { blocks in
            weighRow(row, count: V, maxLogit: mx, inverseTemperature: 1, weights: row,
                     blockSums: blocks.baseAddress!, blockSize: 1024)
          }
          let logZ = Double(mx) + log(sum)
          let logP = Double(targetLogit) - logZ
          outP.p[i] = -logP
          record?.p[first + i] = Float(logP)
          if wantGradient {
            // dlogits = softmax·scale − scale at the target: e/Z·scale.
            scaleInPlace(row, Float(Double(scale) / sum), V)
            row[target] -= scale
          }
        }
      }
    }
    return perRow.reduce(0, +) / normalizer
  }
}
