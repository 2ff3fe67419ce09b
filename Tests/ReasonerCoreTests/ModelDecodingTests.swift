// KV-cache decoding of LlamaModel: incremental decode equals a full recompute (the training forward,
// a separate attention path), a batch equals each slot alone, copySlot equals a separate prefill, and
// misuse throws clear errors. Tolerance: 1e-4 absolute on logits (fp32; different sgemm row counts).
import Testing

@testable import ReasonerCore

struct ModelDecodingTests {
  let config = TinyModels.biasedUntied
  let V = TinyModels.biasedUntied.vocabSize

  func fullLogits(_ model: LlamaModel, _ tokens: [Int32]) throws -> [Float] {
    let capture = LogitsCapture(rowCount: tokens.count)
    _ = model.forwardBackward(
      batch: try TrainingBatch(tokens: tokens, batchSize: 1, sequenceLength: tokens.count), loss: capture,
      gradients: nil)
    return capture.rows[tokens.count - 1]
  }

  func maxDiff(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max()! }

  @Test(arguments: [TinyModels.plain, TinyModels.biasedUntied])
  func incrementalDecodeEqualsFullRecompute(config: LlamaConfig) throws {
    let model = TinyModels.model(config, seed: 31)
    var tokens = TinyModels.tokens(5, vocab: config.vocabSize, seed: 1)
    let session = try model.makeSession(slots: 2, capacity: 16)
    var logits = [Float](repeating: 0, count: config.vocabSize)
    try session.prefill(slot: 1, tokens: tokens, lastLogits: &logits)
    var worst = maxDiff(logits, try fullLogits(model, tokens))
    for step in 0..<6 {
      let next = Int32((step * 37 + 11) % config.vocabSize)
      try session.decode(slots: [1], tokens: [next], logits: &logits)
      tokens.append(next)
      worst = max(worst, maxDiff(logits, try fullLogits(model, tokens)))
    }
    #expect(session.length(ofSlot: 1) == 11 && session.length(ofSlot: 0) == 0)
    #expect(worst < 1e-4, "max |incremental − full| = \(worst)")
  }

  @Test func batchedDecodeEqualsEachSlotAlone() throws {
    let model = TinyModels.model(config, seed: 32)
    let prompts = [3, 7, 1].enumerated().map { TinyModels.tokens($1, vocab: V, seed: UInt64($0 + 50)) }
    let batched = try model.makeSession(slots: 3, capacity: 20)
    let alone = try prompts.map { _ in try model.makeSession(slots: 1, capacity: 20) }
    var row = [Float](repeating: 0, count: V), rows = [Float](repeating: 0, count: 3 * V)
    for (i, p) in prompts.enumerated() {
      try batched.prefill(slot: i, tokens: p, lastLogits: &row)
      try alone[i].prefill(slot: 0, tokens: p, lastLogits: &row)
    }
    var worst: Float = 0
    for step in 0..<5 {
      let next: [Int32] = (0..<3).map { Int32(($0 * 101 + step * 13) % V) }
      // Slots listed out of order on purpose: row i belongs to slots[i].
      let order = [2, 0, 1]
      try batched.decode(slots: order, tokens: order.map { next[$0] }, logits: &rows)
      for (i, s) in order.enumerated() {
        try alone[s].decode(slots: [0], tokens: [next[s]], logits: &row)
        worst = max(worst, maxDiff(Array(rows[(i * V)..<(i * V + V)]), row))
      }
    }
    #expect(worst < 1e-4, "max |batched − alone| = \(worst)")
  }

  @Test func copySlotEqualsSeparatePrefill() throws {
    let model = TinyModels.model(config, seed: 33)
    let prompt = TinyModels.tokens(6, vocab: V, seed: 9)
    let shared = try model.makeSession(slots: 3, capacity: 12)
    let separate = try model.makeSession(slots: 3, capacity: 12)
    var row = [Float](repeating: 0, count: V)
    try shared.prefill(slot: 0, tokens: prompt, lastLogits: &row)
    shared.copySlot(0, to: [1, 2])
    for s in 0..<3 { try separate.prefill(slot: s, tokens: prompt, lastLogits: &row) }
    var a = [Float](repeating: 0, count: 3 * V), b = a
    var worst: Float = 0
    for step in 0..<4 {
      let next: [Int32] = [Int32(step), Int32(step + 100), Int32(step + 200)]
      try shared.decode(slots: [0, 1, 2], tokens: next, logits: &a)
      try separate.decode(slots: [0, 1, 2], tokens: next, logits: &b)
      worst = max(worst, maxDiff(a, b))
    }
    #expect(shared.length(ofSlot: 2) == 10)
    #expect(worst < 1e-4, "max |copied − separate| = \(worst)")
  }

  @Test func misuseThrowsClearErrors() throws {
    let model = TinyModels.model(config, seed: 34)
    let session = try model.makeSession(slots: 2, capacity: 4)
    var row = [Float](repeating: 0, count: V), rows = [Float](repeating: 0, count: 2 * V)
    func message(_ body: () throws -> Void) -> String {
      do { try body() } catch { return "\(error)" }
      return "no error"
    }
    #expect(message { try session.prefill(slot: 0, tokens: [1, 2, 3, 4, 5], lastLogits: &row) }.contains("capacity 4"))
    try session.prefill(slot: 0, tokens: [1, 2, 3, 4], lastLogits: &row)
    #expect(message { try session.decode(slots: [0], tokens: [1], logits: &row) }.contains("slot 0 is full"))
    #expect(message { try session.decode(slots: [1, 1], tokens: [1, 2], logits: &rows) }.contains("twice"))
    #expect(message { try session.decode(slots: [1], tokens: [300], logits: &row) }.contains("vocabulary"))
    #expect(message { try session.prefill(slot: 2, tokens: [1], lastLogits: &row) }.contains("outside"))
    #expect(message { _ = try model.makeSession(slots: 1, capacity: 65) }.contains("context"))
    #expect(session.length(ofSlot: 1) == 0, "failed calls leave the cache untouched")
  }
}
