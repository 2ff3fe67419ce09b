// DataOrder: which example comes next. Shuffled runs use a fresh permutation per epoch derived only from
// (seed, epoch), so a cursor (epoch, position) is the whole RNG state a resume needs; unshuffled runs walk
// the records in file order. Tested in Tests/ReasonerCoreTests/TrainingLoopTests.swift.

/// Where the data stream stands: the epoch and the index into that epoch's order.
public struct DataCursor: Codable, Equatable, Sendable {
  public var epoch: Int
  public var position: Int
  public init(epoch: Int = 0, position: Int = 0) {
    self.epoch = epoch
    self.position = position
  }
}

public struct DataOrder: Sendable {
  public let count: Int
  public let seed: UInt64
  public let shuffle: Bool
  public private(set) var cursor: DataCursor
  private var permutation: [Int]

  public init(count: Int, seed: UInt64, shuffle: Bool, cursor: DataCursor = DataCursor()) {
    precondition(count > 0, "DataOrder: no examples")
    self.count = count
    self.seed = seed
    self.shuffle = shuffle
    self.cursor = cursor
    permutation = Self.order(count: count, seed: seed, shuffle: shuffle, epoch: cursor.epoch)
  }

  /// The epoch's order: Fisher–Yates with a SplitMix64 seeded from (seed, epoch), or 0..<count.
  public static func order(count: Int, seed: UInt64, shuffle: Bool, epoch: Int) -> [Int] {
    var order = Array(0..<count)
    guard shuffle else { return order }
    var rng = SplitMix64(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
    for i in stride(from: count - 1, to: 0, by: -1) {
      order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
    }
    return order
  }

  /// The next example index, moving to the next epoch (and its permutation) at the end of one.
  public mutating func next() -> Int {
    if cursor.position == count {
      cursor = DataCursor(epoch: cursor.epoch + 1, position: 0)
      permutation = Self.order(count: count, seed: seed, shuffle: shuffle, epoch: cursor.epoch)
    }
    defer { cursor.position += 1 }
    return permutation[cursor.position]
  }
}
