// DemoTask: the embedded demo's procedurally generated, seeded reasoning task — solve a·x ± b = c by
// trial and error with self-checks, answer in \boxed{} — with a hash-based held-out split and SFT
// examples. Tested in Tests/ReasonerCoreTests/DataDemoTaskTests.swift (determinism, recomputed answers,
// well-formed chains of thought, split disjointness).
//
// Design (why this task should let RL beat SFT by ≥ 20 points; the numbers are guesses until the
// integration run measures them):
//
// The PyTorch reference (../shared/notes/demo-findings.md) failed because its SFT start was either
// near-perfect (2-digit sums: 99%) or mostly hopeless (3-digit: reward ~0.1, so most RLOO groups had no
// correct sample and no signal), and because RL had nothing specific to fix. T1's premise is different:
// SFT teaches trial-and-error and self-verification *as behaviours*, and RL makes the model use them.
// This task is built so that exactly one behaviour separates a wrong answer from a right one:
//
//   prompt      7x+5=54
//   checked     try 6: 7*6+5=54? 42+5=47 low     ← guess, then verify by substitution
//               try 7: 7*7+5=54? 49+5=54 ok      ← adjust by one and re-check until "ok"
//               \boxed{7}
//   unchecked   try 6                            ← the same first guess, committed without a check
//               \boxed{6}
//
// - The first guess is x + δ with δ uniform in ±`guessSpread` (an "estimate"), so it is right only
//   ~1/(2·spread+1) of the time; no model can make it reliable without dividing, which a tiny model
//   does poorly — the check is the only dependable route.
// - A share `checkSkipRate` > ½ of the SFT examples commit to the guess unchecked (a realistic share of
//   uncorrected slips: the data's own answer is then wrong ~80% of the time). The branch is one token
//   after "try g" (":" checks, "\n" commits), decided independently of whether g is right, so SFT learns
//   P(skip) ≈ 0.6 there. Greedy decoding therefore commits: greedy pass@1 ≈ P(first guess right) ≈
//   0.2–0.3, while samples at τ = 1.2 check ~40% of the time and then succeed if the arithmetic holds
//   (per-problem pass rates ≈ 0.4–0.6: inside T1's useful 0.1–0.7 band, so few all-equal groups at K = 16).
// - RL only has to flip one branch (check ≫ commit), a large, consistent advantage in every group whose
//   first guesses are mixed; it transfers to held-out problems because the branch is problem-independent.
//   Expected: greedy ≈ 25% → ≥ 80% (bounded by the model's product/sum accuracy), sampled pass@1 ≈ 50% →
//   ≥ 80%.
// - The arithmetic is kept within a tiny model's reach (one-digit products, sums ≤ ~100, the product
//   written out before the sum), and lines stay short (a response is ~15–110 characters) so a 16×16 RL
//   step costs about a second.
// - Held-out problems are disjoint by construction: a problem's split is a hash of its text.
// - Subjects "add"/"sub" (the sign of b) and levels 1–3 (the size of a·x) feed eval's breakdown.
//
// Measured in a first end-to-end run (old check-line format, 600 SFT steps, d=96/2 layers, 15 RL steps of 16×16, seed 1):
// greedy 0.28 → 0.23 and sampled 0.20 → 0.23; checked chains were right only ~20% of the time, so
// checking was no better than guessing, long chains risked the truncation penalty, and RL learned to
// skip the check (40% → 4%). Before RL the checked path must be reliable: easier arithmetic (small
// coefficients and offsets), enough SFT steps for the products/sums to be learned, and a
// max_new_tokens that never truncates a full check chain. Measure the checked-path accuracy after SFT.
//
// Repetition rules meant for BPE text must be set for characters here: the check lines legitimately
// repeat short n-grams ("try ", "+5="), at most ~5 times.

import Foundation

/// One equation a·x + offset = c with a positive integer solution x.
public struct DemoProblem: Equatable, Hashable, Sendable, Codable {
  /// a ≥ 2.
  public var coefficient: Int
  /// b, non-zero; negative means the equation reads a·x − |b| = c.
  public var offset: Int
  /// x ≥ 1, the answer.
  public var solution: Int
  /// c = a·x + b.
  public var rightSide: Int { coefficient * solution + offset }

  public init(coefficient: Int, offset: Int, solution: Int) {
    self.coefficient = coefficient
    self.offset = offset
    self.solution = solution
  }

