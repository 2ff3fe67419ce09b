// RLRun: the outer loop of `reasoner rl` and the demo — pick each step's prompts, run RLTrainer.step,
// append OUT/metrics.jsonl, show a progress line, evaluate and checkpoint on schedule, and render
// OUT/report.html at each checkpoint and at the end. Tested in Tests/ReasonerCoreTests/EndToEndRLTests.swift (metrics lines, report).
import Foundation

public final class RLRun {
  public let trainer: RLTrainer
  public let records: [RLRecord]
  public let evalRecords: [RLRecord]?
  public var out: String { trainer.config.out }
  public var metricsPath: String { "\(out)/metrics.jsonl" }
  public var reportPath: String { "\(out)/report.html" }
  public var checkpointPath: String { "\(out)/checkpoint" }
  /// Extra rows shown in the report's summary table (e.g. the demo's before/after accuracy).
  public var summary: [(String, String)] = []
  /// Print the progress line (off in tests).
  public var showProgress = true

  public init(trainer: RLTrainer, records: [RLRecord], evalRecords: [RLRecord]? = nil) throws {
    guard !records.isEmpty else { throw ReasonerError(.invalidArgument, "rl: no training records") }
    self.trainer = trainer
    self.records = records
    self.evalRecords = evalRecords
  }

  /// The B records of step `step` (0-based): each epoch is a seeded permutation of the data, read in
  /// order, so every record is seen once per epoch and a resumed run picks up the same batches.
  public func batch(step: Int) -> [RLRecord] {
    let B = trainer.config.batchSize, n = records.count
    return (0..<B).map { j in
      let position = step * B + j
      let epoch = position / n
      var rng = SplitMix64(seed: trainer.config.seed &+ 0xA5A5 &* UInt64(epoch + 1))
      var order = Array(0..<n)
      order.shuffle(using: &rng)
      return records[order[position % n]]
    }
  }

  /// Runs from the trainer's current step to `config.steps`. `onStep` sees each step's metrics.
  @discardableResult
  public func run(onStep: ((RLStepMetrics) -> Void)? = nil) throws -> [RLStepMetrics] {
    let config = trainer.config
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    if trainer.completedSteps == 0 || !FileManager.default.fileExists(atPath: metricsPath) {
      guard FileManager.default.createFile(atPath: metricsPath, contents: nil) else {
        throw ReasonerError(.io, "\(metricsPath): cannot create")
      }
    }
    let metricsFile = try FileHandle(forWritingTo: URL(fileURLWithPath: metricsPath))
    defer { try? metricsFile.close() }
    try metricsFile.seekToEnd()
    let progress = ProgressLine("rl", total: config.steps)
    var history: [RLStepMetrics] = []
    while trainer.completedSteps < config.steps {
      var metrics = try trainer.step(records: batch(step: trainer.completedSteps))
      let step = trainer.completedSteps
      if config.evalEvery > 0, step % config.evalEvery == 0 || step == config.steps, let evalRecords {
        metrics.evalPassAt1 = try evaluate(evalRecords).passAt1
      }
      try metricsFile.write(contentsOf: Data((try metrics.jsonLine() + "\n").utf8))
      history.append(metrics)
      onStep?(metrics)
      if showProgress {
        progress.update(
          done: step,
          extra: String(format: "reward %.3f acc %.3f ent %.3f kl %.2e len %.0f", metrics.rewardMean,
                        metrics.accuracy, metrics.entropy ?? .nan, metrics.klRef, metrics.responseLengthMean))
      }
      if config.checkpointEvery > 0, step % config.checkpointEvery == 0, step < config.steps {
        try trainer.saveCheckpoint(to: checkpointPath)
        try writeReport()
      }
    }
    try trainer.saveCheckpoint(to: checkpointPath)
    try writeReport()
    return history
  }

  /// pass@1 on up to `eval_problems` held-out records at `eval_temperature` (0: greedy).
  public func evaluate(_ evalRecords: [RLRecord]) throws -> PassAtOneEvaluation {
    let config = trainer.config
    return try PassAtOneEvaluation.run(
      model: trainer.policy, codec: trainer.codec, records: Array(evalRecords.prefix(config.evalProblems)),
      samples: config.evalSamples, temperature: config.evalTemperature, maxNewTokens: config.maxNewTokens,
      seed: config.seed ^ 0xE7A1)
  }

  /// OUT/report.html from every line of OUT/metrics.jsonl (so a resumed run charts its whole history).
  public func writeReport() throws {
    let rows = (try? JSONLReader.read(metricsPath))?.map { record in
      record.fields.compactMapValues { ($0 as? NSNumber)?.doubleValue }
    } ?? []
    var table = summary
    table.append(("steps", "\(trainer.completedSteps) of \(trainer.config.steps)"))
    table.append(("model parameters", "\(trainer.policy.parameters.count)"))
    let config = trainer.config
    table.append(("recipe", "B \(config.batchSize) × K \(config.k), τ \(config.objective.temperature), lr \(config.lr), "
      + "KL \(config.objective.klEstimator.rawValue) in \(config.objective.klIn.rawValue) λ \(config.objective.klCoef), "
      + "β \(config.emaBeta), penalties \(config.objective.penaltyMode.rawValue)"))
    let html = HTMLReport.render(title: "Reasoner RL run", summary: table, rows: rows, charts: RLStepMetrics.charts)
    try AtomicFile.write(Data(html.utf8), to: reportPath)
  }
}
