// RLTrainer: one on-policy T1 step, written in the order of the recipe — sample B×K at τ, score with the
// verifier and the penalties, KL to the EMA reference, group-centred rewards, RLOO advantages, the policy
// loss over micro-batches, clipping, AdamW, EMA. Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift
// (reward rises on a tiny task, a throwing reward leaves the weights untouched, metrics fields).
import Foundation

/// One training problem: the text the prompt template wraps, the ground-truth answer, and any other
/// columns of its JSONL line (passed through to reward functions by `index`).
public struct RLRecord: Sendable, Equatable {
  public var problem: String
  public var answer: String
  public var columns: [String: String]
  /// Its position in the caller's list (RewardBatch.recordIndex).
  public var index: Int

  public init(problem: String, answer: String, columns: [String: String] = [:], index: Int = 0) {
    self.problem = problem
    self.answer = answer
    self.columns = columns
    self.index = index
  }

  /// Every line of a JSONL file; a line without `problem` or `answer` is an error naming the line.
  public static func load(path: String) throws -> [RLRecord] {
    try JSONLReader.read(path, requiredFields: ["problem", "answer"]).enumerated().map { i, record in
      RLRecord(
        problem: try record.string("problem", file: path), answer: try record.string("answer", file: path),
        columns: record.textColumns, index: i)
    }
  }
}

/// The policy, its EMA reference, the initial policy (for the KL-to-start metric), the optimiser state,
/// and the step that ties them together.
public final class RLTrainer {
  public let config: RLConfig
  public let policy: LlamaModel
  /// θ_ref, the EMA of the policy (T1 step 6).
  public let reference: LlamaModel
  /// θ_0, frozen; nil unless `trackInitialKL`.
  public let initial: LlamaModel?
  public let codec: RLTextCodec
  public let reward: any RewardFunction
  public let penalties: ResponsePenalties
  /// [P] gradient accumulator and AdamW moments, in the policy's layout.
  let gradients: ParameterStore, adamM: ParameterStore, adamV: ParameterStore
  let decayRanges: [Range<Int>]
  /// RL steps completed, and AdamW updates made (a step whose groups were all skipped makes none).
  public internal(set) var completedSteps = 0
  public internal(set) var optimizerSteps = 0
  /// Sampling workers and the most slots decoded at once (bounds the KV cache).
  public var threads = defaultThreadCount
  public var maxConcurrentSlots = 256
  /// The policy's BPE tokenizer, when it has one: checkpoints then are complete Hugging Face model
  /// directories (tokenizer files, generation_config.json) that `eval`, `sft` and transformers load.
  public var tokenizer: Tokenizer?

  /// `policy` is trained in place; the reference and initial copies are made here.
  public init(policy: LlamaModel, codec: RLTextCodec, config: RLConfig,
              reward: any RewardFunction = CorrectnessReward(), penalties: ResponsePenalties? = nil) throws {
    try config.validate()
    self.config = config
    self.policy = policy
    self.codec = codec
    self.reward = reward
    self.penalties =
      penalties
      ?? ResponsePenalties(
        truncated: config.penaltyTruncated, repetitive: config.penaltyRepetitive,
        garbled: config.penaltyGarbled)
    func copy() -> LlamaModel {
      let store = policy.parameters.makeZeroedSibling()
      store.copy(from: policy.parameters)
      return LlamaModel(config: policy.config, parameters: store)
    }
    reference = copy()
    initial = config.trackInitialKL ? copy() : nil
    gradients = policy.parameters.makeZeroedSibling()
    adamM = policy.parameters.makeZeroedSibling()
    adamV = policy.parameters.makeZeroedSibling()
    decayRanges = policy.parameters.layout.entries.filter { !ParameterStore.isNormOrBias($0.name) }
      .map { $0.offset..<($0.offset + $0.count) }
  }

  var objective: RLObjective { config.objective }

