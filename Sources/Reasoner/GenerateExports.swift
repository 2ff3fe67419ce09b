// @c shims for reasoner.h's generation section: rs_generate over the one Generator, and the
// rs_completions results handle. Tested by python/tests/test_generate.py (greedy = argmax of logits,
// seeds reproduce, stop strings, finish reasons).
import CReasoner
import Foundation
import ReasonerCore

/// The object behind an rs_completions handle: the completions laid out in C buffers it owns, so the
/// pointers rs_completions_get hands out stay valid until rs_completions_free.
final class CompletionsBox {
  let completions: [Completion]
  /// Every completion's ids back to back; `starts[i]` is completion i's first.
  private let ids: UnsafeMutableBufferPointer<Int32>
  private let logprobs: UnsafeMutableBufferPointer<Float>
  private let texts: UnsafeMutableBufferPointer<CChar>
  private let tokenStarts: [Int]
  private let textStarts: [Int]

  init(_ completions: [Completion]) {
    self.completions = completions
    let utf8 = completions.map { Array(($0.text ?? "").utf8).map { CChar(bitPattern: $0) } }
    tokenStarts = completions.reduce(into: [0]) { $0.append($0.last! + $1.tokenIDs.count) }
    textStarts = utf8.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    ids = .allocate(capacity: max(1, tokenStarts.last!))
    logprobs = .allocate(capacity: max(1, tokenStarts.last!))
    texts = .allocate(capacity: max(1, textStarts.last!))
    for (i, c) in completions.enumerated() {
      _ = UnsafeMutableBufferPointer(rebasing: ids[tokenStarts[i]...]).initialize(from: c.tokenIDs)
      _ = UnsafeMutableBufferPointer(rebasing: logprobs[tokenStarts[i]...]).initialize(from: c.logprobs)
      _ = UnsafeMutableBufferPointer(rebasing: texts[textStarts[i]...]).initialize(from: utf8[i])
    }
  }

  deinit {
    ids.deallocate()
    logprobs.deallocate()
    texts.deallocate()
  }

  func view(_ i: Int) -> rs_completion {
    let c = completions[i]
    return rs_completion(
      prompt_index: c.promptIndex, sample_index: c.sampleIndex, token_ids: UnsafePointer(ids.baseAddress! + tokenStarts[i]),
      logprobs: UnsafePointer(logprobs.baseAddress! + tokenStarts[i]), token_count: c.tokenIDs.count,
      text: UnsafePointer(texts.baseAddress! + textStarts[i]), text_len: textStarts[i + 1] - textStarts[i],
      finish_reason: c.finishReason == .stop ? 0 : 1)
  }
}

@c public func rs_generate_default_params() -> rs_generate_params {
  rs_generate_params(
    samples_per_prompt: 1, temperature: 1, top_k: 0, top_p: 1, min_p: 0, max_new_tokens: 256, seed: 0,
    stop_at_eos: 1, stop_token_ids: nil, stop_token_count: 0, stop_strings: nil, stop_string_lens: nil,
    stop_string_count: 0, max_concurrent_slots: 0, decode_weights: 0)
}

/// The end-of-turn ids a chat model stops at: EOS plus `<|im_end|>` / `<|eot_id|>` when in the vocabulary.
func endOfTurnTokens(_ tokenizer: Tokenizer) -> [Int32] {
  var ids: [Int32] = tokenizer.eosTokenId.map { [$0] } ?? []
  for name in ["<|im_end|>", "<|eot_id|>", "<|endoftext|>"] {
    if let id = tokenizer.specialTokens[name], !ids.contains(id) { ids.append(id) }
  }
  return ids
}

