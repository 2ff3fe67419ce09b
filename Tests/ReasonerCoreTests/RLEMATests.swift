// The EMA reference update against a Double loop (tolerance: 1 ulp-scale, 1e-6), β = 1 frozen bit for
// bit, β = 0 copies, and mismatched sizes throw.
import Foundation
import Testing

@testable import ReasonerCore

struct RLEMATests {
  func buffers(_ n: Int) -> ([Float], [Float]) {
    var s: UInt64 = 99
    func next() -> Float {
      s = s &* 6364136223846793005 &+ 1442695040888963407
      return Float(Int(s >> 40) % 2001 - 1000) / 100
    }
    return ((0..<n).map { _ in next() }, (0..<n).map { _ in next() })
  }

  @Test(arguments: [Float(0.99), 0.5, 0.0, 1.0])
  func matchesDoubleLoop(beta: Float) throws {
    let (ref0, policy) = buffers(10_001)
    var ref = ref0
    try ref.withUnsafeMutableBufferPointer { r in
      try policy.withUnsafeBufferPointer { try emaUpdate(reference: r, policy: $0, beta: beta) }
    }
    var maxDiff = 0.0
    for i in 0..<ref.count {
      let expected = Double(beta) * Double(ref0[i]) + (1 - Double(beta)) * Double(policy[i])
      maxDiff = max(maxDiff, abs(expected - Double(ref[i])))
    }
    #expect(maxDiff < 1e-5, "β = \(beta): max |ema − Double loop| = \(maxDiff)")
    if beta == 1 { #expect(ref == ref0, "β = 1 must leave the reference untouched") }
    if beta == 0 { #expect(ref == policy, "β = 0 copies the policy") }
  }

  @Test func repeatedUpdatesApproachThePolicy() throws {
    var ref: [Float] = [0, 10]
    let policy: [Float] = [1, 0]
    for _ in 0..<50 {
      try ref.withUnsafeMutableBufferPointer { r in
        try policy.withUnsafeBufferPointer { try emaUpdate(reference: r, policy: $0, beta: 0.9) }
      }
    }
    // After n steps: ref = policy + β^n (ref0 − policy).
    let decay = Float(pow(0.9, 50.0))
    #expect(abs(ref[0] - (1 - decay)) < 1e-5 && abs(ref[1] - 10 * decay) < 1e-5, "\(ref)")
  }

  @Test func badInputThrows() {
    var ref: [Float] = [0, 0]
    let policy: [Float] = [1]
    #expect(throws: ReasonerError.self) {
      try ref.withUnsafeMutableBufferPointer { r in
        try policy.withUnsafeBufferPointer { try emaUpdate(reference: r, policy: $0, beta: 0.5) }
      }
    }
    #expect(throws: ReasonerError.self) {
      try ref.withUnsafeMutableBufferPointer { r in
        try [Float(1), 2].withUnsafeBufferPointer { try emaUpdate(reference: r, policy: $0, beta: 1.5) }
      }
    }
  }
}
