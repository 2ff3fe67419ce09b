// Several hundred gold/answer pairs across every answer kind of issue 4, true and false, including the
// adversarial ones (close numbers, reordered tuples, wrong brackets, prose, empty boxes, garbage).
// Each case runs through verify() with the answer boxed in a sentence.
import Testing
@testable import ReasonerReward

struct VerifierCase: CustomTestStringConvertible, Sendable {
  let gold: String, answer: String, correct: Bool
  var testDescription: String { "\(gold) vs \(answer) → \(correct)" }
}

private func T(_ g: String, _ a: String) -> VerifierCase { VerifierCase(gold: g, answer: a, correct: true) }
private func F(_ g: String, _ a: String) -> VerifierCase { VerifierCase(gold: g, answer: a, correct: false) }

let integerAndRationalCases: [VerifierCase] = [
  T("5", "5"), T("5", "5.0"), T("5", "05"), T("-3", "-3"), T("-3", "- 3"), F("-3", "3"), F("5", "6"),
  T("1000000", "1,000,000"), T("1000000", "1{,}000{,}000"), T("2016", "2\\,016"), T("2016", "2 016"),
  T("0.5", "\\frac{1}{2}"), T("\\frac12", "0.5"), T("\\frac{1}{2}", "\\dfrac{1}{2}"), T("\\frac{1}{2}", "\\tfrac12"),
  T("\\frac{3}{4}", "0.75"), T("\\frac{3}{4}", "\\frac{6}{8}"), F("\\frac{3}{4}", "\\frac{4}{3}"),
  T("-\\frac{5}{2}", "-2.5"), T("-\\frac{5}{2}", "\\frac{-5}{2}"), T("-\\frac{5}{2}", "\\frac{5}{-2}"),
  F("\\frac{1}{3}", "0.333"), F("\\frac{1}{3}", "0.3333333333"), T("0.33", "\\frac{1}{3}"), T("0.333", "\\frac13"),
  F("0.34", "\\frac{1}{3}"), T("\\frac{1}{2004!}", "\\frac{1}{2004!}"), F("\\frac{1}{2004!}", "\\frac{1}{2006!}"),
  T("2^{100}", "1267650600228229401496703205376"), F("2^{100}", "1267650600228229401496703205377"),
  T("10!", "3628800"), T("\\binom{10}{3}", "120"), T("\\dbinom{6}{2}", "15"), F("\\binom{10}{3}", "121"),
  T("\\frac{7}{2}", "3\\frac{1}{2}"), T("3\\frac{1}{2}", "3.5"), T("-2\\frac14", "-\\frac94"), F("3\\frac{1}{2}", "\\frac32"),
  T("1.5", "1.50"), T("1.5", "\\frac{3}{2}"), F("1.5", "1.6"), F("1.5", "1.55"), T("100", "100."),
  T("12", "12 \\text{ cm}"), T("12", "12\\text{ inches}"), T("12", "12 square units"), T("45", "45^\\circ"),
  T("45", "45^{\\circ}"), T("45", "45°"), T("45^\\circ", "45"), T("18", "\\$18"), T("18.90", "\\$18.90"), T("18.90", "18.9"),
  T("5", "\\textbf{5}"), T("5", "\\mathrm{5}"), T("5", "{5}"), T("5", "\\boxed{5}"), T("7", "\\left(7\\right)"),
  T("3", "x = 3"), T("3", "k=3"), T("x=3", "3"), F("3", "x = 4"), T("25", "5^2"), T("1024", "2^{10}"), T("1024", "2^10"),
  T("0.001", "10^{-3}"), T("3\\times 10^5", "300000"), T("3 \\times 10^{5}", "3e5"), T("2.5\\times10^{-3}", "0.0025"),
  F("3\\times10^5", "3\\times10^6"), T("6", "2\\cdot 3"), T("6", "2 \\times 3"), T("6", "12/2"), T("6", "\\frac{12}{2}"),
  T("-1", "(-1)^{2019}"), T("1", "(-1)^{2020}"), T("0", "0"), T("0", "-0"), F("0", "0.0001"), T("1", "1^{10000}"),
  T("\\frac{10}{3}", "3.\\overline{3}") , F("1", "2"), F("100", "1000"), F("99", "99.5"), F("1000", "1,001"),
]

