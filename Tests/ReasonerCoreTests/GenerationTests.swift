// The generator against a mock model (GenerationMockModel.swift) and a naive one-sequence reference:
// prefix-shared prefill (one prefill per prompt) gives the tokens of separate prefills; batching,
// chunking and thread count change nothing; seeds reproduce; EOS and stop strings end completions with
// the right finish reason and text; log-probabilities equal log softmax(logits/τ) of the mock's logits.
import Foundation
import Testing

@testable import ReasonerCore

struct GenerationTests {
  static let eos: Int32 = 39
  /// Token pieces for the detokenizer: letters, then the pieces of the stop string "</end>" (biased
  /// so it shows up), then EOS (decodes to nothing).
  static let pieces: [String] =
    (0..<30).map { String(UnicodeScalar(UInt8(97 + $0 % 26))) } + ["<", "/", "end>", "/end>", " ", "é",
                                                                    "x", "y", "z", ""]
  static func detokenize(_ ids: [Int32]) -> String { ids.map { pieces[Int($0)] }.joined() }

  static let prompts: [[Int32]] = [[1, 2, 3], [7], [4, 4, 9, 12, 0], [20, 21]]

  func model() -> MockDecodingModel {
    MockDecodingModel(bias: [30: 2.5, 31: 2, 32: 2.5, 33: 2.5, Self.eos: 0.8])
  }

  /// Samples completion (p, s) the slow way: its own prefill of the whole sequence at every step
  /// (the mock's logits as a pure function), its own stream, stop tokens only.
  func reference(_ model: MockDecodingModel, prompt: [Int32], promptIndex: Int, sample: Int,
                 _ parameters: SamplingParameters) throws -> Completion {
    let sampler = try TokenSampler(parameters: parameters)
    let workspace = SamplerWorkspace(vocabularySize: model.vocabularySize)
    var stream = samplingStream(seed: parameters.seed, promptIndex: promptIndex, sampleIndex: sample)
    var completion = Completion(promptIndex: promptIndex, sampleIndex: sample)
    var sequence = prompt
    while true {
      let logits = model.logits(after: sequence)
      let token = try logits.withUnsafeBufferPointer {
        try sampler.sample(logits: $0.baseAddress!, uniform: stream.nextUniform(), workspace: workspace)
      }
      sequence.append(token.id)
      completion.tokenIDs.append(token.id)
      completion.logprobs.append(token.logprob)
      if parameters.stopTokenIDs.contains(token.id) {
        completion.finishReason = .stop
        completion.stopCause = .token(token.id)
        return completion
      }
      if completion.tokenIDs.count == parameters.maxNewTokens { return completion }
    }
  }

  @Test func sharedPrefillMatchesSeparatePrefillsWithOnePrefillPerPrompt() throws {
    let mock = model()
    let parameters = SamplingParameters(temperature: 1.2, maxNewTokens: 12, seed: 11, stopTokenIDs: [Self.eos])
    let completions = try Generator(model: mock).generate(
      prompts: Self.prompts, samplesPerPrompt: 5, parameters: parameters)
    #expect(completions.count == Self.prompts.count * 5)
    for c in completions {
      let expected = try reference(mock, prompt: Self.prompts[c.promptIndex], promptIndex: c.promptIndex,
                                   sample: c.sampleIndex, parameters)
      #expect(c == expected, "prompt \(c.promptIndex) sample \(c.sampleIndex)")
    }
    let calls = mock.calls
    #expect(calls.prefills.count == Self.prompts.count, "prefills: \(calls.prefills.map(\.tokens))")
    #expect(calls.prefills.map(\.tokens) == Self.prompts)
    #expect(calls.copies.map(\.targets.count) == [4, 4, 4, 4])
    // One decode per step over the still-live slots: sizes never grow, and there are as many steps as
    // the longest completion has tokens after its first.
    let longest = completions.map(\.tokenIDs.count).max()!
    #expect(calls.decodeBatchSizes.count == longest - 1)
    #expect(calls.decodeBatchSizes == calls.decodeBatchSizes.sorted(by: >))
    #expect(calls.decodeBatchSizes.first == completions.filter { $0.tokenIDs.count > 1 }.count)
    #expect(completions.contains { $0.finishReason == .stop } && completions.contains { $0.finishReason == .length })
  }

