// @c shims for reasoner.h's tokenizers section: handles, info, encode, decode, chat template.
// Tested by python/tests/test_tokenizer.py (SmolLM2 ids against HF tokenizers, chat template text).
import CReasoner
import Foundation
import ReasonerCore

/// The object behind an rs_tokenizer handle.
final class TokenizerBox {
  let tokenizer: Tokenizer
  init(_ tokenizer: Tokenizer) { self.tokenizer = tokenizer }
}

func tokenizerOf(_ handle: UnsafePointer<rs_tokenizer>?) throws -> Tokenizer {
  box(try required(handle, "tokenizer").pointee.private_impl, as: TokenizerBox.self).tokenizer
}

private func give(_ tokenizer: Tokenizer, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_tokenizer>?>?) throws {
  let out = try required(out, "out")
  let handle = UnsafeMutablePointer<rs_tokenizer>.allocate(capacity: 1)
  handle.initialize(to: rs_tokenizer(private_impl: retained(TokenizerBox(tokenizer))))
  out.pointee = handle
}

@c public func rs_model_tokenizer(_ model: UnsafePointer<rs_model>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_tokenizer>?>?) -> Int32 {
  do {
    try give(try modelBox(model).tokenizer, out)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_tokenizer_load(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_tokenizer>?>?) -> Int32 {
  do {
    try give(try ModelLoader.loadTokenizer(path: try pathArgument(path, "path")), out)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_tokenizer_free(_ tokenizer: UnsafeMutablePointer<rs_tokenizer>?) {
  guard let tokenizer else { return }
  release(tokenizer.pointee.private_impl)
  tokenizer.deallocate()
}

@c public func rs_tokenizer_get_info(_ tokenizer: UnsafePointer<rs_tokenizer>?, _ out: UnsafeMutablePointer<rs_tokenizer_info>?) -> Int32 {
  do {
    let t = try tokenizerOf(tokenizer)
    try required(out, "out").pointee = rs_tokenizer_info(
      vocab_size: Int64(t.vocabularySize), bos_token_id: t.bosTokenId ?? -1, eos_token_id: t.eosTokenId ?? -1,
      pad_token_id: t.padTokenId ?? -1, add_bos_token: t.addBosToken ? 1 : 0)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_tokenizer_encode(
  _ tokenizer: UnsafePointer<rs_tokenizer>?, _ textPointer: UnsafePointer<CChar>?, _ textLength: size_t, _ addSpecial: Int32,
  _ outIDs: UnsafeMutablePointer<UnsafeMutablePointer<Int32>?>?, _ outCount: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let t = try tokenizerOf(tokenizer)
    let ids = t.encode(try text(textPointer, textLength, "text"), addSpecial: addSpecial != 0)
    giveArray(ids, try required(outIDs, "out_ids"), try required(outCount, "out_count"))
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_tokenizer_decode(
  _ tokenizer: UnsafePointer<rs_tokenizer>?, _ ids: UnsafePointer<Int32>?, _ count: size_t, _ skipSpecial: Int32,
  _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let t = try tokenizerOf(tokenizer)
    let values = count == 0 ? [] : Array(UnsafeBufferPointer(start: try required(ids, "ids"), count: count))
    if let i = values.firstIndex(where: { $0 < 0 || Int($0) >= t.vocabularySize }) {
      throw ReasonerError(.invalidArgument, "ids[\(i)] = \(values[i]) is outside the vocabulary 0..<\(t.vocabularySize)")
    }
    giveString(t.decode(values, skipSpecial: skipSpecial != 0), try required(outText, "out_text"), outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_tokenizer_apply_chat_template(
  _ tokenizer: UnsafePointer<rs_tokenizer>?, _ roles: UnsafePointer<UnsafePointer<CChar>?>?, _ roleLengths: UnsafePointer<size_t>?,
  _ contents: UnsafePointer<UnsafePointer<CChar>?>?, _ contentLengths: UnsafePointer<size_t>?, _ count: size_t,
  _ addGenerationPrompt: Int32, _ outText: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let t = try tokenizerOf(tokenizer)
    var messages: [(role: String, content: String)] = []
    if count > 0 {
      let (r, rl, c, cl) = (
        try required(roles, "roles"), try required(roleLengths, "role_lens"), try required(contents, "contents"),
        try required(contentLengths, "content_lens")
      )
      for i in 0..<count {
        messages.append((try text(r[i], rl[i], "roles[\(i)]"), try text(c[i], cl[i], "contents[\(i)]")))
      }
    }
    giveString(t.renderChat(messages, addGenerationPrompt: addGenerationPrompt != 0), try required(outText, "out_text"), outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}
