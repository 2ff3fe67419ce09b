// `reasoner bench forward`: prefill tokens/s of one prompt and batched decode tokens/s of B slots that share
// it (copySlot), through LlamaModel's DecodingSession, on random weights. Figures printed, not asserted.
import ArgumentParser
import Foundation
import ReasonerCore

struct BenchForward: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "forward", abstract: "KV-cache prefill and batched decode throughput (tokens/s).")

  @Option(help: "Model shape (random weights): smollm2-135m.") var preset = "smollm2-135m"
  @Option(help: "Sequences decoded side by side.") var batch = 16
  @Option(help: "Prompt tokens prefilled (once, then shared by every slot).") var promptTokens = 512
  @Option(help: "New tokens decoded per sequence.") var newTokens = 64
  @Flag(help: "Print one JSON line.") var json = false

  func validate() throws {
    guard batch > 0, promptTokens > 0, newTokens > 0 else {
      throw ValidationError("--batch, --prompt-tokens and --new-tokens must be > 0")
    }
  }

  func run() throws {
    let config = try LlamaConfig.preset(named: preset)
    let model = LlamaModel.randomInit(config: config, seed: 1)
    let V = config.vocabSize
    let session = try model.makeSession(slots: batch, capacity: promptTokens + newTokens)
    var rng = SystemRandomNumberGenerator()
    let prompt = (0..<promptTokens).map { _ in Int32.random(in: 0..<Int32(V), using: &rng) }
    var logits = [Float](repeating: 0, count: batch * V)
    let t0 = BenchClock.seconds(), c0 = BenchClock.cpuSeconds()
    try session.prefill(slot: 0, tokens: prompt, lastLogits: &logits)
    let prefillSeconds = BenchClock.seconds() - t0, prefillCPU = BenchClock.cpuSeconds() - c0
    session.copySlot(0, to: Array(1..<batch))
    let slots = Array(0..<batch)
    var next = [Int32](repeating: 0, count: batch)
    let t1 = BenchClock.seconds(), c1 = BenchClock.cpuSeconds()
    for step in 0..<newTokens {
      // Distinct tokens per slot (the argmax would be identical across slots sharing a prompt).
      for s in 0..<batch { next[s] = Int32((s * 7919 + step * 104_729) % V) }
      try session.decode(slots: slots, tokens: next, logits: &logits)
    }
    let decodeSeconds = BenchClock.seconds() - t1, decodeCPU = BenchClock.cpuSeconds() - c1
    let prefillRate = Double(promptTokens) / prefillSeconds
    let decodeRate = Double(batch * newTokens) / decodeSeconds
    let rss = BenchClock.peakRSSMiB()
    if json {
      print("{\"prefill_tokens_per_s\": \(prefillRate), \"decode_tokens_per_s\": \(decodeRate), \"peak_rss_mb\": \(rss)}")
    } else {
      print(String(
        format: "%@: prefill %d tokens %.1f tokens/s (%.1f per CPU-s); decode %d slots × %d tokens %.1f tokens/s (%.1f per CPU-s); peak RSS %.0f MiB",
        preset, promptTokens, prefillRate, Double(promptTokens) / prefillCPU, batch, newTokens, decodeRate,
        Double(batch * newTokens) / decodeCPU, rss))
    }
  }
}