  @Test func batchingChunkingAndThreadsDoNotChangeTokens() throws {
    let parameters = SamplingParameters(temperature: 1.2, topP: 0.9, maxNewTokens: 10, seed: 5,
                                        stopTokenIDs: [Self.eos])
    let together = try Generator(model: model(), threads: 2).generate(
      prompts: Self.prompts, samplesPerPrompt: 4, parameters: parameters)
    // Each prompt alone, keyed by its index in the big batch.
    var alone: [Completion] = []
    for (p, prompt) in Self.prompts.enumerated() {
      alone += try Generator(model: model(), threads: 1).generate(
        prompts: [prompt], samplesPerPrompt: 4, parameters: parameters, firstPromptIndex: p)
    }
    #expect(together == alone)
    // Chunks of 3 slots: prompts split into groups of ≤ 3 samples, each group prefilled once.
    let chunkedModel = model()
    let chunked = try Generator(model: chunkedModel, maxConcurrentSlots: 3, threads: 2).generate(
      prompts: Self.prompts, samplesPerPrompt: 4, parameters: parameters)
    #expect(chunked == together)
    #expect(chunkedModel.calls.sessionSlots.allSatisfy { $0 <= 3 })
    #expect(chunkedModel.calls.prefills.count == Self.prompts.count * 2)
  }

  @Test func sameSeedReproducesAndDifferentSeedDiffers() throws {
    func run(_ seed: UInt64) throws -> [[Int32]] {
      try Generator(model: model()).generate(
        prompts: Self.prompts, samplesPerPrompt: 3,
        parameters: SamplingParameters(temperature: 1.2, maxNewTokens: 8, seed: seed)
      ).map(\.tokenIDs)
    }
    #expect(try run(42) == run(42))
    #expect(try run(42) != run(43))
    // Samples of the same prompt differ from each other (independent streams).
    let samples = try run(42)
    #expect(Set(samples[0..<3]).count == 3)
  }

  @Test func greedyTakesArgmaxAndReportsTemperatureOneLogprobs() throws {
    let mock = model()
    let completions = try Generator(model: mock).generate(
      prompts: Self.prompts, samplesPerPrompt: 2,
      parameters: SamplingParameters(temperature: 0, maxNewTokens: 6, seed: 1))
    for c in completions {
      var sequence = Self.prompts[c.promptIndex]
      for (t, token) in c.tokenIDs.enumerated() {
        let logits = mock.logits(after: sequence)
        let argmax = logits.indices.max { logits[$0] < logits[$1] }!
        #expect(Int(token) == argmax)
        let reference = SamplingReference.logSoftmax(logits, temperature: 1)[argmax]
        #expect(abs(Double(c.logprobs[t]) - reference) < 1e-5)
        sequence.append(token)
      }
    }
    // Both samples of a prompt are identical under greedy.
    #expect(completions[0].tokenIDs == completions[1].tokenIDs)
  }

  @Test(arguments: [Float(0.7), 1.2])
  func logprobsEqualLogSoftmaxOfScaledLogits(temperature: Float) throws {
    let mock = model()
    let completions = try Generator(model: mock).generate(
      prompts: Self.prompts, samplesPerPrompt: 3,
      parameters: SamplingParameters(temperature: temperature, topK: 10, maxNewTokens: 9, seed: 8))
    var maxDifference = 0.0
    for c in completions {
      var sequence = Self.prompts[c.promptIndex]
      for (t, token) in c.tokenIDs.enumerated() {
        let reference = SamplingReference.logSoftmax(mock.logits(after: sequence), temperature: Double(temperature))
        maxDifference = max(maxDifference, abs(Double(c.logprobs[t]) - reference[Int(token)]))
        sequence.append(token)
      }
    }
    #expect(maxDifference < 1e-5, "max |logprob − log softmax(logits/τ)| = \(maxDifference)")
  }

