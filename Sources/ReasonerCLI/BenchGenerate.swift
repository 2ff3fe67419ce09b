// `reasoner bench generate`: prefill and batched-decode throughput of a real model through the Generator
// (KV cache, sampling at τ = 1, no stop tokens so every sequence runs --new-tokens), and peak RSS.
// Figures printed, never asserted; the CLI test only checks the JSON line's shape.
import ArgumentParser
import Foundation
import ReasonerCore

struct BenchGenerate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Prefill and batched decode tokens/s of a real model (B distinct random prompts by default).")

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String
  @Option(help: "Sequences decoded side by side.") var batch = 16
  @Option(help: "Tokens per prompt (random ids, seeded).") var promptTokens = 32
  @Option(help: "New tokens sampled per sequence.") var newTokens = 128
  @Flag(help: "One prompt prefilled once and shared by all --batch samples (the RL case) instead of --batch distinct prompts.")
  var sharedPrompt = false
  @Option(help: "Sampling temperature.") var temperature: Float = 1.0
  @Option(help: "Runs of the whole generation; the median of each figure is reported.") var reps = 1
  @Option(help: "Weights read by decode: fp32, or bf16 (half the bytes; needs AVX-512BW).")
  var decodeWeights: DecodeWeightPrecision = .fp32
  @Flag(help: "Print one JSON line {prefill_tokens_per_s, decode_tokens_per_s, peak_rss_mb}.") var json = false

  func validate() throws {
    guard batch > 0, promptTokens > 0, newTokens > 1, reps > 0 else {
      throw ValidationError("--batch, --prompt-tokens and --reps must be > 0 and --new-tokens > 1")
    }
  }

  func run() throws {
    let loaded = try loadModelOrExit(model)
    let llama = try LlamaModel(config: loaded.config, weights: loaded.tensors)
    guard promptTokens + newTokens <= llama.contextLength else {
      throw ValidationError("--prompt-tokens + --new-tokens exceeds the context length \(llama.contextLength)")
    }
    var random = Xoshiro256StarStar(seed: 1)
    let promptCount = sharedPrompt ? 1 : batch
    // Ids 3..<V avoid the usual special tokens at the start of the vocabulary.
    let prompts = (0..<promptCount).map { _ in
      (0..<promptTokens).map { _ in Int32(3 + Int(random.next() % UInt64(llama.vocabularySize - 3))) }
    }
    let parameters = SamplingParameters(temperature: temperature, maxNewTokens: newTokens, seed: 7)
    let generator = Generator(model: try llama.decoding(weights: decodeWeights), maxConcurrentSlots: batch)
    BenchClock.warnAboutSlowKernels()
    // Prefill: every prompt's forward (plus the first sampling step). Decode: the N − 1 batched steps
    // that feed sampled tokens back, counted over all sequences.
    let prefillTokens = Double(promptCount * promptTokens), decodeTokens = Double(batch * (newTokens - 1))
    var runs: [(prefill: Double, decode: Double, prefillCPU: Double, decodeCPU: Double)] = []
    for _ in 0..<reps {
      let t0 = BenchClock.seconds(), c0 = BenchClock.cpuSeconds()
      var firstStep: (wall: Double, cpu: Double)?
      let completions = try generator.generate(
        prompts: prompts, samplesPerPrompt: sharedPrompt ? batch : 1, parameters: parameters,
        progress: { _ in if firstStep == nil { firstStep = (BenchClock.seconds(), BenchClock.cpuSeconds()) } })
      let t1 = BenchClock.seconds(), c1 = BenchClock.cpuSeconds()
      precondition(completions.allSatisfy { $0.tokenIDs.count == newTokens }, "a sequence stopped early")
      runs.append((prefillTokens / (firstStep!.wall - t0), decodeTokens / (t1 - firstStep!.wall),
                   prefillTokens / (firstStep!.cpu - c0), decodeTokens / (c1 - firstStep!.cpu)))
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let prefill = median(runs.map(\.prefill)), decode = median(runs.map(\.decode))
    let rss = BenchClock.peakRSSMiB()
    if json {
      print("{\"prefill_tokens_per_s\": \(prefill), \"decode_tokens_per_s\": \(decode), \"peak_rss_mb\": \(rss), "
        + "\"openblas_core\": \"\(OpenBLASCoreType.inUse)\"}")
    } else {
      print(String(
        format: "prefill %d × %d tokens: %.1f tokens/s (%.1f per CPU-s); decode %d sequences × %d tokens: "
          + "%.1f tokens/s (%.1f per CPU-s); peak RSS %.0f MiB; %@",
        promptCount, promptTokens, prefill, median(runs.map(\.prefillCPU)), batch, newTokens - 1, decode,
        median(runs.map(\.decodeCPU)), rss, sharedPrompt ? "one shared prompt" : "distinct prompts")
        + (reps > 1 ? String(format: "; median of %d runs", reps) : "") + "; OpenBLAS \(OpenBLASCoreType.inUse); decode weights \(decodeWeights.rawValue)")
    }
  }
}
