// Extraction rules: last box, nested boxes, \boxed 5, \fbox, connected boxes as a list, answer phrases,
// GSM8K ####, last-line math, cut-off responses, unbalanced braces, empty boxes and 100 KB responses.
import Testing
@testable import ReasonerReward

struct ExtractionTests {
  @Test(arguments: [
    ("so \\boxed{5}.", "5"), ("\\boxed{\\frac{1}{2}}", "\\frac{1}{2}"), ("first \\boxed{3} then\nfinally \\boxed{4}", "4"),
    ("\\boxed{\\boxed{7}}", "\\boxed{7}"), ("answer \\boxed 5 done", "5"), ("\\fbox{12}", "12"), ("$\\framebox{204}$ minutes", "204"),
    ("\\boxed{3} or \\boxed{5}", "3, 5"), ("$\\boxed{1}$, $\\boxed{2}$", "1, 2"), ("\\boxed{2} \\boxed{2}", "2"),
    ("we get \\boxed{28}, which in base 9 is \\boxed{28_9}", "28_9"), ("\\boxed{\\{1,2\\}}", "\\{1,2\\}"),
    ("The final answer is 42.", "42"), ("So the answer is $\\frac{3}{4}$.", "\\frac{3}{4}"), ("Answer: 17", "17"),
    ("blah\n#### 18", "18"), ("The answer is 3.5. Done", "3.5"), ("lots of work\n$x = 9$", "x = 9"), ("work\n= 42", "= 42"),
    ("\\boxed{a}{b}", "a"), ("\\boxed {6}", "6"),
  ])
  func extracts(_ response: String, _ expected: String) {
    #expect(extractAnswer(response)?.answer == expected)
  }

  @Test(arguments: [
    "I think we need to consider", "\\boxed{5", "\\boxed{\\frac{1}{2}", "", "\\boxed{}", "\\boxed{  }",
    "so the final result is \\boxed{\\frac{a}{", String(repeating: "{", count: 10_000) + "\\boxed{",
  ])
  func findsNothing(_ response: String) {
    #expect(extractAnswer(response) == nil)
    #expect(!verify(response: response, gold: "5").isCorrect)
  }

  @Test func cutOffResponseSaysWhy() {
    let v = verify(response: "Thus $x = \\boxed{\\frac{3}{", gold: "\\frac{3}{4}")
    #expect(!v.isCorrect)
    #expect(v.reason.contains("never closed"))
    #expect(verify(response: "no answer", gold: "5").reason.contains("no \\boxed"))
  }

  @Test func hundredKilobyteResponses() {
    let prose = String(repeating: "We compute the sum of the series term by term. ", count: 2_200)
    #expect(prose.utf8.count > 100_000)
    #expect(verify(response: prose + "\\boxed{42}", gold: "42").isCorrect)
    #expect(!verify(response: prose, gold: "42").isCorrect)
    let braces = String(repeating: "\\boxed{", count: 20_000)
    #expect(!verify(response: braces, gold: "1").isCorrect)
    let longBox = "\\boxed{" + String(repeating: "1+", count: 50_000) + "1}"
    let v = verify(response: longBox, gold: "50001")
    #expect(!v.isCorrect && v.reason.contains("compared literally"), "\(v.reason)")
  }
}
