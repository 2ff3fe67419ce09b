// The fast fp32 forward (sgemm, fused q|k|v, online-softmax attention) against ReferenceLlama, the naive
// Double forward, on tiny random models. Tolerance: 1e-4 absolute on logits of magnitude ~1 (fp32
// rounding through 2 layers of width 64).
import Testing

@testable import ReasonerCore

struct ModelForwardTests {
  @Test(arguments: [("plain", TinyModels.plain), ("bias+untied", TinyModels.biasedUntied)])
  func logitsMatchDoubleReference(label: String, config: LlamaConfig) throws {
    let model = TinyModels.model(config, seed: 3)
    let (B, T) = (2, 7)
    let batch = try TrainingBatch(
      tokens: TinyModels.tokens(B * T, vocab: config.vocabSize, seed: 11), batchSize: B, sequenceLength: T)
    let capture = LogitsCapture(rowCount: B * T)
    _ = model.forwardBackward(batch: batch, loss: capture, gradients: nil)
    let reference = ReferenceLlama(config: config, weights: model.exportWeights())
    var maxDiff = 0.0
    for b in 0..<B {
      let ref = reference.logits(tokens: Array(batch.tokens[(b * T)..<(b * T + T)]))
      for t in 0..<T {
        for v in 0..<config.vocabSize {
          maxDiff = max(maxDiff, abs(Double(capture.rows[b * T + t][v]) - ref[t][v]))
        }
      }
    }
    #expect(maxDiff < 1e-4, "\(label): max |fast − reference| logit = \(maxDiff)")
  }

  @Test func trainingForwardAndForwardOnlyAgree() throws {
    // Forward-only keeps one layer of activations; training keeps all: the loss must be the same.
    let config = TinyModels.plain
    let model = TinyModels.model(config, seed: 5)
    let batch = try TrainingBatch(
      tokens: TinyModels.tokens(3 * 9, vocab: config.vocabSize, seed: 2), batchSize: 3, sequenceLength: 9)
    let targets = CrossEntropyLoss.nextTokenTargets(batch: batch)
    let loss = try CrossEntropyLoss(targets: targets, vocabularySize: 300, normalizer: 24)
    let a = model.forwardBackward(batch: batch, loss: loss, gradients: nil)
    let b = model.forwardBackward(batch: batch, loss: loss, gradients: model.parameters.makeZeroedSibling())
    #expect(abs(a - b) < 1e-9, "forward-only \(a) vs training \(b)")
  }
}