  /// One T1 step on `records` (B prompts). Throws, with every weight untouched, when the batch cannot fit
  /// in memory (before sampling), a reward function fails, or the gradient is not finite.
  public func step(records: [RLRecord]) throws -> RLStepMetrics {
    let start = Date()
    let K = config.k, tau = objective.temperature
    guard !records.isEmpty else { throw ReasonerError(.invalidArgument, "rl step: no records") }

    // 1. Sample K responses per prompt from the current policy at τ, keeping each token's log-prob.
    let prompts = try records.map { try codec.encodePrompt($0.problem) }
    try checkMemory(longestPrompt: prompts.map(\.count).max()!, prompts: prompts.count)
    let sampling = SamplingParameters(
      temperature: Float(tau), topP: Float(config.topP), maxNewTokens: config.maxNewTokens,
      seed: config.seed &+ 0x9E37_79B9 &* UInt64(completedSteps + 1), stopTokenIDs: codec.stopTokenIDs)
    let generator = Generator(model: policy, maxConcurrentSlots: maxConcurrentSlots, threads: threads)
    let completions = try generator.generate(prompts: prompts, samplesPerPrompt: K, parameters: sampling)
    let sampled = Date()

    // 2. Score: r_i from the reward function(s), p_i from the penalties, combined per penalty_mode.
    let texts = completions.map { codec.decode($0.tokenIDs) }
    let batch = RewardBatch(
      prompts: completions.map { records[$0.promptIndex].problem }, completions: texts,
      answers: completions.map { records[$0.promptIndex].answer },
      recordIndex: completions.map { records[$0.promptIndex].index },
      truncated: completions.map { $0.finishReason == .length })
    let scores = try checkedScores(try reward.rewards(for: batch), count: completions.count)
    let flags = completions.indices.map {
      penalties.flags(tokens: completions[$0].tokenIDs, text: texts[$0],
                      hitLength: completions[$0].finishReason == .length)
    }
    let penalised = try penalisedRewards(scores: scores, flags: flags, mode: objective.penaltyMode)
    let scored = Date()

    // Groups whose r + p are all equal carry no signal: skip them (before any forward pass) if asked.
    let equalGroups = allEqualGroups(rewards: penalised.map { $0 ?? 0 }, valid: penalised.map { $0 != nil }, k: K)
    let trained = completions.indices.filter {
      penalised[$0] != nil && !(config.skipEqualGroups && equalGroups[$0 / K])
    }
    let responses = completions.map { ResponseRow(prompt: prompts[$0.promptIndex], completion: $0) }

    // 3. KL to the reference, d_i = Σ_t k(log π_θ, log π_ref), without gradient (π_θ's log-probs are the
    // sampler's: the same policy, the same kernels).
    let referenceLogProbs = try logProbs(of: reference, responses: responses, indices: trained)
    var kl = [Double](repeating: 0, count: completions.count)
    for i in trained {
      kl[i] = try sequenceSum(completions[i].logprobs, referenceLogProbs[i]!, objective.klEstimator)
    }
    var klInitial: Double? = nil
    if let initial {
      let initialLogProbs = try logProbs(of: initial, responses: responses, indices: trained)
      klInitial = mean(try trained.map {
        try sequenceSum(completions[$0].logprobs, initialLogProbs[$0]!, objective.klEstimator)
      })
    }

    // R_i = r_i + p_i − λ·(d_i − mean_j d_j) (kl_in reward) or r_i + p_i (kl_in loss: per token below).
    var rewards = penalised
    let trainedSet = Set(trained)
    for i in rewards.indices where !trainedSet.contains(i) { rewards[i] = nil }
    if objective.klIn == .reward {
      rewards = try groupCentredKLRewards(rewards: rewards, kl: kl, coefficient: objective.klCoef, k: K)
    }

    // 4. RLOO: A_i = R_i − mean_{j≠i} R_j within each prompt's group.
    let advantages = try rlooAdvantages(
      rewards: rewards.map { $0 ?? 0 }, valid: rewards.map { $0 != nil }, k: K)

    // 5–6. Policy loss over micro-batches, then clip, AdamW, EMA.
    let update = try train(responses: responses, indices: trained, advantages: advantages,
                           referenceLogProbs: referenceLogProbs)
    completedSteps += 1
    if completedSteps % config.refUpdateEvery == 0 {
      try emaUpdate(reference: reference.parameters.storage,
                    policy: UnsafeBufferPointer(policy.parameters.storage), beta: Float(config.emaBeta))
    }
    let end = Date()

    let valid = penalised.compactMap { $0 }
    let lengths = completions.map(\.tokenIDs.count)
    let share = { (hits: Int) in Double(hits) / Double(max(1, completions.count)) }
    return RLStepMetrics(
      step: completedSteps, lr: Double(update.learningRate), rewardMean: mean(valid),
      accuracy: share(scores.filter { ($0 ?? 0) > 0.5 }.count),
      truncatedRate: share(flags.filter(\.truncated).count),
      repetitiveRate: share(flags.filter(\.repetitive).count),
      garbledRate: share(flags.filter(\.garbled).count),
      responseLengthMean: mean(lengths.map(Double.init)), responseLengthMax: lengths.max() ?? 0,
      entropy: update.entropy, klRef: mean(trained.map { kl[$0] }), klInit: klInitial,
      allEqualFraction: Double(equalGroups.filter { $0 }.count) / Double(max(1, equalGroups.count)),
      trainedResponses: trained.count, policyLoss: update.loss, gradNorm: update.gradNorm,
      logprobGapMax: update.gap?.max, logprobGapMean: update.gap?.mean,
      secondsSample: sampled.timeIntervalSince(start), secondsScore: scored.timeIntervalSince(sampled),
      secondsTrain: end.timeIntervalSince(scored), secondsTotal: end.timeIntervalSince(start),
      evalPassAt1: nil)
  }

