// ResponseRows: a micro-batch of sampled responses laid out for the trainer's forward — prompt + response
// per row, right-padded — with the loss rows' targets, response mask and the sampler's log-probs.
// Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift (layout of a hand-built pair of responses).

/// One response with the prompt it continues.
struct ResponseRow {
  var prompt: [Int32]
  var completion: Completion
}

/// [S, T] rows: row s holds prompt_s + response_s then padding (id 0, masked). Loss row r = s·T + t
/// predicts the token at t + 1, so response token j of row s is predicted at t = len(prompt_s) − 1 + j.
struct ResponseRows {
  let batch: TrainingBatch
  /// [S·T] the token each loss row predicts (0 where masked).
  let targets: [Int32]
  /// [S·T] true on the rows that predict a response token.
  let mask: [Bool]
  /// [S·T] the sampler's log π_τ of each target (0 where masked).
  let samplerLogProbs: [Float]
  /// [S] first masked-in row of each sequence, and [S] response lengths.
  let firstRow: [Int]
  let lengths: [Int]

  init(responses: [ResponseRow]) throws {
    let T = responses.map { $0.prompt.count + $0.completion.tokenIDs.count }.max() ?? 1
    let S = responses.count
    var tokens = [Int32](repeating: 0, count: S * T)
    var targets = [Int32](repeating: 0, count: S * T)
    var mask = [Bool](repeating: false, count: S * T)
    var logProbs = [Float](repeating: 0, count: S * T)
    var firstRow: [Int] = [], lengths: [Int] = []
    for (s, response) in responses.enumerated() {
      let full = response.prompt + response.completion.tokenIDs
      for t in full.indices { tokens[s * T + t] = full[t] }
      let first = s * T + response.prompt.count - 1
      for (j, token) in response.completion.tokenIDs.enumerated() {
        targets[first + j] = token
        mask[first + j] = true
        logProbs[first + j] = response.completion.logprobs[j]
      }
      firstRow.append(first)
      lengths.append(response.completion.tokenIDs.count)
    }
    batch = try TrainingBatch(tokens: tokens, batchSize: S, sequenceLength: T)
    self.targets = targets
    self.mask = mask
    samplerLogProbs = logProbs
    self.firstRow = firstRow
    self.lengths = lengths
  }

  /// [S] per-response slices of a row array [S·T].
  func gather(_ rowValues: [Float]) -> [[Float]] {
    zip(firstRow, lengths).map { Array(rowValues[$0..<($0 + $1)]) }
  }

  /// The inverse of `gather`: per-response values [S][len] into a row array [S·T] (0 elsewhere).
  func scatter(_ perResponse: [[Float]]) -> [Float] {
    var out = [Float](repeating: 0, count: mask.count)
    for (s, values) in perResponse.enumerated() {
      for (j, v) in values.enumerated() { out[firstRow[s] + j] = v }
    }
    return out
  }
}
