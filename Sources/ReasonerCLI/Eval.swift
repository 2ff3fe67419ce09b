// `reasoner eval`: pass@1 averaged over k samples, per-subject/level breakdown, box rate, and T1's
// inference-scaling curve with --budgets; writes OUT/results.json, OUT/responses.jsonl, OUT/report.html.
// Tested in Tests/ReasonerCLITests/EvalCLITests.swift (real model, tiny settings; bad input).
import ArgumentParser
import Foundation
import ReasonerCore

struct Eval: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a model: pass@1 averaged over k samples, per-field breakdown, accuracy per generation budget.",
    discussion: """
      Prompts are built exactly as in `reasoner rl` (the chat template around the problem and an instruction \
      to put the final answer in \\boxed{}). With --budgets, responses are generated once at the largest \
      budget; a response counts as correct at budget b only if it finished (stop token) within b sampled \
      tokens and its answer is correct.
      """)

  enum PromptFormat: String, EnumerableFlag {
    case chat, raw
    static func help(for value: PromptFormat) -> ArgumentHelp? {
      value == .chat ? "The model's chat template around the problem and the \\boxed{} instruction (default)."
        : "Raw text: the problem, a blank line and the \\boxed{} instruction, no chat template."
    }
  }

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String
  @Option(help: "JSONL with `problem` and `answer` (optional subject/level or domain/difficulty).") var data: String
  @Option(help: "Samples per problem (k); must be 1 when greedy.") var samples = 1
  @Option(help: "Temperature (0: greedy).") var temperature = 0.0
  @Option(help: "Top-p (1: off).") var topP = 1.0
  @Option(help: "The most tokens generated per response (default: the largest budget, else 1024).")
  var maxNewTokens: Int?
  @Option(help: "Seed of the run.") var seed: UInt64 = 0
  @Option(help: "Evaluate only the first N problems.") var limit: Int?
  @Option(help: "Comma-separated generation budgets for the inference-scaling curve, e.g. 1024,2048,4096.")
  var budgets: String?
  @Flag var format: PromptFormat = .chat
  @Option(help: "A prompt template with {problem} (overrides --chat/--raw).") var promptTemplate: String?
  @Option(help: "Output directory.") var out = "runs/eval"
  @Option(help: "The most sequences decoded at once (bounds KV-cache memory).") var maxBatch = 64
  @Option(help: "Weights read by decode: fp32, or bf16 (half the bytes, faster; needs AVX-512BW).")
  var decodeWeights: DecodeWeightPrecision = .fp32

  func run() throws {
    try EvalSampling.reportingErrors {
      let config = try makeConfig()
      try config.validate()
      let problems = try EvaluationProblem.load(path: data, limit: limit)
      let run = try EvalSampling.run(config: config, problems: problems, label: "eval", maxBatch: maxBatch)
      let results = EvaluationResults(
        config: config, results: run.summary, seconds: run.seconds,
        tokensPerSecond: Double(run.tokens) / max(run.seconds, 1e-9))
      let paths = try results.write(to: out, responses: run.responses)
      print(Self.summaryText(results))
      print("wrote \(paths.joined(separator: ", "))")
    }
  }

  func makeConfig() throws -> EvaluationConfig {
    let budgetList = try budgets.map(Self.parseBudgets) ?? []
    let template = promptTemplate ?? (format == .chat ? "chat" : "{problem}\n\n" + RLTextCodec.boxInstruction + "\n")
    var config = EvaluationConfig(
      model: model, data: data, samples: samples, temperature: temperature, topP: topP,
      maxNewTokens: maxNewTokens ?? budgetList.last ?? 1024, seed: seed, limit: limit, budgets: budgetList,
      promptTemplate: template)
    config.decodeWeights = decodeWeights.rawValue
    return config
  }

  /// "1024,2048" → [1024, 2048]; an entry that is not a whole number is an error naming it.
  static func parseBudgets(_ text: String) throws -> [Int] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
      let trimmed = part.trimmingCharacters(in: .whitespaces)
      guard let value = Int(trimmed) else {
        throw ReasonerError(.invalidArgument, "budgets: expected comma-separated whole numbers, got \"\(trimmed)\" in \"\(text)\"")
      }
      return value
    }
  }

  static func summaryText(_ r: EvaluationResults) -> String {
    let s = r.results
    let correct = Int((s.problemPassRates.reduce(0, +) * Double(s.samplesPerProblem)).rounded())
    var lines = [
      String(format: "pass@1 %.4f over %d problems × %d samples (%d correct of %d responses)", s.overall.passAt1,
             s.overall.problems, s.samplesPerProblem, correct, s.responses),
      String(format: "box rate %.4f, answered %.4f, truncated %.4f, mean %.1f tokens; %.1f s (%.1f tokens/s)",
             s.boxRate, s.answeredRate, s.truncatedRate, s.meanTokens, r.seconds, r.tokensPerSecond),
    ]
    for (field, values) in s.breakdown.sorted(by: { $0.key < $1.key }) {
      lines.append("by \(field):")
      for (value, score) in values.sorted(by: { $0.key < $1.key }) {
        lines.append(String(format: "  %@: %.4f (%d problems)", value, score.passAt1, score.problems))
      }
    }
    if !s.budgets.isEmpty {
      lines.append("accuracy by generation budget (finished within b tokens and correct):")
      for p in s.budgets {
        lines.append(String(format: "  %6d tokens: pass@1 %.4f, finished %.4f", p.budget, p.passAt1, p.finishedRate))
      }
    }
    return lines.joined(separator: "\n")
  }
}