  /// The figures of one optimizer update (nil fields when no response was trained).
  struct Update {
    var learningRate: Float
    var loss: Double?
    var gradNorm: Double?
    var entropy: Double?
    var gap: (max: Double, mean: Double)?
  }

  /// Accumulates the policy loss's gradient over micro-batches of `indices`, clips, and takes one AdamW
  /// step. Throws before touching the weights if the gradient is not finite.
  func train(responses: [ResponseRow], indices: [Int], advantages: [Double],
             referenceLogProbs: [[Float]?]) throws -> Update {
    let learningRate = config.learningRateSchedule.learningRate(atStep: optimizerSteps)
    guard !indices.isEmpty else { return Update(learningRate: learningRate) }
    let batchTokens = indices.reduce(0) { $0 + responses[$1].completion.tokenIDs.count }
    let indices = byLength(indices, responses)  // similar lengths share a micro-batch: less padding
    gradients.zero()
    var loss = 0.0, entropySum = 0.0, entropyCount = 0
    var samplerAll: [Float] = [], trainerAll: [Float] = []
    for chunk in stride(from: 0, to: indices.count, by: config.microBatchSize) {
      let members = Array(indices[chunk..<min(indices.count, chunk + config.microBatchSize)])
      let rows = try ResponseRows(responses: members.map { responses[$0] })
      let normalisers = try PolicyLoss.rowNormalisers(
        mask: rows.mask, length: rows.batch.sequenceLength, aggregation: objective.lossAggregation,
        batchTokens: batchTokens, batchSequences: indices.count)
      let rowAdvantages = PolicyLoss.rowValues(
        perSequence: members.map { advantages[$0] }, length: rows.batch.sequenceLength)
      let inLossKL = objective.klIn == .loss
      let policyLoss = try PolicyLoss(
        targets: rows.targets, mask: rows.mask, advantages: rowAdvantages, normalisers: normalisers,
        vocabularySize: policy.config.vocabSize, temperature: objective.temperature,
        entropyCoef: objective.entropyCoef,
        referenceLogProbs: inLossKL ? rows.scatter(members.map { referenceLogProbs[$0]! }) : nil,
        klCoef: inLossKL ? objective.klCoef : 0, klEstimator: objective.klEstimator,
        oldLogProbs: objective.clipRatio != nil ? rows.samplerLogProbs : nil, clipRatio: objective.clipRatio)
      loss += policy.forwardBackward(batch: rows.batch, loss: policyLoss, gradients: gradients)
      try policyLoss.checkApplied()
      let trainerLogProbs = policyLoss.targetLogProbs, entropies = policyLoss.entropies
      for r in rows.mask.indices where rows.mask[r] {
        entropySum += Double(entropies[r])
        entropyCount += 1
        samplerAll.append(rows.samplerLogProbs[r])
        trainerAll.append(trainerLogProbs[r])
      }
    }
    let norm = clipGradients(gradients.storage, maxNorm: config.maxGradNorm)
    guard norm.isFinite, loss.isFinite else {
      throw ReasonerError(
        .numerical, "rl step \(completedSteps + 1): loss \(loss), gradient norm \(norm); weights left unchanged")
    }
    optimizerSteps += 1
    adamWStep(
      parameters: policy.parameters.storage, gradients: UnsafeBufferPointer(gradients.storage),
      m: adamM.storage, v: adamV.storage, decayRanges: decayRanges, learningRate: learningRate,
      step: optimizerSteps, config: AdamWConfig(weightDecay: Float(config.weightDecay)))
    let gap = try logProbGap(sampler: samplerAll, trainer: trainerAll, mask: [Bool](repeating: true, count: samplerAll.count))
    return Update(learningRate: learningRate, loss: loss, gradNorm: norm,
                  entropy: entropySum / Double(max(1, entropyCount)), gap: gap)
  }

