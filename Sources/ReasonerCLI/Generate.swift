// `reasoner generate`: K sampled completions per prompt from a model (chat template or raw text), printed
// as readable text or as JSON lines {"prompt_index","sample_index","text","token_ids","logprobs","finish_reason"}.
// Tested in Tests/ReasonerCLITests/GenerateCLITests.swift (tiny fixture model; the real model when present).
import ArgumentParser
import Foundation
import ReasonerCore

struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Sample completions of prompts with a KV cache (each prompt prefilled once for its --n samples).")

  enum PromptFormat: String, EnumerableFlag {
    case chat, raw
    static func help(for value: PromptFormat) -> ArgumentHelp? {
      value == .chat ? "Wrap each prompt as a user turn in the model's chat template (default)."
        : "Use each prompt as raw text (BOS added when the model asks for it)."
    }
  }

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String
  @Option(help: "One prompt text.") var prompt: String?
  @Option(help: "A JSONL file; each line's --field string is a prompt.") var promptsFile: String?
  @Option(help: "The JSONL field holding the prompt.") var field = "problem"
  @Flag var format: PromptFormat = .chat
  @Option(help: "Samples per prompt.") var n = 1
  @Option(help: "Temperature (0: greedy).") var temperature: Float = 1.0
  @Option(help: "Top-p (1: off).") var topP: Float = 1.0
  @Option(help: "Top-k (0: off).") var topK = 0
  @Option(help: "Min-p (0: off).") var minP: Float = 0
  @Option(help: "The most tokens generated per completion.") var maxNewTokens = 256
  @Option(help: "Seed of the run; completion (p, s) always draws from the same stream.") var seed: UInt64 = 0
  @Option(parsing: .upToNextOption, help: "Strings that end a completion (the text is cut before them).")
  var stop: [String] = []
  @Option(help: "The most sequences decoded at once (bounds KV-cache memory).") var maxBatch = 64
  @Option(help: "Weights read by decode: fp32, or bf16 (half the bytes, faster; needs AVX-512BW).")
  var decodeWeights: DecodeWeightPrecision = .fp32
  @Flag(help: "Print one JSON line per completion.") var json = false

  func validate() throws {
    if (prompt == nil) == (promptsFile == nil) { throw ValidationError("give exactly one of --prompt TEXT or --prompts-file JSONL") }
    if n < 1 { throw ValidationError("--n must be ≥ 1") }
    if maxBatch < 1 { throw ValidationError("--max-batch must be ≥ 1") }
  }

  func run() throws {
    do { try generate() } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(1)
    }
  }

  private func generate() throws {
    let parameters = SamplingParameters(
      temperature: temperature, topK: topK, topP: topP, minP: minP, maxNewTokens: maxNewTokens, seed: seed,
      stopStrings: stop)
    try parameters.validate()
    try GeneratePrompts.checkArgumentsAreUTF8()
    let sources: [PromptSource]
    if let prompt { sources = [PromptSource(text: prompt, origin: "--prompt")] } else {
      sources = try GeneratePrompts.read(path: promptsFile!, field: field)
    }
    let lm = try LanguageModel.load(path: model, decodeWeights: decodeWeights)
    let chat = format == .chat
    var prompts: [[Int32]] = []
    for source in sources {
      let ids = lm.promptTokens(source.text, chat: chat)
      if ids.isEmpty { throw ReasonerError(.invalidArgument, "\(source.origin): the prompt is empty (no tokens)") }
      if ids.count + maxNewTokens > lm.contextLength {
        throw ReasonerError(
          .invalidArgument, "\(source.origin): the prompt is \(ids.count) tokens; with --max-new-tokens "
            + "\(maxNewTokens) that is \(ids.count + maxNewTokens) > the model's context length \(lm.contextLength)")
      }
      prompts.append(ids)
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let completions = try lm.generate(
      prompts: prompts, samplesPerPrompt: n, parameters: parameters, maxConcurrentSlots: maxBatch)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var out = ""
    for c in completions {
      out += json ? Self.jsonLine(c) : Self.readable(c, promptCount: prompts.count, samples: n)
      out += "\n"
    }
    FileHandle.standardOutput.write(Data(out.utf8))
    let tokens = completions.reduce(0) { $0 + $1.tokenIDs.count }
    FileHandle.standardError.write(Data(String(
      format: "%d completions, %d tokens in %.2f s (%.1f tokens/s)\n", completions.count, tokens, seconds,
      Double(tokens) / max(seconds, 1e-9)).utf8))
  }

  static func jsonLine(_ c: Completion) -> String {
    JSONLines.encode([
      ("prompt_index", c.promptIndex), ("sample_index", c.sampleIndex), ("text", c.text ?? ""),
      ("token_ids", RawJSON(text: "[" + c.tokenIDs.map { String($0) }.joined(separator: ",") + "]")),
      ("logprobs", RawJSON(text: "[" + c.logprobs.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]")),
      ("finish_reason", c.finishReason.rawValue),
    ])
  }

  static func readable(_ c: Completion, promptCount: Int, samples: Int) -> String {
    var header = "---"
    if promptCount > 1 { header += " prompt \(c.promptIndex)" }
    if samples > 1 { header += " sample \(c.sampleIndex)" }
    header += " [\(c.finishReason.rawValue), \(c.tokenIDs.count) tokens] ---"
    return header + "\n" + (c.text ?? "")
  }
}
