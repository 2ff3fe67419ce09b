// ResponsePenalties: which of T1's −1 penalties fire for a response — truncated (hit max_new_tokens),
// repetitive (RepetitionDetector on the completion's token ids) and garbled (GarbledTextDetector on its
// text) — each with an on/off switch. Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift.
import ReasonerReward

public struct ResponsePenalties: Sendable {
  public var truncated: Bool
  public var repetitive: Bool
  public var garbled: Bool
  /// Runs on token ids, so its n-gram thresholds count the model's tokens (characters for the demo).
  public var repetitionDetector: RepetitionDetector
  public var garbledDetector: GarbledTextDetector

  public init(truncated: Bool = true, repetitive: Bool = true, garbled: Bool = true,
              repetitionDetector: RepetitionDetector = RepetitionDetector(),
              garbledDetector: GarbledTextDetector = GarbledTextDetector()) {
    self.truncated = truncated
    self.repetitive = repetitive
    self.garbled = garbled
    self.repetitionDetector = repetitionDetector
    self.garbledDetector = garbledDetector
  }

  /// The flags of one response: `tokens` as sampled (stop token included), `text` decoded.
  public func flags(tokens: [Int32], text: String, hitLength: Bool) -> PenaltyFlags {
    PenaltyFlags(
      truncated: truncated && hitLength,
      repetitive: repetitive && repetitionDetector.check(tokens: tokens).flagged,
      garbled: garbled && garbledDetector.check(text).flagged)
  }
}
