// RewardFunction backed by a C callback (batch or per-response form of reasoner.h), called from up to
// `threads` threads with first-failure abort. Tested by python/tests/test_reward_bridge.py through
// rs_reward_eval, the path the trainer also takes.
import CReasoner
import ReasonerCore

/// Which of reasoner.h's two callback forms a CallbackReward calls.
enum RewardCallback: @unchecked Sendable {
  // @unchecked: C function pointers are plain code addresses.
  case batch(rs_batch_reward_fn)
  case perResponse(rs_reward_fn)
}

/// A reward whose scores come from a C callback. The callback's user_data is owned by the caller,
/// who promises (reasoner.h) that it stays alive and is safe to use from several threads.
struct CallbackReward: RewardFunction, @unchecked Sendable {
  let name: String
  let callback: RewardCallback
  let userData: UnsafeMutableRawPointer?
  /// Threads calling the callback concurrently (>= 1).
  let threads: Int
  /// Batch form: completions per call; 0 = whole batch for one thread, else split evenly.
  let chunkSize: Int

  func rewards(for batch: RewardBatch) throws -> [Double?] {
    let n = batch.count
    let counts = [batch.prompts.count, batch.answers.count, batch.recordIndex.count, batch.truncated.count]
    if counts.contains(where: { $0 != n }) {
      throw ReasonerError(
        .invalidArgument,
        "RewardBatch has \(n) completions but prompts/answers/recordIndex/truncated counts \(counts)")
    }
    if n == 0 { return [] }
    let texts = CTextBatch(batch)
    let values = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
    let valid = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: n)
    defer {
      values.deallocate()
      valid.deallocate()
    }
    values.initialize(repeating: 0)
    valid.initialize(repeating: 1)
    let label = name
    try withExtendedLifetime(texts) {
      try score(texts, n, values.baseAddress!, valid.baseAddress!, userData, label)
    }
    return try (0..<n).map { i in
      if valid[i] == 0 { return nil }
      let value = values[i]
      if !value.isFinite {
        throw ReasonerError(.numerical, "reward '\(label)' for completion \(i) is not finite (\(value))")
      }
      return value
    }
  }

  /// Calls the callback over all n completions, writing out[i] and ok[i].
  private func score(
    _ texts: CTextBatch, _ n: Int, _ out: UnsafeMutablePointer<Double>, _ ok: UnsafeMutablePointer<UInt8>,
    _ user: UnsafeMutableRawPointer?, _ label: String
  ) throws {
    // Raw pointers are not Sendable; each worker writes disjoint indices of them.
    nonisolated(unsafe) let (out, ok, user) = (out, ok, user)
    switch callback {
    case .perResponse(let fn):
      try runUntilFirstFailure(units: n, threads: threads) { i in
        let c = texts.cBatch(i..<(i + 1))
        let status = fn(
          user, i, c.prompts[0], c.prompt_lens[0], c.completions[0], c.completion_lens[0],
          c.answers[0], c.answer_lens[0], c.record_index[0], c.truncated[0], ok + i, out + i)
        if status != 0 {
          throw ReasonerError(
            .callback, "reward '\(label)' returned \(status) for completion \(i); batch aborted")
        }
      }
    case .batch(let fn):
      let size = chunkSize > 0 ? chunkSize : (n + threads - 1) / threads
      let chunks = (n + size - 1) / size
      try runUntilFirstFailure(units: chunks, threads: threads) { k in
        let range = (k * size)..<min(n, (k + 1) * size)
        var c = texts.cBatch(range)
        let status = fn(user, &c, out + range.lowerBound, ok + range.lowerBound)
        if status != 0 {
          throw ReasonerError(
            .callback,
            "reward '\(label)' returned \(status) for completions \(range.lowerBound)..<\(range.upperBound); batch aborted"
          )
        }
      }
    }
  }
}