let radicalAndConstantCases: [VerifierCase] = [
  T("3\\sqrt{2}", "\\sqrt{18}"), T("\\sqrt{2}/2", "\\frac{1}{\\sqrt{2}}"), T("\\frac{\\sqrt{3}}{2}", "\\frac{\\sqrt3}2"),
  F("\\sqrt{2}", "\\sqrt{3}"), F("\\sqrt{2}", "1.414"), T("1.414", "\\sqrt{2}"), T("2\\sqrt{5}", "\\sqrt{20}"),
  T("\\sqrt[3]{8}", "2"), T("\\sqrt[3]{-27}", "-3"), T("4", "\\sqrt{16}"), T("8^{2/3}", "4"), T("27^{\\frac13}", "3"),
  T("\\pi", "\\pi"), T("2\\pi", "\\pi \\cdot 2"), T("\\frac{\\pi}{2}", "\\pi/2"), F("\\frac{\\pi}{2}", "\\frac{\\pi}{3}"),
  T("3.14", "\\pi"), F("3.15", "\\pi"), T("\\pi r^2", "r^2\\pi"), T("4\\pi", "4π"), T("e^2", "e\\cdot e"),
  T("\\sqrt{2}+\\sqrt{3}", "\\sqrt{3}+\\sqrt{2}"), F("\\sqrt{2}+\\sqrt{3}", "\\sqrt{5}"), T("2+\\sqrt{3}", "\\sqrt{3}+2"),
  T("\\frac{1+\\sqrt{5}}{2}", "\\frac{\\sqrt{5}+1}{2}"), F("\\frac{1+\\sqrt{5}}{2}", "\\frac{1-\\sqrt{5}}{2}"),
  T("\\ln 8", "3\\ln 2"), T("\\log_2 8", "3"), T("\\sin \\frac{\\pi}{6}", "\\frac12"), T("\\cos 0", "1"),
  T("\\sqrt{2}\\cdot\\sqrt{8}", "4"), T("(\\sqrt{2})^2", "2"), T("\\frac{6}{\\sqrt{3}}", "2\\sqrt3"),
  F("2\\sqrt{3}", "3\\sqrt{2}"), F("\\pi", "3.14159"), T("\\infty", "\\infty"), T("\\infty", "infinity"),
  F("\\infty", "-\\infty"), F("\\infty", "1000000"),
]

let complexCases: [VerifierCase] = [
  T("274i", "274 i"), T("274i", "274\\cdot i"), T("1+i", "i+1"), F("1+i", "1-i"), T("3-4i", "3 - 4 i"),
  T("(1+i)^2", "2i"), T("\\frac{1}{i}", "-i"), T("i^2", "-1"), F("2i", "2"), T("-1+2i", "2i-1"),
  T("\\frac{1+i}{2}", "\\frac12+\\frac{i}2"), T("8+4i", "4i+8"), F("8+4i", "8+4"), T("\\sqrt{-4}", "2i"),
]

let percentCases: [VerifierCase] = [
  T("50\\%", "50"), T("50\\%", "50\\%"), T("50\\%", "0.5"), T("50", "50\\%"), F("50\\%", "5"),
  T("12.5\\%", "12.5"), T("10\\%", "\\frac{1}{10}"), F("10\\%", "20\\%"), T("25\\%", "25 percent"),
]

