// BytePairEncoder: byte-level BPE over token ids with a merge-rank dictionary and a piece cache.
// Tested in TokenizerTests and against Hugging Face `tokenizers` in python/tests/test_tokenizer_matches_hf.py.
import Synchronization

/// Applies BPE merges to one pre-tokenized piece. Merges are keyed by the pair of token ids, so a merge
/// step is one dictionary lookup per adjacent pair.
public final class BytePairEncoder: Sendable {
  /// byte value → id of the single-byte token (-1 when the vocabulary lacks it).
  let byteTokens: [Int32]
  /// (left id, right id) packed as left << 32 | right → (rank, merged id).
  let merges: [UInt64: (rank: Int32, merged: Int32)]
  /// HF `ignore_merges` (Llama-3): a piece that is itself a token is emitted whole.
  let ignoreMerges: Bool
  let vocabularyByBytes: [[UInt8]: Int32]
  let cache = Mutex<[[UInt8]: [Int32]]>([:])
  static let cacheLimit = 200_000

  /// - Parameters:
  ///   - tokenBytes: the raw bytes of every token id (nil for special tokens, which BPE never produces).
  ///   - merges: pairs of vocabulary strings in rank order (as in GGUF `tokenizer.ggml.merges`).
  ///   - source: names the file in errors.
  public init(tokenBytes: [[UInt8]?], merges mergeList: [(String, String)], ignoreMerges: Bool, source: String) throws {
    var byBytes: [[UInt8]: Int32] = [:]
    for (id, b) in tokenBytes.enumerated() {
      // First id wins, as in HF when a vocabulary lists duplicates.
      if let b, byBytes[b] == nil { byBytes[b] = Int32(id) }
    }
    // A byte missing from the vocabulary (SmolLM2 lacks a few control bytes and bytes UTF-8 never uses)
    // is dropped from the output, as HF `tokenizers` BPE does when there is no unk_token.
    var singles = [Int32](repeating: -1, count: 256)
    for b in 0..<256 { singles[b] = byBytes[[UInt8(b)]] ?? -1 }
    var table: [UInt64: (Int32, Int32)] = [:]
    table.reserveCapacity(mergeList.count)
    for (rank, (a, b)) in mergeList.enumerated() {
      guard let ab = ByteLevelAlphabet.bytes(of: a), let bb = ByteLevelAlphabet.bytes(of: b),
        let ia = byBytes[ab], let ib = byBytes[bb], let merged = byBytes[ab + bb]
      else {
        throw ReasonerError(.invalidFile, "\(source): merge #\(rank) '\(a) \(b)': expected both parts and their concatenation in the vocabulary")
      }
      let key = UInt64(UInt32(bitPattern: ia)) << 32 | UInt64(UInt32(bitPattern: ib))
      if table[key] == nil { table[key] = (Int32(rank), merged) }
    }
    byteTokens = singles
    merges = table
    vocabularyByBytes = byBytes
    self.ignoreMerges = ignoreMerges
  }

  /// Token ids of one piece (its UTF-8 bytes).
  public func encode(_ piece: [UInt8]) -> [Int32] {
    if let hit = cache.withLock({ $0[piece] }) { return hit }
    let ids = merge(piece)
    cache.withLock { c in
      if c.count >= Self.cacheLimit { c.removeAll(keepingCapacity: true) }
      c[piece] = ids
    }
    return ids
  }

  /// The uncached merge loop: repeatedly merges the adjacent pair of lowest rank (leftmost on ties).
  func merge(_ piece: [UInt8]) -> [Int32] {
    if ignoreMerges, let whole = vocabularyByBytes[piece] { return [whole] }
    var ids = piece.compactMap { byteTokens[Int($0)] >= 0 ? byteTokens[Int($0)] : nil }
    while ids.count > 1 {
      var bestRank = Int32.max, bestAt = -1, bestId: Int32 = 0
      for i in 0..<ids.count - 1 {
        let key = UInt64(UInt32(bitPattern: ids[i])) << 32 | UInt64(UInt32(bitPattern: ids[i + 1]))
        if let m = merges[key], m.rank < bestRank {
          bestRank = m.rank
          bestAt = i
          bestId = m.merged
        }
      }
      if bestAt < 0 { break }
      // Merge every non-overlapping occurrence of the best pair in one pass, left to right (as HF does).
      let left = ids[bestAt], right = ids[bestAt + 1]
      var out: [Int32] = []
      out.reserveCapacity(ids.count)
      var i = 0
      while i < ids.count {
        if i + 1 < ids.count && ids[i] == left && ids[i + 1] == right {
          out.append(bestId)
          i += 2
        } else {
          out.append(ids[i])
          i += 1
        }
      }
      ids = out
    }
    return ids
  }
}
