// The memory one RL step needs (weights ×6 stores, KV cache of the concurrent slots, activations of one
// micro-batch), checked before sampling so an oversized batch is refused with the estimate instead of
// being killed mid-step. Tested in RLTrainerConfigTests.swift (refusal names the figure, weights untouched).
import Foundation

extension RLTrainer {
  /// Bytes of one step with prompts of up to `longestPrompt` tokens: policy, reference, initial,
  /// gradients and two Adam moments; the KV cache of min(B·K, maxConcurrentSlots) slots; the training
  /// activations of one micro-batch at full length.
  public func estimatedStepBytes(longestPrompt: Int, prompts: Int) -> Int {
    let c = policy.config
    let stores = 5 + (initial == nil ? 0 : 1)
    let weights = stores * policy.parameters.count * 4
    let length = longestPrompt + config.maxNewTokens
    let slots = min(prompts * config.k, maxConcurrentSlots)
    let kv = 2 * c.numHiddenLayers * slots * length * c.numKeyValueHeads * c.headDimension * 4
    let activations = LlamaModel.activationBytes(
      config: c, batchSize: config.microBatchSize, sequenceLength: length, training: true)
    return weights + kv + activations
  }

  /// The budget: memory_limit_gb, or 80% of physical memory.
  public var memoryBudgetBytes: Int {
    config.memoryLimitGB > 0
      ? Int(config.memoryLimitGB * 1_073_741_824) : Int(Double(ProcessInfo.processInfo.physicalMemory) * 0.8)
  }

  func checkMemory(longestPrompt: Int, prompts: Int) throws {
    let need = estimatedStepBytes(longestPrompt: longestPrompt, prompts: prompts)
    let budget = memoryBudgetBytes
    if need > budget {
      func gib(_ b: Int) -> String { String(format: "%.2f GiB", Double(b) / 1_073_741_824) }
      throw ReasonerError(
        .invalidArgument,
        "rl step: the batch needs about \(gib(need)) (\(prompts)×\(config.k) samples, prompts up to "
          + "\(longestPrompt) + max_new_tokens \(config.maxNewTokens) tokens, micro_batch_size "
          + "\(config.microBatchSize)) but the budget is \(gib(budget)) (memory_limit_gb); lower "
          + "micro_batch_size, max_new_tokens or batch_size. Nothing was sampled.")
    }
  }
}
