// RLConfig and the trainer's input checks: defaults, snake_case round trip, field-named errors (K = 1,
// τ ≤ 0, unknown keys, a data line without answer, a batch too large for the memory budget).
import Foundation
import Testing

@testable import ReasonerCore

@Suite struct RLTrainerConfigTests {
  func decode(_ json: String) throws -> RLConfig { try JSONDecoder().decode(RLConfig.self, from: Data(json.utf8)) }

  func message(_ body: () throws -> Void) -> String {
    do { try body() } catch let e as ReasonerError { return e.message } catch { return "\(error)" }
    return "no error"
  }

  @Test func defaultsFollowT1AndRoundTrip() throws {
    let c = RLConfig()
    #expect(c.objective.temperature == 1.2 && c.objective.klCoef == 2e-4 && c.objective.klEstimator == .k1)
    #expect(c.objective.klIn == .reward && c.topP == 1 && c.k == 16 && c.emaBeta == 0.99 && c.skipEqualGroups)
    var changed = c
    changed.k = 4
    changed.objective.temperature = 0.9
    changed.evalData = "held.jsonl"
    changed.penaltyRepetitive = false
    let back = try JSONDecoder().decode(RLConfig.self, from: JSONEncoder().encode(changed))
    #expect(back == changed)
    let fromFile = try decode(#"{"batch_size": 3, "k": 8, "kl_in": "loss", "penalty_mode": "add", "temperature": 1.0}"#)
    #expect(fromFile.batchSize == 3 && fromFile.k == 8 && fromFile.objective.klIn == .loss)
    #expect(fromFile.objective.penaltyMode == .add && fromFile.objective.temperature == 1.0)
  }

  @Test(arguments: [
    (#"{"k": 1}"#, "'k'"), (#"{"temperature": 0}"#, "'temperature'"), (#"{"temperature": -1}"#, "'temperature'"),
    (#"{"batch_size": 0}"#, "'batch_size'"), (#"{"top_p": 1.5}"#, "'top_p'"), (#"{"ema_beta": 2}"#, "'ema_beta'"),
    (#"{"micro_batch_size": 0}"#, "'micro_batch_size'"), (#"{"prompt_template": "no placeholder"}"#, "'prompt_template'"),
  ])
  func validateNamesTheField(json: String, field: String) throws {
    let config = try decode(json)
    let text = message { try config.validate() }
    #expect(text.contains(field), "\(json) → \(text)")
  }

  @Test func wrongTypesAndUnknownKeysNameTheKey() {
    #expect(message { _ = try decode(#"{"k": "many"}"#) }.contains("'k'"))
    #expect(message { _ = try decode(#"{"batch_sise": 4}"#) }.contains("'batch_sise'"))
    #expect(message { _ = try decode(#"{"kl_estimator": "k9"}"#) }.contains("'kl_estimator'"))
  }

  @Test func dataLineWithoutAnswerNamesTheLine() throws {
    let path = NSTemporaryDirectory() + "rl-missing-answer-\(getpid()).jsonl"
    try Data("{\"problem\": \"1+1\", \"answer\": \"2\"}\n{\"problem\": \"2+2\"}\n".utf8).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    let text = message { _ = try RLRecord.load(path: path) }
    #expect(text.contains(":2:") && text.contains("answer"), "\(text)")
  }

  @Test func oversizedBatchIsRefusedBeforeSampling() throws {
    var config = RLConfig()
    config.batchSize = 4
    config.k = 4
    config.maxNewTokens = 8
    config.memoryLimitGB = 1e-6  // ~1 KB: nothing fits
    let model = LlamaModel.randomInit(config: RLTestSupport.modelConfig, seed: 1)
    let trainer = try RLTrainer(policy: model, codec: .demo(), config: config)
    let before = Array(model.parameters.storage)
    let text = message { _ = try trainer.step(records: RLTestSupport.records(4)) }
    #expect(text.contains("GiB") && text.contains("Nothing was sampled"), "\(text)")
    #expect(Array(model.parameters.storage) == before)
    #expect(trainer.completedSteps == 0)
  }
}
