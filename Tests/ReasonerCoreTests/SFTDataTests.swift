// SFT data preparation: chat and raw token layouts with the byte tokenizer (ids = bytes), truncation from
// the end of the completion, JSONL errors naming line and field, micro-batch padding and targets, and the
// data order (file order, per-epoch seeded permutations).
import Foundation
import Testing

@testable import ReasonerCore

struct SFTDataTests {
  func bytes(_ s: String) -> [Int32] { s.utf8.map { Int32($0) } }

  @Test func chatFormatIsUserTurnThenAssistantTurnEndingWithImEnd() throws {
    let tok = try TrainingFixtures.byteTokenizer()
    let end = tok.endOfTurnTokenId(format: .chat)
    #expect(end == 258)
    let pair = tok.sftTokens(prompt: "1+1?", completion: "2", format: .chat, endToken: end)
    #expect(pair.prompt == [257] + bytes("user\n1+1?") + [258] + bytes("\n") + [257] + bytes("assistant\n"))
    #expect(pair.completion == bytes("2") + [258])
    let raw = tok.sftTokens(prompt: "1+1?", completion: "2", format: .raw, endToken: tok.endOfTurnTokenId(format: .raw))
    #expect(raw.prompt == bytes("1+1?"))
    #expect(raw.completion == bytes("2") + [256])
  }

  @Test func longRecordsLoseTheEndOfTheirCompletion() throws {
    let pairs: [(prompt: [Int32], completion: [Int32])] = [
      ([1, 2, 3], [4, 5]),  // 5 tokens + end = 6 > 5: truncated
      ([1, 2], [4]),  // fits
      ([1, 2, 3, 4, 5], [6]),  // prompt fills seq-len: dropped
    ]
    let data = try SFTDataset(pairs: pairs, sequenceLength: 5, endToken: 9)
    #expect(data.examples == [
      SFTExample(tokens: [1, 2, 3, 4, 5], completionStart: 3), SFTExample(tokens: [1, 2, 4, 9], completionStart: 2),
    ])
    #expect(data.truncatedCount == 1)
    #expect(data.droppedCount == 1)
    #expect(throws: ReasonerError.self) { try SFTDataset(pairs: [], sequenceLength: 5) }
    do {
      _ = try SFTDataset(pairs: pairs, sequenceLength: 0)
      Issue.record("seq-len 0 accepted")
    } catch let e as ReasonerError { #expect(e.message.contains("seq-len")) }
  }

  @Test func jsonlErrorsNameTheLineAndTheField() throws {
    let tok = try TrainingFixtures.byteTokenizer()
    let dir = TrainingFixtures.scratch("jsonl")
    func load(_ text: String) throws -> SFTDataset {
      let path = dir + "/d.jsonl"
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return try SFTDataset(jsonl: path, tokenizer: tok, sequenceLength: 64)
    }
    func message(_ text: String) -> String {
      do { _ = try load(text); return "" } catch { return "\(error)" }
    }
    let good = #"{"problem": "a", "solution": "b"}"#
    #expect(message(good + "\n{not json\n").contains("d.jsonl:2: not valid JSON"))
    #expect(message(good + "\n" + #"{"problem": "a"}"#).contains("d.jsonl:2: missing field 'solution'"))
    #expect(message("").contains("no records"))
    #expect(message(#"{"problem": "a", "solution": null}"#).contains("no usable records"))
    let data = try load(good + "\n" + #"{"problem": "c", "solution": null}"# + "\n" + good)
    #expect(data.examples.count == 2)
    #expect(data.droppedCount == 1)
    #expect(data.examples[0].tokens[data.examples[0].completionStart...] == [98, 258])
  }

  @Test func microBatchIsRightPaddedWithTargetsOnCompletionTokensOnly() throws {
    let mb = try SFTMicroBatch(
      examples: [SFTExample(tokens: [5, 6, 7, 8], completionStart: 2), SFTExample(tokens: [9, 10], completionStart: 1)],
      paddingToken: 0)
    #expect(mb.batch.tokens == [5, 6, 7, 8, 9, 10, 0, 0])
    #expect(mb.batch.sequenceLength == 4)
    // Row b·4+t predicts (b, t+1) when that token is a completion token.
    #expect(mb.targets == [-1, 7, 8, -1, 10, -1, -1, -1])
    #expect(mb.lossTokenCount == 3)
    #expect(mb.realTokenCount == 6)
  }

  @Test func dataOrderIsFileOrderOrASeededPermutationPerEpoch() {
    var plain = DataOrder(count: 3, seed: 1, shuffle: false)
    #expect((0..<7).map { _ in plain.next() } == [0, 1, 2, 0, 1, 2, 0])
    var a = DataOrder(count: 50, seed: 7, shuffle: true), b = DataOrder(count: 50, seed: 7, shuffle: true)
    let epoch0 = (0..<50).map { _ in a.next() }, epoch1 = (0..<50).map { _ in a.next() }
    #expect(epoch0.sorted() == Array(0..<50) && epoch1.sorted() == Array(0..<50))
    #expect(epoch0 != epoch1 && epoch0 != Array(0..<50))
    #expect((0..<50).map { _ in b.next() } == epoch0)
    var resumed = DataOrder(count: 50, seed: 7, shuffle: true, cursor: DataCursor(epoch: 1, position: 20))
    #expect((0..<30).map { _ in resumed.next() } == Array(epoch1[20...]))
  }
}