  /// "7x+5=54" / "7x-5=44".
  public var text: String {
    "\(coefficient)x\(offset < 0 ? "-" : "+")\(abs(offset))=\(rightSide)"
  }
  public var answer: String { String(solution) }
  /// "add" or "sub".
  public var subject: String { offset < 0 ? "sub" : "add" }
  /// 1 (a·x ≤ 20), 2 (≤ 45) or 3.
  public var level: Int { coefficient * solution <= 20 ? 1 : coefficient * solution <= 45 ? 2 : 3 }

  /// a·g + b for a trial value g, as the check line writes it: the equation with g substituted, then
  /// the arithmetic — "7*6+5=54? 42+5=47". Restating the equation puts c beside the value it is compared
  /// with; the restatement is a copy of the prompt aligned character by character, which a tiny model
  /// learns at once, whereas finding c twenty characters back by content it did not learn (see
  /// DemoConfig's notes).
  public func checkArithmetic(trial g: Int) -> (line: String, value: Int) {
    let product = coefficient * g, value = product + offset
    let sign = offset < 0 ? "-" : "+"
    return ("\(coefficient)*\(g)\(sign)\(abs(offset))=\(rightSide)? \(product)\(sign)\(abs(offset))=\(value)", value)
  }
}

/// A problem as a JSONL record for `reasoner rl/eval/filter`: `problem` and `answer`, plus the breakdown
/// fields.
public struct DemoRecord: Equatable, Sendable, Codable {
  public var problem: String
  public var answer: String
  public var subject: String
  public var level: Int
}

/// One supervised example: the prompt and the completion the model learns to write (EOS not included).
public struct DemoExample: Equatable, Sendable {
  public var prompt: String
  public var completion: String
}

public enum DemoSplit: String, Sendable, CaseIterable { case train, heldOut = "held-out" }

/// The knobs of the task's difficulty and of its SFT data.
public struct DemoDifficulty: Equatable, Sendable {
  /// a's range.
  public var coefficients: ClosedRange<Int> = 2...9
  /// x's range; first guesses stay inside it.
  public var solutions: ClosedRange<Int> = 1...9
  /// b's range for "+" problems; "−" problems use 1..<a so that every trial's a·g − b stays positive.
  public var offsets: ClosedRange<Int> = 1...20
  /// Largest |δ| of the first guess x + δ.
  public var guessSpread: Int = 2
  /// Share of SFT examples that commit to the first guess without checking it.
  public var checkSkipRate: Double = 0.6
  /// Share of problems held out from training (by hash of the problem text).
  public var heldOutFraction: Double = 0.2

  public init() {}

  public func validate() throws {
    func need(_ ok: Bool, _ field: String, _ expected: String) throws {
      if !ok { throw ReasonerError(.invalidArgument, "demo difficulty '\(field)': expected \(expected)") }
    }
    try need(coefficients.lowerBound >= 2, "coefficients", "a range starting at 2 or more")
    try need(solutions.lowerBound >= 1, "solutions", "a range starting at 1 or more")
    try need(offsets.lowerBound >= 1, "offsets", "a range starting at 1 or more")
    try need(guessSpread >= 0, "guessSpread", "≥ 0")
    try need((0...1).contains(checkSkipRate), "checkSkipRate", "a share in [0, 1]")
    try need(heldOutFraction > 0 && heldOutFraction < 1, "heldOutFraction", "a share in (0, 1)")
  }
}

/// The task: its problem space, split, and the chains of thought that solve it.
public struct DemoTask: Sendable {
  public let difficulty: DemoDifficulty
  /// Every problem of each split, in a fixed order.
  public let trainProblems: [DemoProblem]
  public let heldOutProblems: [DemoProblem]

  public init(difficulty: DemoDifficulty = DemoDifficulty()) throws {
    try difficulty.validate()
    self.difficulty = difficulty
    var train: [DemoProblem] = [], heldOut: [DemoProblem] = []
    for a in difficulty.coefficients {
      for x in difficulty.solutions {
        let offsets = Array(difficulty.offsets) + (1..<a).map { -$0 }
        for b in offsets {
          let problem = DemoProblem(coefficient: a, offset: b, solution: x)
          if Self.split(of: problem, heldOutFraction: difficulty.heldOutFraction) == .train {
            train.append(problem)
          } else {
            heldOut.append(problem)
          }
        }
      }
    }
    guard !train.isEmpty, !heldOut.isEmpty else {
      throw ReasonerError(
        .invalidArgument, "demo difficulty: the ranges give too few problems to split (\(train.count) "
          + "train, \(heldOut.count) held-out)")
    }
    trainProblems = train
    heldOutProblems = heldOut
  }

