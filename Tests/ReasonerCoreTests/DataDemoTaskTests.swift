// The embedded demo task: seeded determinism, answers recomputed from the problem text, every chain of
// thought re-derived line by line, tokenizer round trips, and held-out/train disjointness. Statistical
// checks (skip share) use 4000 examples and a ±0.03 band (≈ 4 standard deviations).
import Foundation
import Testing

@testable import ReasonerCore

struct DataDemoTaskTests {
  let task = try! DemoTask()

  /// Parses "7x+5=54" / "7x-5=44" into (a, b, c) independently of DemoProblem.
  func parse(_ text: String) -> (a: Int, b: Int, c: Int)? {
    let parts = text.split(separator: "x", omittingEmptySubsequences: false)
    guard parts.count == 2, let a = Int(parts[0]) else { return nil }
    let sides = parts[1].split(separator: "=")
    guard sides.count == 2, let b = Int(sides[0]), let c = Int(sides[1]) else { return nil }
    return (a, b, c)  // Int("+5") == 5, Int("-5") == -5
  }

  @Test func answersSolveTheirEquations() throws {
    for problem in task.trainProblems + task.heldOutProblems {
      let (a, b, c) = try #require(parse(problem.text), "unparsable \(problem.text)")
      let x = try #require(Int(problem.answer))
      #expect(a * x + b == c, "\(problem.text): x = \(x) does not solve it")
      #expect(x >= 1 && a >= 2 && b != 0)
      #expect(a * 1 + b > 0, "\(problem.text): a trial at x = 1 would go non-positive")
    }
  }

  @Test func generationIsDeterministic() throws {
    let first = task.sftExamples(200, seed: 42), again = task.sftExamples(200, seed: 42)
    #expect(first == again)
    #expect(first != task.sftExamples(200, seed: 43))
    #expect(task.sample(50, from: .heldOut, seed: 7) == task.sample(50, from: .heldOut, seed: 7))
    let rebuilt = try DemoTask()
    #expect(rebuilt.trainProblems == task.trainProblems)
  }

  /// Re-derives each chain of thought: every check line's product, sum and verdict, the ±1 adjustment
  /// after "low"/"high", the final "ok", and the boxed answer.
  @Test func chainsOfThoughtAreWellFormed() throws {
    let spread = task.difficulty.guessSpread
    var unchecked = 0, uncheckedRight = 0
    let examples = task.sftExamples(4000, seed: 3)
    for example in examples {
      let problemText = String(example.prompt.dropLast())
      #expect(example.prompt.hasSuffix("\n"))
      let (a, b, c) = try #require(parse(problemText))
      let x = (c - b) / a
      let allLines = example.completion.split(separator: "\n", omittingEmptySubsequences: false)
      let boxed = try #require(allLines.last.map(String.init), "empty completion")
      let lines = allLines.dropLast().map(String.init)
      #expect(boxed.hasPrefix("\\boxed{") && boxed.hasSuffix("}"), "last line \(boxed)")
      let answer = try #require(Int(boxed.dropFirst(7).dropLast()), "boxed \(boxed)")
      let firstLine = try #require(lines.first, "no trial line")
      let first = try #require(Int(String(firstLine.dropFirst(4).prefix(while: \.isNumber))))
      #expect(abs(first - x) <= spread && task.difficulty.solutions.contains(first))
      if lines == ["try \(first)"] {  // unchecked: commits to the first guess
        unchecked += 1
        if answer == x { uncheckedRight += 1 }
        #expect(answer == first)
        continue
      }
      var trial = first
      for (i, line) in lines.enumerated() {
        let product = a * trial, value = product + b
        let sign = b < 0 ? "-" : "+"
        let verdict = value < c ? "low" : value > c ? "high" : "ok"
        // The equation restated with the trial substituted (c beside the value), then the arithmetic.
        let expected = "try \(trial): \(a)*\(trial)\(sign)\(abs(b))=\(c)? \(product)\(sign)\(abs(b))=\(value) \(verdict)"
        #expect(line == expected, "\(problemText) line \(i)")
        #expect((verdict == "ok") == (i == lines.count - 1), "\(problemText): checks must stop at ok")
        trial += verdict == "low" ? 1 : -1
      }
      #expect(answer == x, "\(problemText): a checked chain must box the solution")
      #expect(lines.count <= spread + 1)
    }
    let skipShare = Double(unchecked) / Double(examples.count)
    #expect(abs(skipShare - task.difficulty.checkSkipRate) < 0.03, "unchecked share \(skipShare)")
    // An unchecked first guess is right about 1/(2·spread + 1) of the time (more near the range ends).
    let lucky = Double(uncheckedRight) / Double(unchecked)
    #expect(lucky > 0.15 && lucky < 0.35, "unchecked guesses right \(lucky)")
  }