  /// log π_τ of each listed response's tokens under `model` (forward only), nil for the others.
  func logProbs(of model: LlamaModel, responses: [ResponseRow], indices: [Int]) throws -> [[Float]?] {
    var out = [[Float]?](repeating: nil, count: responses.count)
    let indices = byLength(indices, responses)
    for chunk in stride(from: 0, to: indices.count, by: config.microBatchSize) {
      let members = Array(indices[chunk..<min(indices.count, chunk + config.microBatchSize)])
      let rows = try ResponseRows(responses: members.map { responses[$0] })
      let observer = try TokenLogProbObserver(
        targets: rows.targets, mask: rows.mask, vocabularySize: model.config.vocabSize,
        temperature: objective.temperature)
      _ = model.forwardBackward(batch: rows.batch, loss: observer, gradients: nil)
      try observer.checkApplied()
      for (slot, values) in rows.gather(observer.targetLogProbs).enumerated() { out[members[slot]] = values }
    }
    return out
  }

  /// Reward values must be one per completion and finite (nil: unscorable).
  func checkedScores(_ scores: [Double?], count: Int) throws -> [Double?] {
    guard scores.count == count else {
      throw ReasonerError(
        .callback, "reward '\(reward.name)': returned \(scores.count) values for \(count) completions")
    }
    if let i = scores.firstIndex(where: { $0.map { !$0.isFinite } ?? false }) {
      throw ReasonerError(.callback, "reward '\(reward.name)': completion \(i) got \(scores[i]!), expected a finite number")
    }
    return scores
  }
}

/// `indices` ordered by the length of prompt + response (micro-batches then pad little).
func byLength(_ indices: [Int], _ responses: [ResponseRow]) -> [Int] {
  indices.sorted {
    (responses[$0].prompt.count + responses[$0].completion.tokenIDs.count, $0)
      < (responses[$1].prompt.count + responses[$1].completion.tokenIDs.count, $1)
  }
}

func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

/// d_i = Σ_t k(lp_t, lr_t) over one response's tokens (`sequenceKL` on a single row).
func sequenceSum(_ policy: [Float], _ reference: [Float], _ estimator: KLEstimator) throws -> Double {
  try sequenceKL(logPolicy: policy, logReference: reference,
                 mask: [Bool](repeating: true, count: policy.count), length: policy.count,
                 estimator: estimator)[0]
}
