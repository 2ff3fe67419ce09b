// TokenCandidates: one logits row while the processors narrow it down (scale, weights, survivors), and
// the draw and log-probability at the end. Tested in SamplingDistributionTests.swift against a Double
// reference (chi-square on frequencies, exact survivor sets, log-probabilities).
import Foundation

/// The working state of one logits row [V]. Weights are unnormalised probabilities
/// w_i = exp((logit_i − max)/τ) over the FULL vocabulary, so the argmax has weight exactly 1 and
/// Z = Σ w_i is the softmax normaliser. Filters never change weights; they shrink the survivor set, and
/// the draw renormalises over the survivors.
public struct TokenCandidates {
  /// The raw logits of the row [V] (read only).
  public let logits: UnsafePointer<Float>
  /// V.
  public let vocabularySize: Int
  let workspace: SamplerWorkspace
  /// The largest logit and the lowest id holding it (greedy's answer).
  public let maxLogit: Float
  public let argmax: Int32
  /// 1/τ of the weights (1 when greedy: the log-probabilities are then those at τ = 1).
  public private(set) var inverseTemperature: Float = 1
  /// Greedy rows draw the argmax whatever the filters say.
  public var isGreedy = false
  /// Z = Σ w_i over the whole vocabulary, in Double (NaN until `weigh` ran; NaN/∞ for bad logits).
  public private(set) var totalWeight: Double = .nan
  /// nil: every token survives. Otherwise the survivors are workspace.ids[0..<count], in no
  /// particular order (the draw does not need one).
  public private(set) var survivorCount: Int?

  /// Starts a row: finds its max and argmax. `logits` must stay valid while the value is used.
  public init(logits: UnsafePointer<Float>, workspace: SamplerWorkspace) {
    self.logits = logits
    self.vocabularySize = workspace.vocabularySize
    self.workspace = workspace
    let (maxValue, index) = rowMaxAndArgmax(logits, count: workspace.vocabularySize)
    maxLogit = maxValue
    argmax = Int32(index)
  }

  /// Whether the row had usable numbers: a finite max and a finite, positive normaliser.
  public var isFinite: Bool { maxLogit.isFinite && totalWeight.isFinite && totalWeight > 0 }

  /// The weight of token `id` (valid after `weigh`).
  public func weight(of id: Int32) -> Float { workspace.weights[Int(id)] }

  /// Computes every weight at scale 1/τ and the normaliser; resets the survivors to the whole vocabulary.
  public mutating func weigh(inverseTemperature: Float) {
    self.inverseTemperature = inverseTemperature
    totalWeight = weighRow(
      logits, count: vocabularySize, maxLogit: maxLogit, inverseTemperature: inverseTemperature,
      weights: workspace.weights, blockSums: workspace.blockSums, blockSize: SamplerWorkspace.blockSize)
    survivorCount = nil
  }

  /// log π_τ(id) = (logit_id − max)/τ − log Z: the log-softmax of logits/τ over the full vocabulary,
  /// whatever the filters kept.
  public func logProbability(of id: Int32) -> Float {
    let scaled = Double(inverseTemperature) * (Double(logits[Int(id)]) - Double(maxLogit))
    return Float(scaled - Foundation.log(totalWeight))
  }

  /// Σ of the survivors' weights (Z when every token survives).
  public func survivorWeight() -> Double {
    guard let count = survivorCount else { return totalWeight }
    var sum = 0.0
    for j in 0..<count { sum += Double(workspace.weights[Int(workspace.ids[j])]) }
    return sum
  }

  /// The largest weight among the survivors (1: the argmax always survives every filter).
  public var maxSurvivorWeight: Float { workspace.weights[Int(argmax)] }

  /// Keeps the `k` heaviest survivors (ties → lower id first).
  public mutating func keepHeaviest(count k: Int) {
    keepHeaviestPrefix { count, _ in count >= k }
  }