  @Test func stopTokenEndsCompletionAndIsKept() throws {
    let base = SamplingParameters(temperature: 1.2, maxNewTokens: 15, seed: 3)
    var withEOS = base
    withEOS.stopTokenIDs = [Self.eos]
    let free = try Generator(model: model()).generate(prompts: Self.prompts, samplesPerPrompt: 4, parameters: base)
    let stopped = try Generator(model: model()).generate(
      prompts: Self.prompts, samplesPerPrompt: 4, parameters: withEOS, detokenizer: Self.detokenize)
    #expect(stopped.contains { $0.finishReason == .stop })
    for (c, unstopped) in zip(stopped, free) {
      // Same stream: the stopped run is the free run cut at its first EOS.
      let cut = unstopped.tokenIDs.firstIndex(of: Self.eos).map { $0 + 1 } ?? unstopped.tokenIDs.count
      #expect(c.tokenIDs == Array(unstopped.tokenIDs.prefix(cut)))
      #expect(c.logprobs == Array(unstopped.logprobs.prefix(cut)))
      if c.finishReason == .stop {
        #expect(c.tokenIDs.last == Self.eos && c.stopCause == .token(Self.eos))
        #expect(c.text == Self.detokenize(Array(c.tokenIDs.dropLast())))
      } else {
        #expect(c.tokenIDs.count == 15 && !c.tokenIDs.contains(Self.eos) && c.stopCause == nil)
        #expect(c.finishReason == .length)
      }
    }
  }

  @Test func stopStringEndsCompletionAndCutsText() throws {
    let stop = "</end>"
    let base = SamplingParameters(temperature: 1.2, maxNewTokens: 30, seed: 9)
    var withStop = base
    withStop.stopStrings = ["zzzz", stop]
    let free = try Generator(model: model()).generate(prompts: Self.prompts, samplesPerPrompt: 6, parameters: base)
    let stopped = try Generator(model: model()).generate(
      prompts: Self.prompts, samplesPerPrompt: 6, parameters: withStop, detokenizer: Self.detokenize)
    #expect(stopped.contains { $0.stopCause == .string(stop) })
    // No single piece holds the stop string: every match was assembled across tokens.
    #expect(!Self.pieces.contains { $0.contains(stop) })
    for (c, unstopped) in zip(stopped, free) {
      #expect(unstopped.tokenIDs.starts(with: c.tokenIDs))
      let full = Self.detokenize(c.tokenIDs)
      if c.finishReason == .stop {
        #expect(c.stopCause == .string(stop))
        #expect(full.contains(stop) && !Self.detokenize(Array(c.tokenIDs.dropLast())).contains(stop))
        #expect(c.text == String(full[..<full.range(of: stop)!.lowerBound]))
      } else {
        #expect(!full.contains(stop) && c.tokenIDs.count == 30 && c.text == full)
      }
    }
  }

  @Test func progressCountsEveryToken() throws {
    var reports: [GenerationProgress] = []
    let completions = try Generator(model: model(), maxConcurrentSlots: 5).generate(
      prompts: Self.prompts, samplesPerPrompt: 3,
      parameters: SamplingParameters(maxNewTokens: 7, stopTokenIDs: [Self.eos]),
      progress: { reports.append($0) })
    #expect(reports.last?.generatedTokens == completions.map(\.tokenIDs.count).reduce(0, +))
    #expect(reports.last?.finishedCompletions == 12 && reports.last?.totalCompletions == 12)
    #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.generatedTokens < $1.generatedTokens })
  }

  @Test func chunksPackWholePromptsAndSplitOnlyOversizedOnes() {
    let fits = Generator(model: model(), maxConcurrentSlots: 5).planChunks(promptCount: 3, samplesPerPrompt: 2)
    #expect(fits == [[PromptGroup(prompt: 0, samples: 0..<2), PromptGroup(prompt: 1, samples: 0..<2)],
                     [PromptGroup(prompt: 2, samples: 0..<2)]])
    let split = Generator(model: model(), maxConcurrentSlots: 3).planChunks(promptCount: 2, samplesPerPrompt: 4)
    #expect(split == [[PromptGroup(prompt: 0, samples: 0..<3)],
                      [PromptGroup(prompt: 0, samples: 3..<4), PromptGroup(prompt: 1, samples: 0..<2)],
                      [PromptGroup(prompt: 1, samples: 2..<4)]])
    let all = Generator(model: model()).planChunks(promptCount: 4, samplesPerPrompt: 8)
    #expect(all.count == 1 && all[0].count == 4)
  }
}
