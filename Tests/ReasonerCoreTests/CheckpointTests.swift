// Checkpoints: a run stopped and resumed gives a loss curve bit-identical to one that never stopped; a
// saved checkpoint reloads through ModelLoader to identical logits; the optimizer file holds the moments;
// a checkpoint of another architecture or other settings is refused before anything changes; a checkpoint
// left aside by a crash mid-save is recovered on resume.
import Foundation
import Testing

@testable import ReasonerCore

struct CheckpointTests {
  let config = SFTConfig(
    steps: 6, batchSize: 4, microBatchSize: 2, sequenceLength: 12, learningRate: 5e-3, warmupSteps: 2,
    schedule: .cosine, gradClip: 0.5, adamW: AdamWConfig(weightDecay: 0.1), seed: 11, shuffle: true)

  func trainer(_ config: SFTConfig, modelConfig: LlamaConfig = TinyModels.plain) throws -> SFTTrainer {
    try SFTTrainer(model: TinyModels.model(modelConfig, seed: 8), dataset: try TrainingData.dataset(7), config: config)
  }

  @Test func resumedRunIsBitIdenticalAndTheCheckpointReloads() throws {
    let tok = try TrainingFixtures.byteTokenizer()
    var straight: [Double] = []
    try trainer(config).run { straight.append($0.loss) }

    var firstHalf = config
    firstHalf.steps = 3
    let a = try trainer(firstHalf)
    var resumed: [Double] = []
    try a.run { resumed.append($0.loss) }
    let dir = TrainingFixtures.scratch("ckpt") + "/checkpoint"
    try SFTCheckpoint.save(a, tokenizer: tok, to: dir, data: ["data": "pairs"])
    try SFTCheckpoint.save(a, tokenizer: tok, to: dir, data: ["data": "pairs"])  // replaces the first
    let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    #expect(files == ["config.json", "generation_config.json", "model.safetensors", "optimizer.safetensors",
                      "tokenizer.json", "tokenizer_config.json", "trainer_state.json"])
    let parent = (dir as NSString).deletingLastPathComponent
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent) == ["checkpoint"])

    // A fresh trainer (other initial weights do not matter: the checkpoint overwrites them).
    let b = try SFTTrainer(model: TinyModels.model(TinyModels.plain, seed: 99), dataset: try TrainingData.dataset(7),
                           config: config)
    try SFTCheckpoint.restore(b, from: dir, data: ["data": "pairs"])
    #expect(b.step == 3 && b.optimizerStep == 3)
    try b.run { resumed.append($0.loss) }
    print("resume: straight \(straight)\n        resumed  \(resumed)")
    #expect(resumed.map(\.bitPattern) == straight.map(\.bitPattern), "resumed curve differs")

    // Reload through ModelLoader: identical logits.
    let loaded = try ModelLoader.load(path: dir)
    let reloaded = try LlamaModel(config: loaded.config, weights: loaded.tensors)
    let batch = try TrainingBatch(tokens: TinyModels.tokens(20, vocab: 300, seed: 3), batchSize: 2, sequenceLength: 10)
    let x = LogitsCapture(rowCount: 20), y = LogitsCapture(rowCount: 20)
    _ = a.model.forwardBackward(batch: batch, loss: x, gradients: nil)
    _ = reloaded.forwardBackward(batch: batch, loss: y, gradients: nil)
    #expect(x.rows == y.rows, "reloaded logits differ")
    #expect(loaded.tokenizer.tokens == tok.tokens)

    let moments = try Safetensors.read(path: dir + "/optimizer.safetensors")
    #expect(moments.metadata["step"] == "3")
    #expect(moments.tensors["exp_avg_sq.model.norm.weight"]!.data == Array(a.adamV.view("model.norm.weight")))
    for e in a.model.parameters.layout.entries {
      #expect(moments.tensors["exp_avg." + e.name]?.data == Array(a.adamM.view(e.name)), "exp_avg.\(e.name)")
      #expect(moments.tensors["exp_avg_sq." + e.name]?.shape == e.shape)
    }
    let state = try SFTCheckpoint.readState(dir)
    #expect(state.step == 3 && state.config == firstHalf && state.dataCursor == a.order.cursor)
  }

  @Test func checkpointsOfAnotherArchitectureOrOtherSettingsAreRefused() throws {
    let tok = try TrainingFixtures.byteTokenizer()
    var short = config
    short.steps = 1
    let a = try trainer(short)
    try a.run()
    let dir = TrainingFixtures.scratch("refuse") + "/checkpoint"
    try SFTCheckpoint.save(a, tokenizer: tok, to: dir)

    let other = try trainer(config, modelConfig: TinyModels.biasedUntied)
    let before = Array(other.model.parameters.storage)
    do {
      try SFTCheckpoint.restore(other, from: dir)
      Issue.record("another architecture accepted")
    } catch let e as ReasonerError {
      #expect(e.message.contains("another architecture"), "\(e)")
    }
    #expect(Array(other.model.parameters.storage) == before)

    var changed = config
    changed.batchSize = 2
    do {
      try SFTCheckpoint.restore(try trainer(changed), from: dir)
      Issue.record("other settings accepted")
    } catch let e as ReasonerError {
      #expect(e.message.contains("batch_size"), "\(e)")
    }
    #expect(throws: ReasonerError.self) { try SFTCheckpoint.restore(try trainer(config), from: dir + "-missing") }
  }

  /// A run killed between replaceDirectory's two renames leaves only `checkpoint.old-PID`; resume restores it.
  @Test func resumeRecoversACheckpointLeftAsideByACrash() throws {
    var short = config
    short.steps = 2
    let a = try trainer(short)
    try a.run()
    let dir = TrainingFixtures.scratch("crash") + "/checkpoint"
    try SFTCheckpoint.save(a, tokenizer: try TrainingFixtures.byteTokenizer(), to: dir)
    try FileManager.default.moveItem(atPath: dir, toPath: dir + ".old-4242")
    let b = try trainer(config)
    try SFTCheckpoint.restore(b, from: dir)
    #expect(b.step == 2 && Array(b.model.parameters.storage) == Array(a.model.parameters.storage))
  }
}
