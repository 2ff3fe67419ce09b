// Generator: K samples for each of many prompts from a DecodingModel, prefix-shared prefill and one
// batched decode per step; validates everything before any forward pass. Tested in GenerationTests.swift
// with a mock model that counts its forward calls.

/// Batched sampling with a KV cache.
///
/// For each prompt the generator prefills ONE slot and `copySlot`s it to the prompt's other K − 1 slots
/// (the prompt is computed once, not K times); then every live slot advances together in one `decode`
/// call per step, and finished slots drop out of the batch. Completion (p, s) draws from
/// `samplingStream(seed:promptIndex:sampleIndex:)`, so its tokens do not depend on how prompts are
/// batched or chunked, nor on the thread count (given a model whose batched logits equal its
/// one-sequence logits).
public struct Generator {
  public let model: any DecodingModel
  /// The most slots (sequences) decoded at once, to bound KV-cache memory. Whole prompts are packed
  /// into chunks of at most this many slots; a prompt with more samples than this is split into
  /// groups, each prefilled once.
  public var maxConcurrentSlots: Int
  /// Workers for the per-step sampling of the rows (each row is independent).
  public var threads: Int

  public init(model: any DecodingModel, maxConcurrentSlots: Int = .max, threads: Int = defaultThreadCount) {
    self.model = model
    self.maxConcurrentSlots = maxConcurrentSlots
    self.threads = threads
  }

  /// Samples `samplesPerPrompt` completions for every prompt. Results are ordered by (promptIndex,
  /// sampleIndex); promptIndex = firstPromptIndex + position in `prompts`, which also keys the random
  /// streams, so a caller that splits its prompts into batches gets the same tokens as one big call.
  ///
  /// - Parameters:
  ///   - prompts: token ids of each prompt, non-empty, each id in 0..<V.
  ///   - detokenizer: turns token ids into text; required when `parameters.stopStrings` is not empty
  ///     (called after each step on a short suffix of each live completion, see `StopStringMatcher`);
  ///     when given, each completion's `text` is filled in.
  ///   - progress: called on the calling thread after each decode step.
  /// - Throws: `ReasonerError.invalidArgument` naming the prompt/field before any forward pass; model
  ///   errors; `.numerical` when a logits row holds NaN/+∞ (naming the completion and step).
  public func generate(prompts: [[Int32]], samplesPerPrompt: Int, parameters: SamplingParameters,
                       firstPromptIndex: Int = 0, detokenizer: (([Int32]) -> String)? = nil,
                       progress: ((GenerationProgress) -> Void)? = nil) throws -> [Completion] {
    try validate(prompts: prompts, samplesPerPrompt: samplesPerPrompt, parameters: parameters,
                 firstPromptIndex: firstPromptIndex, hasDetokenizer: detokenizer != nil)
    let sampler = try TokenSampler(parameters: parameters)
    var tally = GenerationProgress(generatedTokens: 0, finishedCompletions: 0,
                                   totalCompletions: prompts.count * samplesPerPrompt)
    var completions: [Completion] = []
    completions.reserveCapacity(tally.totalCompletions)
    for chunk in planChunks(promptCount: prompts.count, samplesPerPrompt: samplesPerPrompt) {
      var run = GenerationChunk(
        model: model, groups: chunk, prompts: prompts, firstPromptIndex: firstPromptIndex,
        parameters: parameters, sampler: sampler, threads: threads)
      completions += try run.generate(detokenizer: detokenizer, tally: &tally, progress: progress)
    }
    completions.sort { ($0.promptIndex, $0.sampleIndex) < ($1.promptIndex, $1.sampleIndex) }
    return completions
  }

  /// Every check that can fail before a forward pass; messages name the prompt, position or field.
  func validate(prompts: [[Int32]], samplesPerPrompt: Int, parameters: SamplingParameters,
                firstPromptIndex: Int, hasDetokenizer: Bool) throws {
    func bad(_ message: String) -> ReasonerError { ReasonerError(.invalidArgument, message) }
    try parameters.validate()
    if samplesPerPrompt < 1 { throw bad("samplesPerPrompt = \(samplesPerPrompt): expected ≥ 1") }
    if maxConcurrentSlots < 1 { throw bad("maxConcurrentSlots = \(maxConcurrentSlots): expected ≥ 1") }
    if firstPromptIndex < 0 { throw bad("firstPromptIndex = \(firstPromptIndex): expected ≥ 0") }
    if !parameters.stopStrings.isEmpty && !hasDetokenizer {
      throw bad("stopStrings \(parameters.stopStrings) need a detokenizer to match decoded text")
    }
    let vocabulary = model.vocabularySize
    for (i, id) in parameters.stopTokenIDs.enumerated() where id < 0 || Int(id) >= vocabulary {
      throw bad("stopTokenIDs[\(i)] = \(id): expected a token id in 0..<\(vocabulary)")
    }
    for (p, prompt) in prompts.enumerated() {
      let name = "prompt \(firstPromptIndex + p)"
      if prompt.isEmpty { throw bad("\(name) is empty: expected at least one token") }
      if let t = prompt.firstIndex(where: { $0 < 0 || Int($0) >= vocabulary }) {
        throw bad("\(name), position \(t): token id \(prompt[t]) is outside the vocabulary 0..<\(vocabulary)")
      }
      if prompt.count + parameters.maxNewTokens > model.contextLength {
        throw bad(
          "\(name) has \(prompt.count) tokens; with maxNewTokens = \(parameters.maxNewTokens) that is "
            + "\(prompt.count + parameters.maxNewTokens) > the model's context length \(model.contextLength)")
      }
    }
  }

  /// Splits the (prompt, sample) grid into chunks of ≤ maxConcurrentSlots slots. A group is one prompt's
  /// run of samples sharing one prefill. When a prompt's samples fit in one chunk they are never split
  /// (one prefill per prompt); otherwise they fill every free slot, across as many chunks as needed.
  func planChunks(promptCount: Int, samplesPerPrompt: Int) -> [[PromptGroup]] {
    let slotsPerChunk = max(1, maxConcurrentSlots)
    let splitPrompts = samplesPerPrompt > slotsPerChunk
    var chunks: [[PromptGroup]] = []
    var current: [PromptGroup] = []
    var used = 0
    for p in 0..<promptCount {
      var start = 0
      while start < samplesPerPrompt {
        let remaining = samplesPerPrompt - start
        if used == slotsPerChunk || (!splitPrompts && used + remaining > slotsPerChunk) {
          chunks.append(current)
          current = []
          used = 0
        }
        let size = min(remaining, slotsPerChunk - used)
        current.append(PromptGroup(prompt: p, samples: start..<(start + size)))
        used += size
        start += size
      }
    }
    if !current.isEmpty { chunks.append(current) }
    return chunks
  }
}

/// One prompt's samples that share one prefill: `prompt` is the position in the prompts array.
struct PromptGroup: Equatable {
  var prompt: Int
  var samples: Range<Int>
}