let expressionCases: [VerifierCase] = [
  T("2(x+1)", "2x+2"), T("x^2-1", "(x-1)(x+1)"), F("x^2-1", "(x-1)^2"), T("(a+b)^2", "a^2+2ab+b^2"),
  F("(a+b)^2", "a^2+b^2"), T("\\frac{x}{2}", "0.5x"), T("x^{-1}", "\\frac1x"), T("\\frac{x^2-4}{x-2}", "x+2"),
  T("2 - b", "-b+2"), T("11+x", "x+11"), T("-34 + 12x", "12x-34"), F("-34+12x", "12x+34"), T("6x^2+7x-20", "(2x+5)(3x-4)"),
  F("x", "y"), F("2x", "2y"), F("\\sqrt{x^2}", "x"), T("\\sqrt{x^2}", "|x|"), T("x\\sqrt{x}", "x^{3/2}"), T("n(n+1)/2", "\\frac{n^2+n}{2}"),
  F("n(n+1)/2", "\\frac{n^2-n}{2}"), T("\\frac{1}{x+1}", "(x+1)^{-1}"), T("p - q", "-q + p"), F("p - q", "q - p"),
  T("3^{n}", "3^n"), T("a^2b", "ba^2"), T("\\alpha+\\beta", "\\beta+\\alpha"), F("\\alpha", "\\beta"),
  T("x_1 + x_2", "x_2+x_1"), F("x_1", "x_2"), T("2^{n+1}", "2\\cdot 2^n"), F("2^{n+1}", "2^n+1"),
  T("\\frac{n}{n+1}", "1-\\frac{1}{n+1}"), T("x^3+3x^2+3x+1", "(x+1)^3"), T("4x^2-4x+1", "(2x-1)^2"),
]

let equationCases: [VerifierCase] = [
  T("y = 2x+1", "2x+1"), T("2x+1", "y=2x+1"), T("y=2x+1", "y = 1 + 2x"), T("y=2x+1", "2x - y + 1 = 0"),
  F("y=2x+1", "y=2x-1"), T("x^2+y^2=4", "y^2 + x^2 = 4"), T("x^2+y^2=4", "2x^2+2y^2=8"), F("x^2+y^2=4", "x^2+y^2=2"),
  T("f(x) = x^2", "x^2"), T("x = 3", "x=3"), F("x=3", "y=3"), T("\\frac{EG}{EF}=\\frac{t}{1-t}", "\\frac{t}{1-t}"),
  T("(m,n) = (36, 6)", "(36,6)"), F("(m,n) = (36, 6)", "(6,36)"), T("x \\in [0,1]", "[0,1]"),
]

let multipleAnswerCases: [VerifierCase] = [
  T("1, 2", "x=1 or x=2"), T("1,2", "2, 1"), T("1,2", "x = 1 \\text{ or } x = 2"), T("1, 2", "1 \\text{ and } 2"),
  F("1, 2", "1"), F("1", "1, 2"), F("1, 2", "1, 3"), T("-2, 3", "3,-2"), T("\\pm 3", "3, -3"), T("\\pm 3", "-3,3"),
  F("\\pm 3", "3"), T("1 \\pm \\sqrt{2}", "1+\\sqrt2, 1-\\sqrt2"), T("x = \\pm 2", "2, -2"), F("1,2,3", "1,2"),
  T("1,2,3", "3,2,1"), T("1, 1, 2", "1, 2"),
]

let setTupleIntervalCases: [VerifierCase] = [
  T("\\{1,2\\}", "\\{2,1\\}"), T("\\{1,2\\}", "1, 2"), F("\\{1,2\\}", "\\{1,3\\}"), T("\\emptyset", "\\varnothing"),
  T("\\emptyset", "\\{\\}"), F("\\emptyset", "\\{0\\}"), T("(1,2)", "(1,2)"), T("(1,2)", "\\left(1, 2\\right)"),
  F("(1,2)", "(2,1)"), F("(1,2)", "[1,2]"), F("(1,2,3)", "(1,2)"), T("(3, \\frac{\\pi}{2})", "\\left( 3, \\frac{\\pi}{2} \\right)"),
  T("(0.5, 1)", "(\\frac12, 1)"), F("(0.5,1)", "(1, 0.5)"), T("[1,2)", "[1,2)"), F("[1,2)", "(1,2]"), F("[1,2)", "[1,2]"),
  T("(-\\infty, 3]", "x \\le 3"), T("(3,\\infty)", "x>3"), F("(3,\\infty)", "x\\ge3"), T("[-1, 2)", "-1 \\le x < 2"),
  F("[-1,2)", "-1 < x < 2"), T("(-\\infty, 0) \\cup (1, \\infty)", "(1,\\infty)\\cup(-\\infty,0)"),
  F("(-\\infty, 0) \\cup (1, \\infty)", "(-\\infty, 0] \\cup (1, \\infty)"), T("(-\\infty,-2)\\cup(2,\\infty)", "(-\\infty,-2) U (2,\\infty)"),
  T("\\{(1,2),(3,4)\\}", "\\{(3,4),(1,2)\\}"), F("\\{(1,2),(3,4)\\}", "\\{(2,1),(3,4)\\}"), T("(1,2),(3,4)", "(3,4), (1,2)"),
  T("\\langle 1, 2\\rangle", "(1,2)"), T("[2, 5]", "[2,5]"), T("(2,5]", "2 < x \\le 5"), T("3 \\ge x", "(-\\infty, 3]"),
]

