// RLOO advantages: hand-computed groups, all-equal groups, K = 2, invalid members, and bad input.
// Exact arithmetic on small rationals; tolerance 1e-12.
import Testing

@testable import ReasonerCore

struct RLAdvantageTests {
  func close(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-12 }
  }

  @Test func leaveOneOutBaseline() throws {
    let a = try rlooAdvantages(rewards: [1, 0, 0, 1, 0.5, 0.25, -1, 1], k: 4)
    // group 2: baselines (0.25−1+1)/3, (0.5−1+1)/3, (0.5+0.25+1)/3, (0.5+0.25−1)/3
    let expected = [2.0 / 3, -2.0 / 3, -2.0 / 3, 2.0 / 3,
                    0.5 - 0.25 / 3, 0.25 - 0.5 / 3, -1 - 1.75 / 3, 1 + 0.25 / 3]
    #expect(close(a, expected), "\(a)")
    // Advantages of a fully valid group sum to zero: Σ_i (R_i − (S − R_i)/(K−1)) = S·(1 − K/(K−1) + 1/(K−1)).
    #expect(abs(a[4..<8].reduce(0, +)) < 1e-12)
  }

  @Test func allEqualGroupsGiveExactZeros() throws {
    let rewards = [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, -1, -1, -1]
    let a = try rlooAdvantages(rewards: rewards, k: 3)
    #expect(a == [Double](repeating: 0, count: 9))
    #expect(allEqualGroups(rewards: rewards, k: 3) == [true, true, true])
    #expect(allEqualGroups(rewards: [1, 0, 1, 1], k: 2) == [false, true])
  }

  @Test func twoSamplesGivePlusMinusTheDifference() throws {
    for (r1, r2) in [(1.0, 0.0), (0.0, 1.0), (0.3, -0.7), (2.0, 2.0)] {
      let a = try rlooAdvantages(rewards: [r1, r2], k: 2)
      #expect(close(a, [r1 - r2, r2 - r1]), "K = 2 with (\(r1), \(r2)) gave \(a)")
    }
  }

  @Test func invalidMembersAreLeftOut() throws {
    // Group 1: member 1 invalid (its huge reward must not leak). Group 2: one valid → zeros.
    let rewards: [Double] = [1, 1e9, 0, 1, 0, 7, 3, 5]
    let valid = [true, false, true, true, false, true, false, false]
    let a = try rlooAdvantages(rewards: rewards, valid: valid, k: 4)
    let expected: [Double] = [0.5, 0, -1, 0.5, 0, 0, 0, 0]
    #expect(close(a, expected), "\(a)")
    // Same as the group without its invalid member.
    #expect(close(try rlooAdvantages(rewards: [1, 0, 1], k: 3), [0.5, -1, 0.5]))
  }

  @Test func badInputThrows() throws {
    #expect(throws: ReasonerError.self) { try rlooAdvantages(rewards: [1, 0], k: 1) }
    #expect(throws: ReasonerError.self) { try rlooAdvantages(rewards: [1, 0, 1], k: 2) }
    #expect(throws: ReasonerError.self) { try rlooAdvantages(rewards: [1, 0], valid: [true], k: 2) }
    #expect(throws: ReasonerError.self) { try rlooAdvantages(rewards: [1, .nan], k: 2) }
    // An invalid member's NaN is ignored, not an error.
    let ignored = try rlooAdvantages(rewards: [1, .nan, 0], valid: [true, false, true], k: 3)
    #expect(ignored == [1, 0, -1])
  }
}
