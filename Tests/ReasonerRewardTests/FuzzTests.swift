// Fuzz: random and mutated LaTeX through verify() and the detectors — no crash, and the slowest single
// verify call under 10 ms (reported). 100k inputs by default; REASONER_FUZZ_COUNT=1000000 locally.
import Foundation
import Testing
@testable import ReasonerReward

struct FuzzTests {
  static let fragments: [String] = [
    "\\frac{", "}", "{", "\\sqrt[", "]", "\\sqrt{", "^", "_", "(", ")", "[", "]", "\\{", "\\}", "\\left(", "\\right)",
    "\\boxed{", "\\text{", "x", "y", "n", "i", "e", "\\pi", "\\infty", "1", "2", "9", "0", ".", ",", "=", "<", "\\le", "+", "-",
    "\\pm", "*", "/", "!", "\\%", "%", "$", "\\$", "\\cdot", "\\times", "\\begin{pmatrix}", "\\end{pmatrix}", "&", "\\\\",
    "\\cup", "U", " or ", " and ", "\\dfrac", "\\binom", "99999", "^{9999}", "!!", "\\overline{3}", "\\ln", "\\sin", "\\log_",
    "°", "∞", "π", "√", "这", "\u{FFFD}", "\\,", "\\!", "~", " ", "\n", "\\lfloor", "\\rfloor", "|", "\\in", "52_8", "_{10}",
    "(1,2)", "[1,2)", "\\emptyset", "1e5", "2^10", "-", "\\\\", "\\", "{,}", "cm", "\\mathrm{i}",
  ]

  @Test func randomAndMutatedLatexNeverCrashAndStayFast() {
    let count = Int(ProcessInfo.processInfo.environment["REASONER_FUZZ_COUNT"] ?? "") ?? 100_000
    var rng = SplitMix64(state: 2024)
    let seeds = allVerifierCases.flatMap { [$0.gold, $0.answer] }
    let repetition = RepetitionDetector(), garbled = GarbledTextDetector()
    var slowest = 0.0, slowestInput = "", slowestGold = ""
    var correct = 0
    var slowCalls: [(Double, String, String)] = []
    for k in 0..<count {
      var text: String
      if k % 2 == 0 {
        // Mutated: a real answer with fragments inserted, deleted or swapped.
        var chars = Array(seeds[rng.below(seeds.count)])
        for _ in 0..<(1 + rng.below(4)) {
          switch rng.below(3) {
          case 0: chars.insert(contentsOf: Array(Self.fragments[rng.below(Self.fragments.count)]), at: rng.below(chars.count + 1))
          case 1: if !chars.isEmpty { chars.remove(at: rng.below(chars.count)) }
          default: if chars.count > 1 { chars.swapAt(rng.below(chars.count), rng.below(chars.count)) }
          }
        }
        text = String(chars)
      } else {
        text = (0..<(1 + rng.below(30))).map { _ in Self.fragments[rng.below(Self.fragments.count)] }.joined()
      }
      let gold = k % 3 == 0 ? text : seeds[rng.below(seeds.count)]
      let response = k % 5 == 0 ? text : "so the answer is $\\boxed{\(text)}$"
      let start = DispatchTime.now().uptimeNanoseconds
      if verify(response: response, gold: gold).isCorrect { correct += 1 }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      if seconds > slowest { slowest = seconds; slowestInput = response; slowestGold = gold }
      if seconds > 0.002 { slowCalls.append((seconds, gold, response)) }
      if k % 10 == 0 {
        _ = repetition.check(text)
        _ = garbled.check(text)
      }
    }
    print("fuzz: \(count) inputs, \(correct) judged correct, slowest verify \(slowest * 1000) ms on gold \(slowestGold.debugDescription) response \(slowestInput.debugDescription); \(slowCalls.count) calls above 2 ms")
    // The machine is shared: a single timing can include a preemption. Re-time the 20 slowest calls
    // three times each and judge each by its fastest run (a real slow path is slow every time).
    var worst = 0.0, worstCase = ("", "")
    for (_, gold, response) in slowCalls.sorted(by: { $0.0 > $1.0 }).prefix(20) {
      var best = Double.infinity
      for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = verify(response: response, gold: gold)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
      }
      if best > worst { worst = best; worstCase = (gold, response) }
    }
    print("fuzz: slowest re-timed call \(worst * 1000) ms on gold \(worstCase.0.debugDescription) response \(worstCase.1.debugDescription)")
    // 10 ms is the bound for optimised builds (swift test -c release); a debug build runs BigInt
    // arithmetic about ten times slower, so it gets ten times the budget.
    #if DEBUG
      let bound = 0.100
    #else
      let bound = 0.010
    #endif
    #expect(worst < bound, "slowest verify \(worst * 1000) ms: gold \(worstCase.0.debugDescription) response \(worstCase.1.debugDescription)")
  }

  @Test func verifyIsSafeFromManyThreads() async {
    let cases = allVerifierCases
    let outcomes = await withTaskGroup(of: Int.self) { group in
      for t in 0..<8 {
        group.addTask {
          var mismatches = 0
          for c in cases where verify(response: "\\boxed{\(c.answer)}", gold: c.gold).isCorrect != c.correct { mismatches += 1 }
          return mismatches + t * 0
        }
      }
      var total = 0
      for await m in group { total += m }
      return total
    }
    #expect(outcomes == 0)
  }
}
