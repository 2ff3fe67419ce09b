// `reasoner bench train`: forward+backward+AdamW tokens/s and peak memory of the Llama model (a real
// model file, or random weights with a preset's shape) on random tokens: the step PyTorch's anchor times.
// Run by hand; figures are printed, not asserted.
import ArgumentParser
import Foundation
import ReasonerCore

struct BenchTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train", abstract: "Training forward+backward+AdamW throughput (tokens/s) and peak memory.")

  @Option(help: "A .gguf file or a Hugging Face model directory (default: random weights of --preset).")
  var model: String?
  @Option(help: "Model shape (random weights) when --model is not given: smollm2-135m.") var preset = "smollm2-135m"
  @Option(help: "Sequences per step (B).") var batch = 8
  @Option(help: "Tokens per sequence (T).") var seqLen = 256
  @Option(help: "Timed steps (after one warm-up step).") var steps = 3
  @Flag(help: "Print one JSON line.") var json = false

  func validate() throws {
    guard batch > 0, seqLen > 1, steps > 0 else {
      throw ValidationError("--batch, --steps must be > 0 and --seq-len > 1")
    }
  }

  func run() throws {
    let model: LlamaModel
    if let path = self.model {
      let loaded = try loadModelOrExit(path)
      model = try LlamaModel(config: loaded.config, weights: loaded.tensors)
    } else {
      model = LlamaModel.randomInit(config: try LlamaConfig.preset(named: preset), seed: 1)
    }
    let config = model.config
    let name = self.model.map { URL(fileURLWithPath: $0).lastPathComponent } ?? preset
    let gradients = model.parameters.makeZeroedSibling()
    let adamM = model.parameters.makeZeroedSibling(), adamV = model.parameters.makeZeroedSibling()
    let decayRanges = model.parameters.layout.entries.filter { !ParameterStore.isNormOrBias($0.name) }
      .map { $0.offset..<($0.offset + $0.count) }
    var rng = SystemRandomNumberGenerator()
    let tokens = (0..<(batch * seqLen)).map { _ in Int32.random(in: 0..<Int32(config.vocabSize), using: &rng) }
    let trainingBatch = try TrainingBatch(tokens: tokens, batchSize: batch, sequenceLength: seqLen)
    try model.check(trainingBatch)
    let targets = CrossEntropyLoss.nextTokenTargets(batch: trainingBatch)
    let loss = try CrossEntropyLoss(
      targets: targets, vocabularySize: config.vocabSize, normalizer: Double(batch * (seqLen - 1)))
    BenchClock.warnAboutSlowKernels()
    var times: [Double] = [], cpu: [Double] = []
    var lastLoss = 0.0
    for step in 0...steps {
      let t0 = BenchClock.seconds(), c0 = BenchClock.cpuSeconds()
      gradients.zero()
      lastLoss = model.forwardBackward(batch: trainingBatch, loss: loss, gradients: gradients)
      adamWStep(
        parameters: model.parameters.storage, gradients: UnsafeBufferPointer(gradients.storage), m: adamM.storage,
        v: adamV.storage, decayRanges: decayRanges, learningRate: 1e-4, step: step + 1,
        config: AdamWConfig(weightDecay: 0.01))
      if step > 0 {
        times.append(BenchClock.seconds() - t0)
        cpu.append(BenchClock.cpuSeconds() - c0)
      }
    }
    let median = times.sorted()[times.count / 2]
    let tokensPerSecond = Double(batch * seqLen) / median
    let rss = BenchClock.peakRSSMiB()
    if json {
      print("{\"tokens_per_s\": \(tokensPerSecond), \"peak_rss_mb\": \(rss), \"openblas_core\": \"\(OpenBLASCoreType.inUse)\"}")
    } else {
      let activations = LlamaModel.activationBytes(config: config, batchSize: batch, sequenceLength: seqLen)
      print(String(
        format: "train fwd+bwd+AdamW %@ %d×%d: %.1f tokens/s (median step %.2f s of %d; %.1f tokens per CPU-second), loss %.3f, peak RSS %.0f MiB (activations %.0f MiB); OpenBLAS %@",
        name, batch, seqLen, tokensPerSecond, median, steps,
        Double(batch * seqLen * steps) / cpu.reduce(0, +), lastLoss, rss, Double(activations) / 1_048_576,
        OpenBLASCoreType.inUse))
    }
  }
}