let matrixCases: [VerifierCase] = [
  T("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}"),
  F("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix}1&3\\\\2&4\\end{pmatrix}"),
  T("\\begin{pmatrix} 1/2 \\\\ 3 \\end{pmatrix}", "\\begin{pmatrix} 0.5 \\\\ 3 \\end{pmatrix}"),
  T("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(1,2)"), F("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(2,1)"),
  T("\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}"),
  F("\\begin{pmatrix} 1 & 2 \\end{pmatrix}", "\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}"),
  T("\\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\end{pmatrix}", "\\begin{pmatrix} -1/3 \\\\ 2/3 \\end{pmatrix}"),
]

let textAndBaseCases: [VerifierCase] = [
  T("\\text{(B)}", "B"), T("\\text{(B)}", "(B)"), T("\\text{(B)}", "\\textbf{(B)}"), F("\\text{(B)}", "C"), F("\\text{(B)}", "(C)"),
  T("\\text{Monday}", "Monday"), T("Monday", "\\text{monday}"), F("\\text{Monday}", "Tuesday"), T("\\text{even}", "even"),
  F("\\text{even}", "odd"), T("\\text{Devon}", "Devon"), T("52_8", "52_8"), T("52_8", "52_{8}"), F("52_8", "52_{10}"),
  F("52_8", "52"), F("52_8", "42"), T("1011_2", "1011_{2}"), F("1011_2", "1101_2"), T("A", "\\text{A}"), T("E", "(E)"),
  T("\\text{yes}", "Yes"), F("\\text{yes}", "no"),
]

let adversarialCases: [VerifierCase] = [
  F("5", ""), F("5", "   "), F("5", "\\frac{"), F("5", "}}}{{{"), F("5", "\\sqrt"), F("5", "((((((5"), F("5", "5)))"),
  F("5", "\\boxed{}"), F("5", "$$"), F("5", "^^^"), F("5", "5 or 6"), F("5", "5, 6"), F("1", "0.9999999"),
  F("1000", "999.9999"), F("3", "3.0000001"), T("3", "3.000"), F("2", "2^{100000}"), F("2", "10^{10^{10}}"),
  F("1", "1000000!"), F("120", "5!!"), T("\\frac{1}{2}", "\\frac{2}{4}"), F("\\frac12", "\\frac{1}{2}x"),
  F("x+1", "x+1.000001"), F("(1,2)", "1,2"), F("0", "\\frac{0}{0}"), F("1", "\\frac{1}{0}"), F("5", "\\text{five}"),
  F("12", "1 2"), F("1", "\\pi - \\pi + 1.00000001"),
]

let allVerifierCases = integerAndRationalCases + radicalAndConstantCases + complexCases + percentCases
  + expressionCases + equationCases + multipleAnswerCases + setTupleIntervalCases + matrixCases + textAndBaseCases
  + adversarialCases

struct VerifierCaseTests {
  @Test(arguments: allVerifierCases)
  func boxedAnswer(_ c: VerifierCase) {
    let v = verify(response: "Working through it, the answer is $\\boxed{\(c.answer)}$.", gold: c.gold)
    #expect(v.isCorrect == c.correct, "gold \(c.gold) answer \(c.answer): \(v.reason)")
  }

  /// Symmetry: swapping gold and answer keeps the verdict for plain numeric and structural kinds.
  @Test func caseCountIsSeveralHundredWithBothOutcomes() {
    #expect(allVerifierCases.count >= 250)
    #expect(allVerifierCases.filter(\.correct).count >= 100)
    #expect(allVerifierCases.filter { !$0.correct }.count >= 100)
  }
}