  /// Keeps the shortest heaviest-first prefix of the survivors whose weight reaches `target`.
  public mutating func keepHeaviest(coveringWeight target: Double) {
    keepHeaviestPrefix { _, mass in mass >= target }
  }

  /// Keeps the survivors whose weight is at least `threshold` (order preserved).
  public mutating func keepAtLeast(weight threshold: Float) {
    let ids = workspace.ids, weights = workspace.weights
    var kept = 0
    if let count = survivorCount {
      for j in 0..<count where weights[Int(ids[j])] >= threshold {
        ids[kept] = ids[j]
        kept += 1
      }
    } else {
      for i in 0..<vocabularySize where weights[i] >= threshold {
        ids[kept] = Int32(i)
        kept += 1
      }
    }
    survivorCount = kept
  }

  /// Keeps the shortest heaviest-first prefix of the survivors that is `sufficient` (monotone in its
  /// count and mass). From the whole vocabulary it first gathers only the tokens above a weight
  /// threshold, lowering it (1e-2, 1e-4, 1e-8, 1e-16, 0) until the gathered set is itself sufficient:
  /// every token above the threshold outranks every token below it, so the prefix lies inside. Then
  /// `heaviestPrefixCount` finds it without sorting.
  mutating func keepHeaviestPrefix(sufficient: (_ count: Int, _ mass: Double) -> Bool) {
    let ids = workspace.ids, weights = workspace.weights, keys = workspace.keys
    var count = 0
    if let survivors = survivorCount {
      for j in 0..<survivors { keys[j] = heavinessKey(weight: weights[Int(ids[j])], id: ids[j]) }
      count = survivors
    } else {
      for threshold: Float in [1e-2, 1e-4, 1e-8, 1e-16, 0] {
        count = 0
        var massEven = 0.0, massOdd = 0.0
        for i in 0..<vocabularySize {
          // Branch-free: always write, advance only past kept tokens.
          let w = weights[i]
          let isKept = w >= threshold
          keys[count] = heavinessKey(weight: w, id: Int32(truncatingIfNeeded: i))
          count += isKept ? 1 : 0
          let mass = isKept ? Double(w) : 0
          if i & 1 == 0 { massEven += mass } else { massOdd += mass }
        }
        let gathered = massEven + massOdd
        if sufficient(count, gathered) { break }
      }
    }
    let kept = heaviestPrefixCount(keys, count: count, sufficient: sufficient)
    for j in 0..<kept { ids[j] = tokenID(ofKey: keys[j]) }
    survivorCount = kept
  }

  /// Draws a token with probability proportional to its weight among the survivors, by inverting the
  /// cumulative sum at `uniform`·Σ (uniform in [0, 1)). Greedy rows return the argmax.
  public func draw(uniform: Double) -> Int32 {
    if isGreedy { return argmax }
    let ids = workspace.ids, weights = workspace.weights
    if let count = survivorCount {
      let target = uniform * survivorWeight()
      var cumulative = 0.0
      var last = argmax
      for j in 0..<count {
        let w = Double(weights[Int(ids[j])])
        if w > 0 { last = ids[j] }
        cumulative += w
        if cumulative > target && w > 0 { return ids[j] }
      }
      return last  // rounding left the target just past the end
    }
    // Whole vocabulary: find the block by its Double sum, then walk inside it.
    let target = uniform * totalWeight
    let blockSize = SamplerWorkspace.blockSize
    var cumulative = 0.0
    var block = 0
    let blocks = SamplerWorkspace.blockCount(vocabularySize)
    while block < blocks - 1 && cumulative + workspace.blockSums[block] <= target {
      cumulative += workspace.blockSums[block]
      block += 1
    }
    // Rounding (Float-lane block sums vs this Double walk) may carry the walk past its block: it then
    // continues into the next ones, and past the end takes the last weighted token.
    var last = argmax
    for i in (block * blockSize)..<vocabularySize {
      let w = Double(weights[i])
      if w > 0 { last = Int32(i) }
      cumulative += w
      if cumulative > target && w > 0 { return Int32(i) }
    }
    return last
  }
}
