// RewardBatch ⇄ rs_reward_batch: Swift strings to borrowed UTF-8 arrays (one owned arena) and back.
// Tested through rs_reward_eval by python/tests/test_reward_bridge.py (non-ASCII text round-trips).
import CReasoner
import ReasonerCore

#if os(Linux)
  import Glibc
#endif

/// A RewardBatch laid out as C arrays: every text's UTF-8 bytes in one arena plus pointer and length
/// arrays, alive as long as this object. `cBatch(_:)` views a contiguous range of completions.
final class CTextBatch: @unchecked Sendable {  // immutable after init; workers only read it
  let count: Int
  private let arena: UnsafeMutableBufferPointer<CChar>
  /// [3, count]: prompts, completions, answers.
  private let pointers: UnsafeMutableBufferPointer<UnsafePointer<CChar>?>
  /// [3, count]: byte lengths matching `pointers`.
  private let lengths: UnsafeMutableBufferPointer<Int>
  /// [count]
  private let recordIndex: UnsafeMutableBufferPointer<Int64>
  /// [count] 1 when truncated.
  private let truncated: UnsafeMutableBufferPointer<UInt8>

  init(_ batch: RewardBatch) {
    count = batch.count
    let fields = [batch.prompts, batch.completions, batch.answers]
    let totalBytes = fields.reduce(0) { $0 + $1.reduce(0) { $0 + $1.utf8.count } }
    arena = .allocate(capacity: max(1, totalBytes))
    pointers = .allocate(capacity: 3 * count)
    lengths = .allocate(capacity: 3 * count)
    recordIndex = .allocate(capacity: count)
    truncated = .allocate(capacity: count)
    var offset = 0
    for (f, texts) in fields.enumerated() {
      for i in 0..<count {
        let start = arena.baseAddress! + offset
        var text = texts[i]  // withUTF8 is mutating: it may first make the storage contiguous
        let length = text.withUTF8 { utf8 in
          if let base = utf8.baseAddress { memcpy(start, base, utf8.count) }
          return utf8.count
        }
        pointers[f * count + i] = UnsafePointer(start)
        lengths[f * count + i] = length
        offset += length
      }
    }
    for i in 0..<count {
      recordIndex[i] = Int64(batch.recordIndex[i])
      truncated[i] = batch.truncated[i] ? 1 : 0
    }
  }

  deinit {
    arena.deallocate()
    pointers.deallocate()
    lengths.deallocate()
    recordIndex.deallocate()
    truncated.deallocate()
  }

  /// The completions in `range` as an rs_reward_batch whose first_index is range.lowerBound.
  /// Valid while this object is alive.
  func cBatch(_ range: Range<Int>) -> rs_reward_batch {
    let p = UnsafePointer(pointers.baseAddress!)
    let l = UnsafePointer(lengths.baseAddress!)
    let s = range.lowerBound
    return rs_reward_batch(
      count: range.count, first_index: s,
      prompts: p + s, prompt_lens: l + s,
      completions: p + count + s, completion_lens: l + count + s,
      answers: p + 2 * count + s, answer_lens: l + 2 * count + s,
      record_index: UnsafePointer(recordIndex.baseAddress! + s),
      truncated: UnsafePointer(truncated.baseAddress! + s))
  }
}

extension RewardBatch {
  /// Decodes a caller's rs_reward_batch (invalid UTF-8 becomes U+FFFD).
  init(_ c: rs_reward_batch) throws {
    let n = c.count
    if n > 0 {
      let missing = [
        ("prompts", c.prompts == nil), ("prompt_lens", c.prompt_lens == nil),
        ("completions", c.completions == nil), ("completion_lens", c.completion_lens == nil),
        ("answers", c.answers == nil), ("answer_lens", c.answer_lens == nil),
        ("record_index", c.record_index == nil), ("truncated", c.truncated == nil),
      ].filter { $0.1 }.map { $0.0 }
      if !missing.isEmpty {
        throw ReasonerError(
          .invalidArgument, "rs_reward_batch has count \(n) but NULL \(missing.joined(separator: ", "))")
      }
    }
    func texts(_ ptrs: UnsafePointer<UnsafePointer<CChar>?>?, _ lens: UnsafePointer<Int>?, _ field: String)
      throws -> [String]
    {
      try (0..<n).map { i in
        let length = lens![i]
        guard let p = ptrs![i] else {
          if length == 0 { return "" }
          throw ReasonerError(.invalidArgument, "rs_reward_batch.\(field)[\(i)] is NULL with length \(length)")
        }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: length), as: UTF8.self)
      }
    }
    self.init(
      prompts: try texts(c.prompts, c.prompt_lens, "prompts"),
      completions: try texts(c.completions, c.completion_lens, "completions"),
      answers: try texts(c.answers, c.answer_lens, "answers"),
      recordIndex: (0..<n).map { Int(c.record_index![$0]) },
      truncated: (0..<n).map { c.truncated![$0] != 0 })
  }
}