  @Test func heldOutIsDisjointFromTraining() throws {
    let train = Set(task.trainProblems.map(\.text)), heldOut = Set(task.heldOutProblems.map(\.text))
    #expect(train.isDisjoint(with: heldOut))
    #expect(train.count == task.trainProblems.count, "problem texts are unique")
    let share = Double(heldOut.count) / Double(train.count + heldOut.count)
    #expect(abs(share - task.difficulty.heldOutFraction) < 0.04, "held-out share \(share)")
    for example in task.sftExamples(500, seed: 9) {
      #expect(!heldOut.contains(String(example.prompt.dropLast())), "SFT example from held-out")
    }
    #expect(task.sample(300, from: .heldOut, seed: 1).allSatisfy { heldOut.contains($0.text) })
    // Both subjects and all levels appear on both sides.
    for problems in [task.trainProblems, task.heldOutProblems] {
      #expect(Set(problems.map(\.subject)) == ["add", "sub"])
      #expect(Set(problems.map(\.level)) == [1, 2, 3])
    }
  }

  @Test func tokenizerRoundTrips() throws {
    let tokenizer = DemoTokenizer()
    #expect(tokenizer.vocabularySize == DemoTokenizer.alphabet.count + 3)
    #expect(Set(DemoTokenizer.alphabet).count == DemoTokenizer.alphabet.count, "alphabet repeats")
    let config = DemoConfig.recommended
    for example in task.sftExamples(300, seed: 5) {
      let text = example.prompt + example.completion
      let ids = try tokenizer.encode(text, addBOS: true)
      #expect(ids.first == tokenizer.bosId && ids.count == text.count + 1)
      #expect(ids.dropFirst().allSatisfy { $0 >= 3 && $0 < Int32(tokenizer.vocabularySize) })
      #expect(tokenizer.decode(ids) == text)
      #expect(tokenizer.decode(ids + [tokenizer.eosId, 5, 6]) == text, "decoding stops at EOS")
      #expect(ids.count + 1 <= config.model.maxPositionEmbeddings, "example longer than the context")
    }
    #expect(tokenizer.decode([tokenizer.bosId, 5, tokenizer.padId, 99]) == "0\u{FFFD}\u{FFFD}")
    do {
      _ = try tokenizer.encode("7x+5=5A")
      Issue.record("'A' is not in the alphabet")
    } catch let error as ReasonerError {
      #expect(error.message.contains("offset 6"), "\(error)")
    }
  }

  @Test func recordsAndConfigAreConsistent() throws {
    let records = task.records(.heldOut)
    #expect(records.count == task.heldOutProblems.count)
    let line = String(decoding: try JSONEncoder().encode(records[0]), as: UTF8.self)
    #expect(line.contains("\"problem\"") && line.contains("\"answer\""))
    let config = DemoConfig.recommended
    try config.model.validate()
    try config.objective.validate()
    #expect(config.model.vocabSize == DemoTokenizer().vocabularySize)
    #expect(config.model.eosTokenId == Int(DemoTokenizer.eosId))
    var bad = DemoDifficulty()
    bad.checkSkipRate = 1.5
    #expect(throws: ReasonerError.self) { try DemoTask(difficulty: bad) }
  }
}

struct DataDemoFilesTests {
  @Test func distinctEvaluationProblemsAndJSONLines() throws {
    let task = try DemoTask()
    let eval = task.distinct(256, from: .heldOut, seed: 4)
    #expect(eval.count == 256 && Set(eval).count == 256)
    #expect(eval == task.distinct(256, from: .heldOut, seed: 4))
    #expect(task.distinct(10_000, from: .heldOut, seed: 4).count == task.heldOutProblems.count)
    let lines = try task.jsonLines(.heldOut).split(separator: "\n")
    #expect(lines.count == task.heldOutProblems.count)
    let first = try JSONDecoder().decode(DemoRecord.self, from: Data(lines[0].utf8))
    #expect(first.problem == task.heldOutProblems[0].text && first.answer == task.heldOutProblems[0].answer)
  }
}
