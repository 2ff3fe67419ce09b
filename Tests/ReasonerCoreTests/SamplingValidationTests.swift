// Bad input to the sampler and generator: each is rejected with a ReasonerError whose message names the
// field (or prompt and position), and the generator rejects before any forward pass.
import Testing

@testable import ReasonerCore

struct SamplingValidationTests {
  func expectError(_ expectedFragment: String, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("expected an error mentioning \"\(expectedFragment)\"")
    } catch let error as ReasonerError {
      #expect(error.kind == .invalidArgument)
      #expect(error.message.contains(expectedFragment), "message: \(error.message)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func badSamplingParametersNameTheirField() {
    let cases: [(String, SamplingParameters)] = [
      ("temperature", SamplingParameters(temperature: -0.5)),
      ("temperature", SamplingParameters(temperature: .nan)),
      ("temperature", SamplingParameters(temperature: .infinity)),
      ("topK", SamplingParameters(topK: -1)),
      ("topP", SamplingParameters(topP: 0)),
      ("topP", SamplingParameters(topP: 1.5)),
      ("minP", SamplingParameters(minP: -0.1)),
      ("minP", SamplingParameters(minP: 2)),
      ("maxNewTokens", SamplingParameters(maxNewTokens: 0)),
      ("stopStrings[1]", SamplingParameters(stopStrings: ["x", ""])),
    ]
    for (field, parameters) in cases {
      expectError(field) { try parameters.validate() }
      expectError(field) { _ = try TokenSampler(parameters: parameters) }
    }
  }

  @Test func processorInitialisersValidate() {
    expectError("temperature") { _ = try TemperatureProcessor(temperature: -1) }
    expectError("temperature") { _ = try TemperatureProcessor(temperature: .leastNonzeroMagnitude) }  // 1/τ overflows
    expectError("topK") { _ = try TopKProcessor(k: 0) }
    expectError("topP") { _ = try TopPProcessor(p: 0) }
    expectError("minP") { _ = try MinPProcessor(minP: 1.01) }
    #expect(throws: Never.self) {
      _ = try TemperatureProcessor(temperature: 0)
      _ = try TemperatureProcessor(temperature: 1.2)
      _ = try TopKProcessor(k: 1)
      _ = try TopPProcessor(p: 1)
      _ = try MinPProcessor(minP: 0)
    }
  }

  @Test func badGenerationRequestsFailBeforeAnyForwardPass() {
    let mock = MockDecodingModel(vocabularySize: 40, contextLength: 16)
    let generator = Generator(model: mock)
    let ok = SamplingParameters(maxNewTokens: 4)
    func generate(_ prompts: [[Int32]], k: Int = 2, _ parameters: SamplingParameters = SamplingParameters(maxNewTokens: 4),
                  detokenizer: (([Int32]) -> String)? = nil, first: Int = 0) throws {
      _ = try generator.generate(prompts: prompts, samplesPerPrompt: k, parameters: parameters,
                                 firstPromptIndex: first, detokenizer: detokenizer)
    }
    expectError("prompt 1 is empty") { try generate([[1, 2], []]) }
    expectError("prompt 0, position 2: token id 40") { try generate([[1, 2, 40]]) }
    expectError("prompt 0, position 0: token id -3") { try generate([[-3]]) }
    expectError("context length 16") { try generate([[1], Array(repeating: 5, count: 13)]) }
    expectError("samplesPerPrompt = 0") { try generate([[1]], k: 0) }
    expectError("stopStrings") { try generate([[1]], SamplingParameters(stopStrings: ["\n"])) }
    expectError("stopTokenIDs[0] = 99") { try generate([[1]], SamplingParameters(stopTokenIDs: [99])) }
    expectError("topP") { try generate([[1]], SamplingParameters(topP: 2)) }
    expectError("firstPromptIndex") { try generate([[1]], first: -1) }
    expectError("maxConcurrentSlots") {
      _ = try Generator(model: mock, maxConcurrentSlots: 0).generate(
        prompts: [[1]], samplesPerPrompt: 1, parameters: ok)
    }
    #expect(mock.calls.prefills.isEmpty && mock.calls.sessionSlots.isEmpty, "work started before validation")
    // The boundary itself is allowed: 12 prompt tokens + 4 new = 16 = context length.
    #expect(throws: Never.self) { try generate([Array(repeating: 5, count: 12)]) }
  }

  @Test func nanLogitsFromTheModelNameTheCompletion() {
    let mock = MockDecodingModel(bias: [7: .nan])
    #expect {
      _ = try Generator(model: mock).generate(
        prompts: [[1], [2]], samplesPerPrompt: 2, parameters: SamplingParameters(maxNewTokens: 3))
    } throws: { error in
      guard let error = error as? ReasonerError else { return false }
      return error.kind == .numerical && error.message.contains("prompt 0, sample 0, new token 0")
    }
  }
}
