// A deterministic mock DecodingModel for the generator tests: the logits of a sequence are a hash of
// ALL its tokens (so a wrong cache copy or a misrouted batch row changes them), its sessions keep the
// tokens as a fake KV cache, and every forward call is recorded so prefix sharing is observable.
import Foundation
import Synchronization

@testable import ReasonerCore

final class MockDecodingModel: DecodingModel, @unchecked Sendable {
  let vocabularySize: Int
  let contextLength: Int
  /// Logit scale: larger makes the distributions peakier.
  let scale: Float
  /// Logit added to `favoured` tokens (e.g. make EOS likely enough to be sampled).
  let bias: [Int32: Float]

  struct Calls {
    var prefills: [(slot: Int, tokens: [Int32])] = []
    var copies: [(source: Int, targets: [Int])] = []
    var decodeBatchSizes: [Int] = []
    var sessionSlots: [Int] = []
  }
  private let recorded = Mutex(Calls())
  var calls: Calls { recorded.withLock { $0 } }

  init(vocabularySize: Int = 40, contextLength: Int = 64, scale: Float = 2.5, bias: [Int32: Float] = [:]) {
    self.vocabularySize = vocabularySize
    self.contextLength = contextLength
    self.scale = scale
    self.bias = bias
  }

  /// The logits after `sequence` [V]: a pure function of the whole sequence.
  func logits(after sequence: [Int32]) -> [Float] {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for token in sequence { hash = (hash ^ UInt64(UInt32(bitPattern: token))) &* 0x100_0000_01B3 }
    var generator = Xoshiro256StarStar(seed: hash)
    return (0..<vocabularySize).map { i in
      Float(generator.nextUniform() * 2 - 1) * scale + (bias[Int32(i)] ?? 0)
    }
  }

  func makeSession(slots: Int, capacity: Int) throws -> DecodingSession {
    recorded.withLock { $0.sessionSlots.append(slots) }
    if capacity > contextLength {
      throw ReasonerError(.invalidArgument, "mock: capacity \(capacity) > context \(contextLength)")
    }
    return Session(model: self, slots: slots, capacity: capacity)
  }

  final class Session: DecodingSession {
    let model: MockDecodingModel
    let capacity: Int
    /// The fake KV cache: each slot's tokens.
    var cache: [[Int32]]

    init(model: MockDecodingModel, slots: Int, capacity: Int) {
      self.model = model
      self.capacity = capacity
      cache = Array(repeating: [], count: slots)
    }

    func length(ofSlot slot: Int) -> Int { cache[slot].count }

    func prefill(slot: Int, tokens: [Int32], lastLogits: UnsafeMutablePointer<Float>) throws {
      model.recorded.withLock { $0.prefills.append((slot, tokens)) }
      try append(slot, tokens)
      let row = model.logits(after: cache[slot])
      lastLogits.update(from: row, count: row.count)
    }

    func copySlot(_ source: Int, to targets: [Int]) {
      model.recorded.withLock { $0.copies.append((source, targets)) }
      for target in targets { cache[target] = cache[source] }
    }

    func decode(slots: [Int], tokens: [Int32], logits: UnsafeMutablePointer<Float>) throws {
      model.recorded.withLock { $0.decodeBatchSizes.append(slots.count) }
      guard slots.count == tokens.count, Set(slots).count == slots.count else {
        throw ReasonerError(.invalidArgument, "mock: slots \(slots) vs tokens \(tokens)")
      }
      for (i, slot) in slots.enumerated() {
        guard !cache[slot].isEmpty else {
          throw ReasonerError(.invalidArgument, "mock: decode on empty slot \(slot)")
        }
        try append(slot, [tokens[i]])
        let row = model.logits(after: cache[slot])
        (logits + i * model.vocabularySize).update(from: row, count: row.count)
      }
    }

    private func append(_ slot: Int, _ tokens: [Int32]) throws {
      if cache[slot].count + tokens.count > capacity {
        throw ReasonerError(.invalidArgument, "mock: slot \(slot) would exceed capacity \(capacity)")
      }
      cache[slot] += tokens
    }
  }
}
