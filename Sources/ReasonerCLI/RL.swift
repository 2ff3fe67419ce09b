// `reasoner rl --config FILE.json [flags]`: the T1 RL trainer on a model file and a JSONL of problems;
// every config field is also a flag (flags win over the file). Tested in Tests/ReasonerCLITests.
import ArgumentParser
import Foundation
import ReasonerCore

struct RL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rl", abstract: "Train a model with the T1 RL recipe (see the config keys in RLConfig).")

  @Option(help: "JSON config file (snake_case keys; flags override it).") var config: String?
  @Option(help: "Resume from this checkpoint directory (OUT/checkpoint of an earlier run).") var resume: String?
  @Option(help: "Model: .gguf file or Hugging Face directory.") var model: String?
  @Option(help: "Training JSONL with problem and answer.") var data: String?
  @Option(help: "\"chat\" or a template with {problem}.") var promptTemplate: String?
  @Option(help: "B, prompts per step.") var batchSize: Int?
  @Option(help: "K, samples per prompt (≥ 2).") var k: Int?
  @Option(help: "τ, sampling temperature (1.2).") var temperature: Double?
  @Option(help: "Top-p (1.0).") var topP: Double?
  @Option(help: "Most tokens per response.") var maxNewTokens: Int?
  @Option(help: "Peak learning rate.") var lr: Double?
  @Option(help: "constant or cosine.") var schedule: String?
  @Option(help: "Warm-up steps.") var warmup: Int?
  @Option(help: "AdamW weight decay.") var weightDecay: Double?
  @Option(help: "Gradient-norm clip (0: off).") var maxGradNorm: Double?
  @Option(help: "λ, KL coefficient (2e-4).") var klCoef: Double?
  @Option(help: "k1, k2 or k3.") var klEstimator: String?
  @Option(help: "reward (group-centred, T1) or loss (per-token).") var klIn: String?
  @Option(help: "α_ent, entropy bonus.") var entropyCoef: Double?
  @Option(help: "token-mean or seq-mean.") var lossAggregation: String?
  @Option(help: "PPO ratio clip ε (off unless set).") var clipRatio: Double?
  @Option(help: "β of the EMA reference (1: frozen).") var emaBeta: Double?
  @Option(help: "Update the reference every N steps.") var refUpdateEvery: Int?
  @Option(help: "override or add.") var penaltyMode: String?
  @Option(help: "Penalise truncated responses (true/false).") var penaltyTruncated: Bool?
  @Option(help: "Penalise repetitive responses (true/false).") var penaltyRepetitive: Bool?
  @Option(help: "Penalise garbled responses (true/false).") var penaltyGarbled: Bool?
  @Option(help: "Skip groups whose rewards are all equal (true/false).") var skipEqualGroups: Bool?
  @Option(help: "Responses per forward/backward.") var microBatchSize: Int?
  @Option(help: "Track the KL to the initial policy (true/false).") var trackInitialKl: Bool?
  @Option(help: "Seed.") var seed: UInt64?
  @Option(help: "RL steps.") var steps: Int?
  @Option(help: "Held-out JSONL.") var evalData: String?
  @Option(help: "Evaluate every N steps (0: never).") var evalEvery: Int?
  @Option(help: "Samples per held-out problem.") var evalSamples: Int?
  @Option(help: "Evaluation temperature (0: greedy).") var evalTemperature: Double?
  @Option(help: "Held-out problems per evaluation.") var evalProblems: Int?
  @Option(help: "Checkpoint every N steps (0: only at the end).") var checkpointEvery: Int?
  @Option(help: "Output directory.") var out: String?
  @Option(help: "Memory budget in GiB (0: 80% of RAM).") var memoryLimitGb: Double?

  /// The flags that were given, by config key.
  var overrides: [String: Any] {
    let all: [(String, Any?)] = [
      ("model", model), ("data", data), ("prompt_template", promptTemplate), ("batch_size", batchSize),
      ("k", k), ("temperature", temperature), ("top_p", topP), ("max_new_tokens", maxNewTokens), ("lr", lr),
      ("schedule", schedule), ("warmup", warmup), ("weight_decay", weightDecay), ("max_grad_norm", maxGradNorm),
      ("kl_coef", klCoef), ("kl_estimator", klEstimator), ("kl_in", klIn), ("entropy_coef", entropyCoef),
      ("loss_aggregation", lossAggregation), ("clip_ratio", clipRatio), ("ema_beta", emaBeta),
      ("ref_update_every", refUpdateEvery), ("penalty_mode", penaltyMode), ("penalty_truncated", penaltyTruncated),
      ("penalty_repetitive", penaltyRepetitive), ("penalty_garbled", penaltyGarbled),
      ("skip_equal_groups", skipEqualGroups), ("micro_batch_size", microBatchSize),
      ("track_initial_kl", trackInitialKl), ("seed", seed), ("steps", steps), ("eval_data", evalData),
      ("eval_every", evalEvery), ("eval_samples", evalSamples), ("eval_temperature", evalTemperature),
      ("eval_problems", evalProblems), ("checkpoint_every", checkpointEvery), ("out", out),
      ("memory_limit_gb", memoryLimitGb),
    ]
    return Dictionary(uniqueKeysWithValues: all.compactMap { key, value in value.map { (key, $0) } })
  }

  func run() throws {
    do {
      var object: [String: Any] = [:]
      if let config {
        guard let bytes = FileManager.default.contents(atPath: config),
          let parsed = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any]
        else { throw ReasonerError(.invalidFile, "\(config): cannot read a JSON object") }
        object = parsed
      }
      object.merge(overrides) { _, flag in flag }
      let settings = try JSONDecoder().decode(
        RLConfig.self, from: JSONSerialization.data(withJSONObject: object))
      try settings.validate()
      guard !settings.model.isEmpty, !settings.data.isEmpty else {
        throw ReasonerError(.invalidArgument, "config fields 'model' and 'data' are required")
      }
      let records = try RLRecord.load(path: settings.data)
      let evalRecords = try settings.evalData.map { try RLRecord.load(path: $0) }
      let loaded = try ModelLoader.load(path: settings.model)
      let policy = try LlamaModel(config: loaded.config, weights: loaded.tensors)
      let codec = RLTextCodec.tokenizer(loaded.tokenizer, template: settings.promptTemplate)
      let trainer = try RLTrainer(policy: policy, codec: codec, config: settings)
      trainer.tokenizer = loaded.tokenizer
      if let resume { try trainer.resume(from: resume) }
      let run = try RLRun(trainer: trainer, records: records, evalRecords: evalRecords)
      try run.run()
      print("rl: wrote \(run.metricsPath), \(run.reportPath) and \(run.checkpointPath)")
    } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(1)
    }
  }
}
