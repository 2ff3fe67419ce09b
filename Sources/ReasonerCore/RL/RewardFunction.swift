// RewardFunction: one reward contract for the built-in verifier rewards, CLI runs and Python callables.

/// One batch of completions to score. Index i of every array describes completion i; `recordIndex[i]`
/// is the position of its problem in the caller's list of records (so a caller holding the records,
/// e.g. Python, can pass any other dataset column through).
public struct RewardBatch: Sendable {
  public var prompts: [String]
  public var completions: [String]
  public var answers: [String]
  public var recordIndex: [Int]
  /// Whether completion i hit max_new_tokens (was cut off).
  public var truncated: [Bool]

  public init(prompts: [String], completions: [String], answers: [String], recordIndex: [Int],
              truncated: [Bool]) {
    self.prompts = prompts
    self.completions = completions
    self.answers = answers
    self.recordIndex = recordIndex
    self.truncated = truncated
  }
  public var count: Int { completions.count }
}

/// Scores a batch. Returns one value per completion; nil means "unscorable" and leaves that completion
/// out of its group's baseline. Throws to abort the batch (the trainer then leaves weights untouched).
///
/// Worked example: the built-in correctness reward on answers ["4", "4"] with completions
/// ["2+2 = \\boxed{4}", "I think 5"] returns [1.0, 0.0].
public protocol RewardFunction: Sendable {
  var name: String { get }
  func rewards(for batch: RewardBatch) throws -> [Double?]
}
