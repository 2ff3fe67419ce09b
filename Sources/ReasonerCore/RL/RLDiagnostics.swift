// Per-step RL diagnostics computed from PolicyLoss's per-row records: masked means (entropy) and the
// sampler/trainer log-prob gap the RL issue asks to report. Tested in Tests/ReasonerCoreTests/RLRewardTests.swift.

/// Mean of `values` [R] over the rows where `mask` [R] is true (0 when none is): e.g. the mean entropy of
/// the response tokens from `PolicyLoss.entropies`.
public func maskedMean(_ values: [Float], mask: [Bool]) throws -> Double {
  try checkRowArray(mask.count, values.count, "mask")
  var sum = 0.0, count = 0
  for r in values.indices where mask[r] {
    sum += Double(values[r])
    count += 1
  }
  return count == 0 ? 0 : sum / Double(count)
}

/// max and mean of |log π_sampler − log π_trainer| over response tokens ([R] each): both should come from
/// the same kernels, so the gap should stay near float rounding (~1e-5); a large one means the sampler
/// and the trainer disagree about the policy (temperature, masking or position bugs).
public func logProbGap(sampler: [Float], trainer: [Float], mask: [Bool]) throws -> (max: Double, mean: Double) {
  try checkRowArray(trainer.count, sampler.count, "trainer")
  try checkRowArray(mask.count, sampler.count, "mask")
  var largest = 0.0, sum = 0.0, count = 0
  for r in sampler.indices where mask[r] {
    let gap = abs(Double(sampler[r]) - Double(trainer[r]))
    largest = max(largest, gap.isNaN ? .infinity : gap)
    sum += gap
    count += 1
  }
  return (largest, count == 0 ? 0 : sum / Double(count))
}