func samplingParameters(_ p: rs_generate_params, tokenizer: Tokenizer) throws -> SamplingParameters {
  var stops: [Int32] = p.stop_at_eos != 0 ? endOfTurnTokens(tokenizer) : []
  if p.stop_token_count > 0 {
    stops += Array(UnsafeBufferPointer(start: try required(p.stop_token_ids, "stop_token_ids"), count: p.stop_token_count))
  }
  var strings: [String] = []
  if p.stop_string_count > 0 {
    let (s, l) = (try required(p.stop_strings, "stop_strings"), try required(p.stop_string_lens, "stop_string_lens"))
    for i in 0..<p.stop_string_count { strings.append(try text(s[i], l[i], "stop_strings[\(i)]")) }
  }
  guard p.max_new_tokens >= 1 else {
    throw ReasonerError(.invalidArgument, "max_new_tokens = \(p.max_new_tokens): expected >= 1")
  }
  let parameters = SamplingParameters(
    temperature: p.temperature, topK: Int(p.top_k), topP: p.top_p, minP: p.min_p,
    maxNewTokens: Int(p.max_new_tokens), seed: p.seed, stopTokenIDs: stops, stopStrings: strings)
  try parameters.validate()
  return parameters
}

@c public func rs_generate(
  _ model: UnsafePointer<rs_model>?, _ prompts: UnsafePointer<UnsafePointer<Int32>?>?, _ promptLengths: UnsafePointer<size_t>?,
  _ promptCount: size_t, _ params: UnsafePointer<rs_generate_params>?,
  _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_completions>?>?
) -> Int32 {
  do {
    let m = try modelBox(model)
    let out = try required(out, "out")
    let p = params?.pointee ?? rs_generate_default_params()
    guard p.samples_per_prompt >= 1 else {
      throw ReasonerError(.invalidArgument, "samples_per_prompt = \(p.samples_per_prompt): expected >= 1")
    }
    var tokenPrompts: [[Int32]] = []
    if promptCount > 0 {
      let (ptrs, lens) = (try required(prompts, "prompts"), try required(promptLengths, "prompt_lens"))
      for i in 0..<promptCount {
        tokenPrompts.append(lens[i] == 0 ? [] : Array(UnsafeBufferPointer(start: try required(ptrs[i], "prompts[\(i)]"), count: lens[i])))
      }
    }
    let tokenizer = m.tokenizer
    guard p.decode_weights == 0 || p.decode_weights == 1 else {
      throw ReasonerError(.invalidArgument, "params.decode_weights: expected 0 (fp32) or 1 (bf16), got \(p.decode_weights)")
    }
    let decoder = try m.model.decoding(weights: p.decode_weights == 1 ? .bf16 : .fp32)
    let generator = Generator(model: decoder, maxConcurrentSlots: p.max_concurrent_slots > 0 ? Int(p.max_concurrent_slots) : .max)
    let completions = try generator.generate(
      prompts: tokenPrompts, samplesPerPrompt: Int(p.samples_per_prompt),
      parameters: try samplingParameters(p, tokenizer: tokenizer), detokenizer: { tokenizer.decode($0) })
    let handle = UnsafeMutablePointer<rs_completions>.allocate(capacity: 1)
    handle.initialize(to: rs_completions(private_impl: retained(CompletionsBox(completions))))
    out.pointee = handle
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_completions_count(_ completions: UnsafePointer<rs_completions>?) -> size_t {
  guard let completions else { return 0 }
  return box(completions.pointee.private_impl, as: CompletionsBox.self).completions.count
}

@c public func rs_completions_get(
  _ completions: UnsafePointer<rs_completions>?, _ index: size_t, _ out: UnsafeMutablePointer<rs_completion>?
) -> Int32 {
  do {
    let b = box(try required(completions, "completions").pointee.private_impl, as: CompletionsBox.self)
    let out = try required(out, "out")
    guard index < b.completions.count else {
      throw ReasonerError(.invalidArgument, "completion index \(index) is out of range 0..<\(b.completions.count)")
    }
    out.pointee = b.view(index)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_completions_free(_ completions: UnsafeMutablePointer<rs_completions>?) {
  guard let completions else { return }
  release(completions.pointee.private_impl)
  completions.deallocate()
}
