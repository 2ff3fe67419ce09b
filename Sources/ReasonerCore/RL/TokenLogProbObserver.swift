// TokenLogProbObserver: an OutputLoss with no loss that records log π_τ(target) per row — how the
// reference (and initial) policy's log-probabilities of the sampled tokens are computed without gradient.
// Tested in Tests/ReasonerCoreTests/RLPolicyLossTests.swift (agrees with PolicyLoss and a Double reference).
import Synchronization

/// Records [R] log π_τ(y_r) for masked-in rows (0 elsewhere); returns loss 0 and, if asked for a gradient,
/// zeroes the logits (there is none).
public final class TokenLogProbObserver: OutputLoss, @unchecked Sendable {
  // @unchecked: concurrent `apply` calls write disjoint rows of the output buffer.

  /// [R] target token of each row.
  public let targets: [Int32]
  /// [R] rows to record.
  public let mask: [Bool]
  public let temperature: Float
  public let vocabularySize: Int
  private let logProbBuffer: UnsafeMutableBufferPointer<Float>
  private let failure = Mutex<String?>(nil)

  public init(targets: [Int32], mask: [Bool], vocabularySize: Int, temperature: Double) throws {
    try checkRowArray(mask.count, targets.count, "mask")
    try checkTargets(targets, mask: mask, vocabularySize: vocabularySize)
    try checkTemperature(temperature)
    self.targets = targets
    self.mask = mask
    self.temperature = Float(temperature)
    self.vocabularySize = vocabularySize
    logProbBuffer = .allocate(capacity: targets.count)
    logProbBuffer.initialize(repeating: 0)
  }

  deinit { logProbBuffer.deallocate() }

  /// [R] log π_τ(y_r), 0 on masked rows.
  public var targetLogProbs: [Float] { Array(logProbBuffer) }

  /// Throws if an `apply` call was given rows or a vocabulary this observer was not built for.
  public func checkApplied() throws {
    if let message = failure.withLock({ $0 }) { throw ReasonerError(.invalidArgument, message) }
  }

  public func apply(rows: Range<Int>, logits: UnsafeMutablePointer<Float>, vocabularySize: Int,
                    wantGradient: Bool) -> Double
  {
    if let problem = rowProblem(rows, vocabularySize, expectedRows: targets.count,
                                expectedVocabulary: self.vocabularySize) {
      failure.withLock { $0 = problem }
      return .nan
    }
    for r in rows {
      let row = logits + (r - rows.lowerBound) * vocabularySize
      if mask[r] {
        logProbBuffer[r] = Float(
          temperedRowStats(row, count: vocabularySize, inverseTemperature: 1 / temperature,
                           target: Int(targets[r])).targetLogProb)
      }
      if wantGradient { row.update(repeating: 0, count: vocabularySize) }
    }
    return 0
  }
}
