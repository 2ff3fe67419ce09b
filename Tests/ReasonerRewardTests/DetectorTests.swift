// Unit tests of the repetition and garbled-text detectors: each rule fires on its own pattern, reports
// where, stays quiet on ordinary text, and never crashes on odd input.
import Testing
@testable import ReasonerReward

struct DetectorTests {
  let repetition = RepetitionDetector()
  let garbled = GarbledTextDetector()

  @Test func periodicRunOnTokensReportsWhere() {
    let prefix: [Int32] = (0..<300).map { Int32($0) }
    let loop: [Int32] = Array(repeating: [Int32(7), 8, 9, 10, 11], count: 40).flatMap { $0 }
    let suffix: [Int32] = (1000..<1300).map { Int32($0) }
    let r = repetition.check(tokens: prefix + loop + suffix)
    #expect(r.flagged && r.rule == .periodicRun)
    #expect(r.location == 300..<500, "\(String(describing: r.location))")
    #expect(r.detail.contains("5-token unit"))
  }

  @Test func repeatedTailFiresOnAShortLoopAtTheEnd() {
    let prefix = (0..<500).map { Int32($0) }
    let unit = (2000..<2025).map { Int32($0) }
    let r = repetition.check(tokens: prefix + unit + unit + unit)
    #expect(r.flagged && r.rule == .repeatedTail, "\(r.detail)")
    #expect(r.location == 500..<575)
  }

  @Test func repeatedNgramsFireOnLongRepeatedParagraphs() {
    let paragraph = (0..<250).map { Int32($0) }  // longer than maxPeriod: the periodic rules cannot see it
    var tokens: [Int32] = []
    for k in 0..<20 { tokens += paragraph; tokens.append(Int32(10_000 + k)) }
    let r = repetition.check(tokens: tokens)
    #expect(r.flagged && r.rule == .repeatedNgrams, "\(r.detail)")
  }

  @Test func ordinaryTextAndEdgeCasesPass() {
    #expect(!repetition.check("").flagged)
    #expect(!repetition.check(tokens: []).flagged)
    #expect(!repetition.check(tokens: [1]).flagged)
    #expect(!repetition.check("Let x = 2. Then x + x = 4, so the answer is 4.").flagged)
    let loopText = "The solution is simple. " + String(repeating: "I will check this again. ", count: 30)
    let r = repetition.check(loopText)
    #expect(r.flagged)
    if let loc = r.location {
      let scalars = Array(loopText.unicodeScalars)
      #expect(String(String.UnicodeScalarView(scalars[loc])).contains("I will check this again. I will check this again."))
    }
  }

  @Test(arguments: [
    ("Let x = 2 这是错误的答案 so y = 4", GarbledRule.mixedScripts), ("The answer is Привет мир", .mixedScripts),
    ("value \u{FFFD} here", .replacementCharacter), ("bell \u{0007} here", .controlCharacter),
    ("noise ■■■■■■■■■■■■■■■ noise", .symbolRun), ("emoji 🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", .symbolRun),
    ("x" + String(repeating: "}", count: 100), .symbolRun),
  ])
  func garbledRuleFires(_ text: String, _ rule: GarbledRule) {
    let r = garbled.check(text)
    #expect(r.findings.contains { $0.rule == rule }, "\(r.findings)")
  }

  @Test(arguments: [
    "Let $\\alpha + \\beta = \\pi$, so $\\theta \\le 90°$ and x ≥ 2.", "Plain English answer: 42.",
    "全部是中文的回答", "Ответ: сорок два", "", "$$\\frac{1}{2}$$}}}", "αβγ δ and x", "naïve café résumé",
  ])
  func cleanTextPasses(_ text: String) {
    #expect(!garbled.check(text).flagged, "\(garbled.check(text).findings)")
  }

  @Test func offsetsPointAtTheEvidence() {
    let r = garbled.check("abcdef \u{FFFD}")
    #expect(r.findings.first?.offset == 7)
    let m = garbled.check("abc def ЖЖЖЖ")
    #expect(m.findings.first?.offset == 8)
  }
}
