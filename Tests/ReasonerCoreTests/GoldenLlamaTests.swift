// Golden check against PyTorch + transformers (scripts/golden/make_llama_golden.py, fixture
// Fixtures/golden_tiny_llama): the HF directory loaded by ModelLoader gives the same logits (|Δ| ≤ 1e-4),
// loss (|Δ| ≤ 1e-5), every parameter's gradient (per tensor: max|Δ| ≤ 1e-6 + 1e-3·max|g_ref|), and the
// SFTTrainer reproduces the loss after each of torch.optim.AdamW's 10 steps (|Δ| ≤ 1e-4·max(1, loss)).
// Overfitting the same batch with the trainer drives the loss near zero.
import Foundation
import Testing

@testable import ReasonerCore

struct GoldenLlamaTests {
  func loadGoldenModel() throws -> LlamaModel {
    let loaded = try ModelLoader.load(path: try TrainingFixtures.goldenModelDirectory())
    return try LlamaModel(config: loaded.config, weights: loaded.tensors)
  }

  @Test func logitsLossAndEveryGradientMatchPyTorch() throws {
    let model = try loadGoldenModel()
    let inputs = try TrainingFixtures.goldenInputs()
    let (B, T, V) = (inputs.input_ids.count, inputs.input_ids[0].count, model.config.vocabSize)
    let batch = try TrainingBatch(tokens: inputs.input_ids.flatMap { $0 }, batchSize: B, sequenceLength: T)

    let capture = LogitsCapture(rowCount: B * T)
    _ = model.forwardBackward(batch: batch, loss: capture, gradients: nil)
    let reference = try Safetensors.read(
      path: TrainingFixtures.goldenDirectory.appendingPathComponent("logits.safetensors").path).tensors["logits"]!
    #expect(reference.shape == [B, T, V])
    var logitDiff = 0.0
    for r in 0..<(B * T) {
      for v in 0..<V { logitDiff = max(logitDiff, Double(abs(capture.rows[r][v] - reference.data[r * V + v]))) }
    }
    print("golden: logits max |Δ| = \(logitDiff)")
    #expect(logitDiff <= 1e-4, "logits max |Δ| \(logitDiff) > 1e-4")

    let counts = inputs.loss_mask.flatMap { $0 }.map { $0 == 1 }
    let targets = CrossEntropyLoss.nextTokenTargets(batch: batch, counts: counts)
    let n = Double(targets.filter { $0 >= 0 }.count)
    let ce = try CrossEntropyLoss(targets: targets, vocabularySize: V, normalizer: n)
    let grads = model.parameters.makeZeroedSibling()
    let loss = model.forwardBackward(batch: batch, loss: ce, gradients: grads)
    print("golden: loss \(loss) vs PyTorch \(inputs.initial_loss), |Δ| = \(abs(loss - inputs.initial_loss))")
    #expect(abs(loss - inputs.initial_loss) <= 1e-5)

    let refGrads = try Safetensors.read(
      path: TrainingFixtures.goldenDirectory.appendingPathComponent("grads.safetensors").path).tensors
    #expect(Set(refGrads.keys) == Set(model.parameters.layout.names), "gradient names differ from the layout")
    var worst = (ratio: 0.0, name: "", diff: 0.0)
    for e in model.parameters.layout.entries {
      guard let ref = refGrads[e.name] else { continue }
      let ours = grads.view(e.name)
      let scale = ref.data.map { Double(abs($0)) }.max() ?? 0
      var diff = 0.0
      for i in 0..<e.count { diff = max(diff, Double(abs(ours[i] - ref.data[i]))) }
      let tolerance = 1e-6 + 1e-3 * scale
      if diff / tolerance > worst.ratio { worst = (diff / tolerance, e.name, diff) }
      #expect(diff <= tolerance, "\(e.name): gradient max |Δ| \(diff) > \(tolerance) (max |g_ref| \(scale))")
    }
    print("golden: worst gradient \(worst.name) max |Δ| = \(worst.diff) (\(worst.ratio) of its tolerance)")
  }

  /// PyTorch's trajectory: same batch every step, lr 1e-2 constant, betas (0.9, 0.95), wd 0.1 off norms,
  /// no clipping. Micro-batches of one row check that accumulation shares one normaliser.
  @Test func tenAdamWStepsMatchPyTorch() throws {
    let model = try loadGoldenModel()
    let inputs = try TrainingFixtures.goldenInputs()
    let examples = TrainingFixtures.goldenExamples(inputs)
    let data = SFTDataset(examples: examples, sequenceLength: 12, truncatedCount: 0, droppedCount: 0)
    let a = inputs.adamw
    let config = SFTConfig(
      steps: 10, batchSize: 2, microBatchSize: 1, sequenceLength: 12, learningRate: a.lr, warmupSteps: 0,
      schedule: .constant, gradClip: 0,
      adamW: AdamWConfig(beta1: a.beta1, beta2: a.beta2, epsilon: a.eps, weightDecay: a.weight_decay),
      seed: 0, shuffle: false)
    let trainer = try SFTTrainer(model: model, dataset: data, config: config)
    var losses: [Double] = []
    try trainer.run { losses.append($0.loss) }
    let diffs = zip(losses, inputs.losses_10_steps).map { abs($0 - $1) }
    print("golden: 10-step losses ours \(losses.map { ($0 * 1e5).rounded() / 1e5 }); max |Δ| = \(diffs.max()!)")
    for (i, (ours, ref)) in zip(losses, inputs.losses_10_steps).enumerated() {
      #expect(abs(ours - ref) <= 1e-4 * max(1, abs(ref)), "step \(i + 1): loss \(ours) vs PyTorch \(ref)")
    }
  }

  @Test func overfittingOneBatchDrivesTheLossNearZero() throws {
    let model = try loadGoldenModel()
    let examples = TrainingFixtures.goldenExamples(try TrainingFixtures.goldenInputs())
    let data = SFTDataset(examples: examples, sequenceLength: 12, truncatedCount: 0, droppedCount: 0)
    let config = SFTConfig(
      steps: 80, batchSize: 2, microBatchSize: 2, sequenceLength: 12, learningRate: 1e-2, warmupSteps: 5,
      schedule: .constant, gradClip: 1.0, seed: 3)
    let trainer = try SFTTrainer(model: model, dataset: data, config: config)
    var losses: [Double] = []
    try trainer.run { losses.append($0.loss) }
    print("overfit: loss \(losses[0]) → \(losses.last!)")
    #expect(losses[0] > 5)
    #expect(losses.last! < 0.02, "loss after 80 steps: \(losses.last!)")
  }
}