  /// A problem's split: FNV-1a of its text against the held-out share. A function of the text alone,
  /// so the same problem can never land in both splits, whatever the seed or generation order.
  public static func split(of problem: DemoProblem, heldOutFraction: Double) -> DemoSplit {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in problem.text.utf8 {
      hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    hash ^= hash >> 29  // FNV's low bits mix poorly; fold the high ones in
    return Double(hash % 10_000) < heldOutFraction * 10_000 ? .heldOut : .train
  }

  public func problems(in split: DemoSplit) -> [DemoProblem] {
    split == .train ? trainProblems : heldOutProblems
  }

  /// `count` problems drawn uniformly (with replacement) from `split`, reproducibly from `seed`.
  public func sample(_ count: Int, from split: DemoSplit, seed: UInt64) -> [DemoProblem] {
    var rng = DemoRandom(seed: seed)
    let pool = problems(in: split)
    return (0..<count).map { _ in pool[rng.below(pool.count)] }
  }

  /// `count` distinct problems of `split` (all of them if it has fewer), in a seeded random order: the
  /// held-out evaluation set, without the repeats that sampling with replacement would bring.
  public func distinct(_ count: Int, from split: DemoSplit, seed: UInt64) -> [DemoProblem] {
    var rng = DemoRandom(seed: seed)
    return Array(problems(in: split).shuffled(using: &rng).prefix(max(0, count)))
  }

  /// What the model sees before its completion: the equation and a newline.
  public static func prompt(for problem: DemoProblem) -> String { problem.text + "\n" }

  /// A chain of thought for `problem`: the checked path (trial, check, adjust until "ok") or, with
  /// probability `checkSkipRate`, the unchecked one. `rng` decides the first guess and the branch.
  public func completion(for problem: DemoProblem, using rng: inout DemoRandom) -> String {
    // δ is redrawn until x + δ is a legal solution (clamping instead would pile guesses onto the range's
    // ends and make first guesses there right far more often than elsewhere).
    let spread = difficulty.guessSpread
    var trial: Int
    repeat {
      trial = problem.solution + rng.below(2 * spread + 1) - spread
    } while !difficulty.solutions.contains(trial)
    if rng.unit() < difficulty.checkSkipRate { return "try \(trial)\n\\boxed{\(trial)}" }
    var text = ""
    while true {
      let (arithmetic, value) = problem.checkArithmetic(trial: trial)
      let c = problem.rightSide
      text += "try \(trial): \(arithmetic) \(value < c ? "low" : value > c ? "high" : "ok")\n"
      if value == c { break }
      trial += value < c ? 1 : -1
    }
    return text + "\\boxed{\(trial)}"
  }

  /// `count` SFT examples on training problems, reproducibly from `seed`.
  public func sftExamples(_ count: Int, seed: UInt64) -> [DemoExample] {
    var rng = DemoRandom(seed: seed ^ 0x5f7_5eed)
    let problems = sample(count, from: .train, seed: seed)
    return problems.map {
      DemoExample(prompt: Self.prompt(for: $0), completion: completion(for: $0, using: &rng))
    }
  }

  /// `records` as JSON Lines (sorted keys, one record a line), ready to write to a file.
  public func jsonLines(_ split: DemoSplit) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return try records(split).map { String(decoding: try encoder.encode($0), as: UTF8.self) + "\n" }
      .joined()
  }

  /// JSONL records of `split` (all of it), for `reasoner rl --data` / `eval --data`.
  public func records(_ split: DemoSplit) -> [DemoRecord] {
    problems(in: split).map {
      DemoRecord(problem: $0.text, answer: $0.answer, subject: $0.subject, level: $0.level)
    }
  }
}

/// SplitMix64: the demo's small seeded generator (same seed, same task data on every platform).
public struct DemoRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    return z ^ (z >> 31)
  }
  /// Uniform in 0..<n (n > 0).
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  /// Uniform in [0, 1).
  public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
