// heaviestPrefixCount: the shortest heaviest-first prefix of a token list that satisfies a monotone
// condition (top-k: count ≥ k; top-p: mass ≥ target), found by quickselect without sorting the list.
// Tested in SamplingDistributionTests.swift (survivor sets against a sort-based Double reference).

/// A token as one integer key that orders like "weight descending, then id ascending": the weight's
/// bits (weights are ≥ 0, so their bit patterns order like their values) above the complemented id.
@inline(__always) func heavinessKey(weight: Float, id: Int32) -> UInt64 {
  UInt64(weight.bitPattern) << 32 | UInt64(~UInt32(bitPattern: id))
}

@inline(__always) func weight(ofKey key: UInt64) -> Float { Float(bitPattern: UInt32(key >> 32)) }

@inline(__always) func tokenID(ofKey key: UInt64) -> Int32 {
  Int32(bitPattern: ~UInt32(truncatingIfNeeded: key))
}

/// Rearranges `keys[0..<count]` (see `heavinessKey`) so that its first x entries are the x heaviest and
/// returns the smallest x for which `sufficient(x, mass of those x)` holds (`count` when none does).
/// `sufficient` must be monotone in x and false for x = 0. Expected O(count): each round partitions
/// the undecided range around a median-of-three pivot and keeps only the side holding the boundary;
/// the last ≤ 32 are sorted.
func heaviestPrefixCount(_ keys: UnsafeMutablePointer<UInt64>, count: Int,
                         sufficient: (_ count: Int, _ mass: Double) -> Bool) -> Int {
  @inline(__always) func swap(_ i: Int, _ j: Int) {
    let t = keys[i]
    keys[i] = keys[j]
    keys[j] = t
  }
  // Invariant: keys[0..<lo] are the lo heaviest and (lo, mass) is not sufficient; the answer lies in
  // (lo, hi]; keys[lo..<hi] outrank keys[hi...].
  var lo = 0, hi = count
  var mass = 0.0
  while hi - lo > 32 {
    // Median of three, moved to hi − 1.
    let mid = lo + (hi - lo) / 2
    if keys[mid] > keys[lo] { swap(mid, lo) }
    if keys[hi - 1] > keys[lo] { swap(hi - 1, lo) }
    if keys[mid] > keys[hi - 1] { swap(mid, hi - 1) }
    let pivot = keys[hi - 1]
    // Branch-free Lomuto partition (random data mispredicts a branch half the time): keys[lo..<split]
    // end up heavier than the pivot, keys[split..<i] not. The heavier mass alternates between two
    // Double accumulators, so the loop is less bound by one chain of dependent additions.
    var split = lo
    var massEven = 0.0, massOdd = 0.0
    var i = lo
    while i < hi - 1 {
      let key = keys[i]
      let isHeavier = key > pivot
      keys[i] = keys[split]
      keys[split] = key
      split += isHeavier ? 1 : 0
      let mass = isHeavier ? Double(weight(ofKey: key)) : 0
      if i & 1 == 0 { massEven += mass } else { massOdd += mass }
      i += 1
    }
    let heavyMass = massEven + massOdd
    swap(split, hi - 1)
    if sufficient(split, mass + heavyMass) {
      hi = split
    } else {
      mass += heavyMass + Double(weight(ofKey: pivot))
      if sufficient(split + 1, mass) { return split + 1 }
      lo = split + 1
    }
  }
  var rest = UnsafeMutableBufferPointer(start: keys + lo, count: hi - lo)
  rest.sort(by: >)
  for i in lo..<hi {
    mass += Double(weight(ofKey: keys[i]))
    if sufficient(i + 1, mass) { return i + 1 }
  }
  return hi
}
