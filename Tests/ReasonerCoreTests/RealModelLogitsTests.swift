// The real SmolLM2-135M GGUF against an independent numpy float64 forward (Fixtures/smollm2_logits.json,
// scripts/golden/make_smollm2_logits.py): every stored logit (ids 0..<1024 at every position, and the last
// position's top 20) through the full-sequence forward AND through the KV-cache prefill/decode path,
// within 1e-3 absolute. Skipped with a message when models/SmolLM2-135M-Instruct.gguf is absent.
import Foundation
import Testing

@testable import ReasonerCore

/// The real model, built once per test run (nil, with a SKIP line printed, when the file is absent).
enum RealModel {
  static let language: LanguageModel? = FormatsFixtures.realModel.flatMap { loaded in
    guard let model = try? LlamaModel(config: loaded.config, weights: loaded.tensors) else { return nil }
    return LanguageModel(model: model, tokenizer: loaded.tokenizer, sourcePath: loaded.sourcePath)
  }

  static func fixture(_ name: String) throws -> [[String: Any]] {
    let url = FormatsFixtures.repo.appendingPathComponent("Tests/ReasonerCoreTests/Fixtures/\(name)")
    let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    return root["prompts"] as! [[String: Any]]
  }

  static func ids(_ prompt: [String: Any]) -> [Int32] { (prompt["ids"] as! [Int]).map(Int32.init) }
}

struct RealModelLogitsTests {
  static let tolerance: Float = 1e-3

  /// Worst |ours − reference| over one position's stored logits: ids 0..<1024, plus the top 20 at the last.
  func worstDifference(_ row: [Float], _ reference: [Double], top20: [[Double]]?) -> Float {
    var worst: Float = 0
    for (i, r) in reference.enumerated() { worst = max(worst, abs(row[i] - Float(r))) }
    for pair in top20 ?? [] { worst = max(worst, abs(row[Int(pair[0])] - Float(pair[1]))) }
    return worst
  }

  @Test func fullSequenceForwardMatchesNumpyReference() throws {
    guard let lm = RealModel.language else { return }
    for prompt in try RealModel.fixture("smollm2_logits.json") {
      let ids = RealModel.ids(prompt), reference = prompt["logits_first1024"] as! [[Double]]
      let capture = LogitsCapture(rowCount: ids.count)
      _ = lm.model.forwardBackward(
        batch: try TrainingBatch(tokens: ids, batchSize: 1, sequenceLength: ids.count), loss: capture, gradients: nil)
      var worst: Float = 0
      for t in 0..<ids.count {
        worst = max(worst, worstDifference(
          capture.rows[t], reference[t], top20: t == ids.count - 1 ? prompt["last_top20"] as? [[Double]] : nil))
      }
      #expect(worst < Self.tolerance, "\(prompt["text"]!): max |Δlogit| = \(worst) over \(ids.count) positions")
    }
  }

  /// Slot 1 prefills the first token and decodes the rest one at a time (every position's logits come from
  /// the cache path); slot 0 prefills the whole prompt in one forward (its last position).
  @Test func kvCachePrefillAndDecodeMatchNumpyReference() throws {
    guard let lm = RealModel.language else { return }
    let V = lm.model.vocabularySize
    for prompt in try RealModel.fixture("smollm2_logits.json") {
      let ids = RealModel.ids(prompt), reference = prompt["logits_first1024"] as! [[Double]]
      let top20 = prompt["last_top20"] as? [[Double]]
      let session = try lm.model.makeSession(slots: 2, capacity: ids.count)
      var logits = [Float](repeating: 0, count: V)
      try session.prefill(slot: 0, tokens: ids, lastLogits: &logits)
      let prefillWorst = worstDifference(logits, reference[ids.count - 1], top20: top20)
      try session.prefill(slot: 1, tokens: [ids[0]], lastLogits: &logits)
      var decodeWorst = worstDifference(logits, reference[0], top20: nil)
      for t in 1..<ids.count {
        try session.decode(slots: [1], tokens: [ids[t]], logits: &logits)
        decodeWorst = max(decodeWorst, worstDifference(logits, reference[t], top20: t == ids.count - 1 ? top20 : nil))
      }
      #expect(prefillWorst < Self.tolerance, "\(prompt["text"]!): prefill max |Δlogit| = \(prefillWorst)")
      #expect(decodeWorst < Self.tolerance, "\(prompt["text"]!): decode max |Δlogit| = \(decodeWorst)")
    }
  }
}
