// `reasoner sft`: supervised fine-tuning on a JSONL file, logging OUT/metrics.jsonl and writing the
// checkpoint OUT/checkpoint (a Hugging Face directory + trainer state + Adam moments), resumable exactly.
// Tested by python/tests/test_checkpoint_transformers.py (runs it, resumes, loads the result in
// transformers); the loop itself is tested in Tests/ReasonerCoreTests (TrainingLoop, Checkpoint, Golden).
import ArgumentParser
import Foundation
import ReasonerCore

struct SFT: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sft",
    abstract: "Supervised fine-tuning on prompt/completion records (loss on completion tokens only).",
    discussion: """
      Outputs: OUT/metrics.jsonl (one JSON line per step: step, loss, lr, grad_norm, tokens, loss_tokens, \
      tokens_per_s, elapsed_s) and OUT/checkpoint, a Hugging Face model directory (transformers loads it) \
      plus trainer_state.json and optimizer.safetensors; pass it to --resume to continue exactly.
      """)

  enum Format: String, EnumerableFlag {
    case chat, raw
    static func help(for value: Format) -> ArgumentHelp? {
      value == .chat
        ? "Render records with the model's chat template (user = prompt, assistant = completion + end of turn)."
        : "Concatenate prompt, completion and EOS without markup."
    }
  }

  @Option(help: "The model to fine-tune: a .gguf file (quantized weights are trained and saved as F32) or a Hugging Face directory.")
  var model: String
  @Option(help: "JSONL file with one record per line.") var data: String
  @Option(help: "Output folder (metrics.jsonl, checkpoint/).") var out: String
  @Option(help: "Record field holding the prompt.") var promptField = "problem"
  @Option(help: "Record field holding the completion (the tokens the loss counts).") var completionField = "solution"
  @Flag(help: "How records become tokens (default: --chat).") var format: Format = .chat
  @Option(help: "Optimizer steps to reach (a resumed run continues up to this count).") var steps = 100
  @Option(help: "Rows per optimizer step.") var batchSize = 8
  @Option(help: "Rows per forward/backward; must divide --batch-size (gradients are accumulated).")
  var microBatchSize = 4
  @Option(help: "Longest row in tokens; longer records lose the end of their completion (counted).")
  var seqLen = 512
  @Option(help: "Peak learning rate.") var lr: Float = 1e-5
  @Option(help: "Linear warm-up steps.") var warmup = 10
  @Option(help: "Schedule after warm-up: cosine (to 0.1 × lr at --steps) or constant.") var schedule = "cosine"
  @Option(help: "AdamW decoupled weight decay (never applied to norms and biases).") var weightDecay: Float = 0.0
  @Option(help: "Global gradient-norm clip (0 disables).") var gradClip: Float = 1.0
  @Option(help: "Seed of the data order.") var seed: UInt64 = 0
  @Flag(inversion: .prefixedNo, help: "Shuffle records each epoch (--no-shuffle: file order).") var shuffle = true
  @Option(help: "Write OUT/checkpoint every N steps as well as at the end (0: at the end only).") var saveEvery = 0
  @Option(help: "Resume from this checkpoint folder (e.g. OUT/checkpoint); settings other than --steps must match.")
  var resume: String?

  func run() throws {
    do { try train() } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("\nerror: \(e)\n".utf8))
      throw ExitCode(1)
    }
  }

  func settings() throws -> SFTConfig {
    guard let kind = ScheduleKind(rawValue: schedule) else {
      throw ReasonerError(.invalidArgument, "schedule: expected cosine or constant, got '\(schedule)'")
    }
    if saveEvery < 0 { throw ReasonerError(.invalidArgument, "save-every: expected ≥ 0, got \(saveEvery)") }
    return SFTConfig(
      steps: steps, batchSize: batchSize, microBatchSize: microBatchSize, sequenceLength: seqLen, learningRate: lr,
      warmupSteps: warmup, schedule: kind, gradClip: gradClip, adamW: AdamWConfig(weightDecay: weightDecay),
      seed: seed, shuffle: shuffle)
  }

  func train() throws {
    let config = try settings()
    var loaded = try ModelLoader.load(path: model)
    try config.validate(contextLength: loaded.config.maxPositionEmbeddings)
    let tokenizer = loaded.tokenizer
    let dataset = try SFTDataset(
      jsonl: data, tokenizer: tokenizer, promptField: promptField, completionField: completionField,
      format: format == .chat ? .chat : .raw, sequenceLength: seqLen)
    let llama = try LlamaModel(config: loaded.config, weights: loaded.tensors)
    loaded.tensors = [:]  // the model holds its own copy
    let padding = tokenizer.padTokenId ?? tokenizer.eosTokenId ?? 0
    let trainer = try SFTTrainer(model: llama, dataset: dataset, config: config, paddingToken: padding)
    let source = [
      "data": (data as NSString).standardizingPath, "prompt_field": promptField,
      "completion_field": completionField, "format": format.rawValue,
    ]
    if let resume { try SFTCheckpoint.restore(trainer, from: resume, data: source) }

    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let metricsPath = out + "/metrics.jsonl", checkpointPath = out + "/checkpoint"
    let metrics = try MetricsFile(path: metricsPath, keepingStepsUpTo: resume == nil ? 0 : trainer.step)
    let total = dataset.examples.count + dataset.droppedCount
    log("sft: \(dataset.examples.count) examples of \(total) records from \(data) (\(format.rawValue)); "
        + "\(dataset.truncatedCount) truncated to --seq-len \(seqLen), \(dataset.droppedCount) dropped "
        + "(null field or prompt ≥ seq-len)")
    log("sft: \(llama.parameters.count) parameters; steps \(trainer.step + 1)…\(steps), batch \(batchSize) = "
        + "\(config.accumulationSteps) × \(microBatchSize) rows ≤ \(seqLen) tokens"
        + (resume.map { "; resumed from \($0) at step \(trainer.step)" } ?? ""))

    let progress = ProgressLine("sft", total: steps)
    let sessionStart = Date()
    var tokensSeen = 0
    var runError: Error?
    do {
      try trainer.run { m in
        try metrics.append(m.jsonObject)
        tokensSeen += m.tokens
        progress.update(
          done: m.step,
          extra: String(format: "loss %.4f lr %.2e %.0f tok/s", m.loss, Double(m.learningRate), m.tokensPerSecond)
            + (m.skipped.map { " SKIPPED (\($0))" } ?? ""))
        if m.skipped != nil { log("\nstep \(m.step): \(m.skipped!): update skipped, weights unchanged") }
        if saveEvery > 0, m.step % saveEvery == 0, m.step < steps {
          try SFTCheckpoint.save(trainer, tokenizer: tokenizer, to: checkpointPath, data: source)
        }
      }
    } catch let e as ReasonerError where e.kind == .numerical {
      runError = e  // still save what the last finite update left, then report
    }
    try SFTCheckpoint.save(trainer, tokenizer: tokenizer, to: checkpointPath, data: source)
    if let runError { throw runError }
    print("metrics:    \(metricsPath)")
    print("checkpoint: \(checkpointPath) (step \(trainer.step); resume with --resume \(checkpointPath))")
    let seconds = Date().timeIntervalSince(sessionStart)
    print(String(format: "tokens: %d in %.1f s this session (%.1f tok/s, checkpoint writes included)", tokensSeen,
                 seconds, Double(tokensSeen) / max(1e-9, seconds)))
  }

  func log(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }
}

/// OUT/metrics.jsonl: appended one line per step. On resume, lines after the checkpoint's step (written by
/// a run that died before its next checkpoint) are dropped so the file reads as one run.
final class MetricsFile {
  let handle: FileHandle

  init(path: String, keepingStepsUpTo keep: Int) throws {
    var kept = Data()
    if keep > 0, let old = FileManager.default.contents(atPath: path) {
      for line in old.split(separator: UInt8(ascii: "\n")) {
        if let o = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
          let step = o["step"] as? Int, step <= keep
        {
          kept.append(contentsOf: line)
          kept.append(UInt8(ascii: "\n"))
        }
      }
    }
    try AtomicFile.write(kept, to: path)
    guard let h = FileHandle(forWritingAtPath: path) else {
      throw ReasonerError(.io, "\(path): cannot open for appending")
    }
    h.seekToEndOfFile()
    handle = h
  }

  func append(_ object: [String: Any]) throws {
    var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    line.append(UInt8(ascii: "\n"))
    handle.write(line)
  }

  deinit { try? handle.close() }
}
