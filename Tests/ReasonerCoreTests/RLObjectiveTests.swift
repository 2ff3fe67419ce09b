// RLObjective: defaults, decoding the issue's snake_case keys, JSON round trip, field-named errors.
import Foundation
import Testing

@testable import ReasonerCore

struct RLObjectiveTests {
  func decode(_ json: String) throws -> RLObjective {
    try JSONDecoder().decode(RLObjective.self, from: Data(json.utf8))
  }

  @Test func defaultsAreT1s() throws {
    let o = try decode("{}")
    #expect(o == RLObjective())
    #expect(o.klCoef == 2e-4 && o.klEstimator == .k1 && o.klIn == .reward && o.temperature == 1.2)
    #expect(o.lossAggregation == .tokenMean && o.penaltyMode == .override && o.clipRatio == nil)
    try o.validate()
  }

  @Test func readsSnakeCaseKeysAndRoundTrips() throws {
    let o = try decode("""
      {"kl_coef": 0.01, "kl_estimator": "k3", "kl_in": "loss", "entropy_coef": 0.002,
       "loss_aggregation": "seq-mean", "penalty_mode": "add", "clip_ratio": 0.2, "temperature": 1.0,
       "steps": 10}
      """)
    #expect(o == RLObjective(klCoef: 0.01, klEstimator: .k3, klIn: .loss, entropyCoef: 0.002,
                             lossAggregation: .seqMean, penaltyMode: .add, clipRatio: 0.2, temperature: 1))
    let again = try JSONDecoder().decode(RLObjective.self, from: try JSONEncoder().encode(o))
    #expect(again == o)
    let text = String(decoding: try JSONEncoder().encode(o), as: UTF8.self)
    #expect(text.contains("\"kl_estimator\":\"k3\"") && text.contains("\"loss_aggregation\":\"seq-mean\""))
  }

  @Test(arguments: [
    ("{\"kl_estimator\": \"k4\"}", "kl_estimator"), ("{\"kl_in\": \"both\"}", "kl_in"),
    ("{\"loss_aggregation\": \"mean\"}", "loss_aggregation"), ("{\"penalty_mode\": 3}", "penalty_mode"),
  ])
  func badValuesNameTheirField(json: String, field: String) {
    do {
      _ = try decode(json)
      Issue.record("\(json) should not decode")
    } catch let error as ReasonerError {
      #expect(error.message.contains(field), "\(error)")
    } catch { Issue.record("unexpected \(error)") }
  }

  @Test(arguments: [
    (RLObjective(klCoef: -1), "kl_coef"), (RLObjective(entropyCoef: .nan), "entropy_coef"),
    (RLObjective(clipRatio: 1.5), "clip_ratio"), (RLObjective(temperature: 0), "temperature"),
  ])
  func validateNamesTheField(objective: RLObjective, field: String) {
    do {
      try objective.validate()
      Issue.record("\(objective) should not validate")
    } catch let error as ReasonerError {
      #expect(error.message.contains(field), "\(error)")
    } catch { Issue.record("unexpected \(error)") }
  }
}
