// Generation on the real SmolLM2-135M GGUF: greedy continuations equal the numpy float64 argmax chain
// (Fixtures/smollm2_greedy.json, scripts/golden/make_smollm2_greedy.py; its smallest top-1/top-2 margin
// is ~0.02, far above our 1e-3 logit error, so the chains must match exactly); a batch gives the same
// tokens as each prompt alone; the prefix-shared cache (copySlot) gives the same logits and tokens as
// separate prefills. Skipped with a message when the model file is absent.
import Foundation
import Testing

@testable import ReasonerCore

struct RealModelGenerationTests {
  @Test func greedyMatchesReferenceArgmaxChain() throws {
    guard let lm = RealModel.language else { return }
    let prompts = try RealModel.fixture("smollm2_greedy.json")
    // No stop tokens: the reference chain runs its full length whatever it emits.
    let parameters = SamplingParameters(temperature: 0, maxNewTokens: (prompts[0]["greedy"] as! [Int]).count)
    let completions = try Generator(model: lm.model).generate(
      prompts: prompts.map(RealModel.ids), samplesPerPrompt: 1, parameters: parameters)
    for (prompt, completion) in zip(prompts, completions) {
      let expected = (prompt["greedy"] as! [Int]).map(Int32.init)
      #expect(completion.tokenIDs == expected, "\(prompt["text"]!): ours \(completion.tokenIDs) vs reference \(expected)")
    }
  }

  @Test func batchEqualsEachPromptAlone() throws {
    guard let lm = RealModel.language else { return }
    let prompts = try RealModel.fixture("smollm2_logits.json").map(RealModel.ids)
    let parameters = SamplingParameters(temperature: 1.2, topP: 0.95, maxNewTokens: 8, seed: 11)
    let together = try lm.generate(prompts: prompts, samplesPerPrompt: 2, parameters: parameters)
    var alone: [Completion] = []
    for (p, prompt) in prompts.enumerated() {
      alone += try Generator(model: lm.model).generate(
        prompts: [prompt], samplesPerPrompt: 2, parameters: { var q = parameters; q.stopTokenIDs = lm.stopTokenIDs; return q }(),
        firstPromptIndex: p, detokenizer: { lm.tokenizer.decode($0) })
    }
    #expect(together.map(\.tokenIDs) == alone.map(\.tokenIDs))
    let worst = zip(together.flatMap(\.logprobs), alone.flatMap(\.logprobs)).map { abs($0 - $1) }.max() ?? 0
    #expect(worst < 1e-3, "max |Δ logprob| batch vs alone = \(worst)")
  }

  /// Slots 0 and 1 share one prefill (copySlot); slot 2 prefills the same prompt itself. Ten greedy steps
  /// decoded together must give the same logits (1e-4) and tokens in all three.
  @Test func prefixSharedCacheEqualsSeparatePrefills() throws {
    guard let lm = RealModel.language else { return }
    let V = lm.model.vocabularySize
    let prompt = RealModel.ids(try RealModel.fixture("smollm2_logits.json")[1])
    let session = try lm.model.makeSession(slots: 3, capacity: prompt.count + 10)
    var logits = [Float](repeating: 0, count: 3 * V)
    try session.prefill(slot: 0, tokens: prompt, lastLogits: &logits)
    session.copySlot(0, to: [1])
    try logits.withUnsafeMutableBufferPointer { try session.prefill(slot: 2, tokens: prompt, lastLogits: $0.baseAddress! + 2 * V) }
    logits.withUnsafeMutableBufferPointer { ($0.baseAddress! + V).update(from: $0.baseAddress!, count: V) }
    var worst: Float = 0
    var tokens: [[Int32]] = [[], [], []]
    for _ in 0..<10 {
      var next: [Int32] = []
      for s in 0..<3 {
        let row = logits[(s * V)..<((s + 1) * V)]
        worst = max(worst, zip(row, logits[(2 * V)..<(3 * V)]).map { abs($0 - $1) }.max()!)
        next.append(Int32(row.indices.max { row[$0] < row[$1] }! - s * V))
        tokens[s].append(next[s])
      }
      try session.decode(slots: [0, 1, 2], tokens: next, logits: &logits)
    }
    #expect(tokens[0] == tokens[2] && tokens[1] == tokens[2], "\(tokens)")
    #expect(worst < 1e-4, "max |shared − separate| logits = \(worst)")
  }
}
