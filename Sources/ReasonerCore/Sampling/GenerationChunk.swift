// GenerationChunk: one session's worth of slots: prefill each prompt once, copy it to its samples'
// slots, then sample rows in parallel and decode all live slots together until every slot finishes.
// Tested in GenerationTests.swift (prefill/decode counts, batch = alone, stops, log-probabilities).
import Foundation

/// The decoding loop over one chunk of prompt groups. Slot s holds completion `completions[s]`.
struct GenerationChunk {
  let model: any DecodingModel
  let groups: [PromptGroup]
  let prompts: [[Int32]]
  let parameters: SamplingParameters
  let sampler: TokenSampler
  let threads: Int
  /// One per slot.
  var completions: [Completion] = []
  /// One random stream per slot [slots].
  var streams: [Xoshiro256StarStar] = []

  init(model: any DecodingModel, groups: [PromptGroup], prompts: [[Int32]], firstPromptIndex: Int,
       parameters: SamplingParameters, sampler: TokenSampler, threads: Int) {
    self.model = model
    self.groups = groups
    self.prompts = prompts
    self.parameters = parameters
    self.sampler = sampler
    self.threads = threads
    for group in groups {
      for sample in group.samples {
        let promptIndex = firstPromptIndex + group.prompt
        completions.append(Completion(promptIndex: promptIndex, sampleIndex: sample))
        streams.append(samplingStream(seed: parameters.seed, promptIndex: promptIndex, sampleIndex: sample))
      }
    }
  }

  mutating func generate(detokenizer: (([Int32]) -> String)?, tally: inout GenerationProgress,
                         progress: ((GenerationProgress) -> Void)?) throws -> [Completion] {
    let slots = completions.count
    let vocabulary = model.vocabularySize
    let longestPrompt = groups.map { prompts[$0.prompt].count }.max() ?? 0
    // The last sampled token is never fed back, hence the − 1.
    let session = try model.makeSession(slots: slots, capacity: longestPrompt + parameters.maxNewTokens - 1)
    /// Logits of the live slots [live.count, V]; row i belongs to slot live[i].
    let logits = UnsafeMutablePointer<Float>.allocate(capacity: slots * vocabulary)
    defer { logits.deallocate() }

    // Prefill each prompt once into its group's first slot and share it with the others.
    var slot = 0
    for group in groups {
      try session.prefill(slot: slot, tokens: prompts[group.prompt], lastLogits: logits + slot * vocabulary)
      let others = Array((slot + 1)..<(slot + group.samples.count))
      if !others.isEmpty {
        session.copySlot(slot, to: others)
        for other in others { (logits + other * vocabulary).update(from: logits + slot * vocabulary, count: vocabulary) }
      }
      slot += group.samples.count
    }

    let stopTokens = Set(parameters.stopTokenIDs)
    let matcher = StopStringMatcher(stopStrings: parameters.stopStrings)
    let batchSampler = BatchSampler(sampler: sampler, vocabularySize: vocabulary, threads: min(threads, slots))
    /// The token and log-probability sampled for each live row this step [live.count].
    var sampled = [SampledToken](repeating: SampledToken(id: 0, logprob: 0), count: slots)
    var live = Array(0..<slots)
    var step = 0
    while !live.isEmpty {
      do {
        try batchSampler.sample(logits: logits, streamOfRow: live, streams: &streams, into: &sampled)
      } catch {
        let c = completions[live[error.row]]
        throw ReasonerError(
          .numerical, "prompt \(c.promptIndex), sample \(c.sampleIndex), new token \(step): \(error.error.message)")
      }
      var next: [Int] = []
      var nextTokens: [Int32] = []
      for (row, s) in live.enumerated() {
        let token = sampled[row]
        completions[s].tokenIDs.append(token.id)
        completions[s].logprobs.append(token.logprob)
        tally.generatedTokens += 1
        if stopTokens.contains(token.id) {
          finish(s, .stop, .token(token.id))
        } else if matcher.isActive, let detokenizer,
          let stop = matcher.match(completions[s].tokenIDs, detokenizer: detokenizer)
        {
          finish(s, .stop, .string(stop))
        } else if completions[s].tokenIDs.count >= parameters.maxNewTokens {
          finish(s, .length, nil)
        } else {
          next.append(s)
          nextTokens.append(token.id)
          continue
        }
        tally.finishedCompletions += 1
      }
      progress?(tally)
      live = next
      step += 1
      if !live.isEmpty { try session.decode(slots: live, tokens: nextTokens, logits: logits) }
    }
    if let detokenizer {
      for s in 0..<slots { fillText(s, detokenizer: detokenizer) }
    }
    return completions
  }

  private mutating func finish(_ slot: Int, _ reason: FinishReason, _ cause: StopCause?) {
    completions[slot].finishReason = reason
    completions[slot].stopCause = cause
  }

  private mutating func fillText(_ slot: Int, detokenizer: ([Int32]) -> String) {
    var tokens = completions[slot].tokenIDs
    var cut: String?
    switch completions[slot].stopCause {
    case .token: tokens.removeLast()
    case .string(let stop): cut = stop
    case nil: break
    }
    completions[slot].text = StopStringMatcher.text(of: tokens, cutAt: cut, detokenizer: detokenizer)
  }
}
