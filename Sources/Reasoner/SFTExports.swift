// @c shim for reasoner.h's SFT section: in-memory fine-tuning of a loaded model on token pairs through
// SFTTrainer.finetune, with `reasoner sft`'s config keys (defaults filled in). Tested by
// python/tests/test_sft.py (the loss falls on a memorised pair; unknown keys are named).
import CReasoner
import Foundation
import ReasonerCore

/// An SFTConfig from a user's JSON object: the defaults of SFTConfig(steps:) overlaid with its keys.
func sftConfig(fromJSON json: String) throws -> SFTConfig {
  guard let user = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
    throw ReasonerError(.invalidArgument, "config_json: expected a JSON object")
  }
  guard let steps = user["steps"] as? Int else {
    throw ReasonerError(.invalidArgument, "config field 'steps': expected an integer (required)")
  }
  var merged = try JSONSerialization.jsonObject(with: JSONEncoder().encode(SFTConfig(steps: steps))) as! [String: Any]
  for (key, value) in user {
    guard let current = merged[key] else { throw ReasonerError(.invalidArgument, "config field '\(key)': unknown key") }
    if var nested = current as? [String: Any], let overlay = value as? [String: Any] {
      for (k, v) in overlay {
        guard nested[k] != nil else { throw ReasonerError(.invalidArgument, "config field '\(key).\(k)': unknown key") }
        nested[k] = v
      }
      merged[key] = nested
    } else {
      merged[key] = value
    }
  }
  do {
    return try JSONDecoder().decode(SFTConfig.self, from: JSONSerialization.data(withJSONObject: merged))
  } catch let DecodingError.typeMismatch(type, context) {
    let field = context.codingPath.map(\.stringValue).joined(separator: ".")
    throw ReasonerError(.invalidArgument, "config field '\(field)': expected \(type)")
  } catch {
    throw ReasonerError(.invalidArgument, "config_json: \(error)")
  }
}

@c public func rs_sft_train(
  _ model: UnsafeMutablePointer<rs_model>?, _ configJSON: UnsafePointer<CChar>?, _ configLength: size_t,
  _ prompts: UnsafePointer<UnsafePointer<Int32>?>?, _ promptLengths: UnsafePointer<size_t>?,
  _ completions: UnsafePointer<UnsafePointer<Int32>?>?, _ completionLengths: UnsafePointer<size_t>?, _ count: size_t,
  _ endToken: Int32, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let m = try modelBox(UnsafePointer(model))
    let out = try required(outJSON, "out_metrics_json")
    let config = try sftConfig(fromJSON: try text(configJSON, configLength, "config_json"))
    func ids(_ p: UnsafePointer<UnsafePointer<Int32>?>, _ l: UnsafePointer<size_t>, _ i: Int, _ name: String) throws -> [Int32] {
      l[i] == 0 ? [] : Array(UnsafeBufferPointer(start: try required(p[i], "\(name)[\(i)]"), count: l[i]))
    }
    var pairs: [(prompt: [Int32], completion: [Int32])] = []
    if count > 0 {
      let (p, pl, c, cl) = (
        try required(prompts, "prompts"), try required(promptLengths, "prompt_lens"),
        try required(completions, "completions"), try required(completionLengths, "completion_lens")
      )
      for i in 0..<count { pairs.append((try ids(p, pl, i, "prompts"), try ids(c, cl, i, "completions"))) }
    }
    let metrics = try SFTTrainer.finetune(
      model: m.model, pairs: pairs, endToken: endToken >= 0 ? endToken : nil, config: config)
    let data = try JSONSerialization.data(withJSONObject: metrics.map(\.jsonObject), options: [.sortedKeys])
    giveString(String(decoding: data, as: UTF8.self), out, outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}
