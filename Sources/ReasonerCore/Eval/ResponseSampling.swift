// Samples k responses per evaluation problem from a loaded model, with the RL trainer's prompt
// construction (RLTextCodec) so eval, filter and RL see identical prompts.
// Tested through the CLI in Tests/ReasonerCLITests/EvalCLITests.swift (real model, tiny settings).

extension LanguageModel {
  /// The prompt codec RL uses: "chat" (chat template, problem + box instruction) or a template with
  /// `{problem}`.
  public func evaluationCodec(template: String) throws -> RLTextCodec {
    guard template == "chat" || template.contains("{problem}") else {
      throw ReasonerError(
        .invalidArgument, "prompt template: expected \"chat\" or a text containing {problem}, got \"\(template)\"")
    }
    return RLTextCodec.tokenizer(tokenizer, template: template)
  }

  /// k responses per problem, ordered by (problem, sample). The codec's stop tokens end a response.
  /// - Throws: `ReasonerError` naming the data line whose prompt is empty or does not fit the context
  ///   with `parameters.maxNewTokens` (checked before any sampling).
  public func sampleResponses(problems: [EvaluationProblem], codec: RLTextCodec, samplesPerProblem k: Int,
                              parameters: SamplingParameters, source: String = "data",
                              maxConcurrentSlots: Int = 64,
                              progress: ((GenerationProgress) -> Void)? = nil) throws -> [SampledResponse]
  {
    var parameters = parameters
    parameters.stopTokenIDs = codec.stopTokenIDs
    try parameters.validate()
    let prompts = try problems.map { p -> [Int32] in
      let ids = try codec.encodePrompt(p.problem)
      if ids.isEmpty { throw ReasonerError(.invalidFile, "\(source):\(p.line): the prompt is empty (no tokens)") }
      if ids.count + parameters.maxNewTokens > contextLength {
        throw ReasonerError(
          .invalidFile, "\(source):\(p.line): the prompt is \(ids.count) tokens; with max-new-tokens "
            + "\(parameters.maxNewTokens) that is more than the model's context length \(contextLength)")
      }
      return ids
    }
    let completions = try generate(
      prompts: prompts, samplesPerPrompt: k, parameters: parameters, maxConcurrentSlots: maxConcurrentSlots,
      progress: progress)
    return completions.map { c in
      SampledResponse(
        problemIndex: c.promptIndex, sampleIndex: c.sampleIndex, text: codec.decode(c.tokenIDs),
        tokenCount: c.tokenIDs.count, finishReason: c.finishReason)
    }
  }
}
