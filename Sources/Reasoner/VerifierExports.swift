// @c shims for reasoner.h's verifier and detectors section: verify, extract_answer, repetition and
// garbled-text checks (the built-in reward's own code). Tested by python/tests/test_verifier.py.
import CReasoner
import Foundation
import ReasonerReward

@c public func rs_verify(
  _ response: UnsafePointer<CChar>?, _ responseLength: size_t, _ gold: UnsafePointer<CChar>?, _ goldLength: size_t,
  _ out: UnsafeMutablePointer<rs_verdict>?
) -> Int32 {
  do {
    let out = try required(out, "out")
    let v = verify(response: try text(response, responseLength, "response"), gold: try text(gold, goldLength, "gold"))
    var verdict = rs_verdict(is_correct: v.isCorrect ? 1 : 0, extracted: nil, extracted_len: 0, reason: nil, reason_len: 0)
    if let e = v.extracted { giveString(e, &verdict.extracted, &verdict.extracted_len) }
    giveString(v.reason, &verdict.reason, &verdict.reason_len)
    out.pointee = verdict
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_verdict_clear(_ verdict: UnsafeMutablePointer<rs_verdict>?) {
  guard let verdict else { return }
  free(verdict.pointee.extracted)
  free(verdict.pointee.reason)
  verdict.pointee.extracted = nil
  verdict.pointee.reason = nil
}

@c public func rs_extract_answer(
  _ response: UnsafePointer<CChar>?, _ responseLength: size_t, _ outFound: UnsafeMutablePointer<Int32>?,
  _ outAnswer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outAnswerLength: UnsafeMutablePointer<size_t>?,
  _ outRule: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ outRuleLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let (found, answer, rule) = (try required(outFound, "out_found"), try required(outAnswer, "out_answer"), try required(outRule, "out_rule"))
    if let e = extractAnswer(try text(response, responseLength, "response")) {
      found.pointee = 1
      giveString(e.answer, answer, outAnswerLength)
      giveString(e.rule, rule, outRuleLength)
    } else {
      found.pointee = 0
      answer.pointee = nil
      rule.pointee = nil
    }
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_repetition_default_params() -> rs_repetition_params {
  let d = RepetitionDetector()
  return rs_repetition_params(
    n: Int32(d.n), max_repeated_fraction: d.maxRepeatedFraction, min_tokens: Int32(d.minTokens),
    max_period: Int32(d.maxPeriod), min_run_repeats: d.minRunRepeats, min_run_tokens: Int32(d.minRunTokens),
    min_tail_repeats: d.minTailRepeats, min_tail_tokens: Int32(d.minTailTokens))
}

@c public func rs_repetition_check(
  _ params: UnsafePointer<rs_repetition_params>?, _ textPointer: UnsafePointer<CChar>?, _ textLength: size_t,
  _ ids: UnsafePointer<Int32>?, _ count: size_t, _ out: UnsafeMutablePointer<rs_repetition_report>?
) -> Int32 {
  do {
    let out = try required(out, "out")
    let p = params?.pointee ?? rs_repetition_default_params()
    let detector = RepetitionDetector(
      n: Int(p.n), maxRepeatedFraction: p.max_repeated_fraction, minTokens: Int(p.min_tokens), maxPeriod: Int(p.max_period),
      minRunRepeats: p.min_run_repeats, minRunTokens: Int(p.min_run_tokens), minTailRepeats: p.min_tail_repeats,
      minTailTokens: Int(p.min_tail_tokens))
    let r: RepetitionReport
    if let ids {
      r = detector.check(tokens: Array(UnsafeBufferPointer(start: ids, count: count)))
    } else {
      r = detector.check(try text(textPointer, textLength, "text"))
    }
    let rules: [RepetitionRule] = [.periodicRun, .repeatedTail, .repeatedNgrams]
    var report = rs_repetition_report(
      flagged: r.flagged ? 1 : 0, rule: r.rule.map { Int32(rules.firstIndex(of: $0)!) } ?? -1,
      location_start: r.location.map { Int64($0.lowerBound) } ?? -1, location_end: r.location.map { Int64($0.upperBound) } ?? -1,
      longest_run_repeats: r.longestRunRepeats, longest_run_tokens: Int64(r.longestRunTokens), tail_repeats: r.tailRepeats,
      repeated_fraction: r.repeatedFraction, detail: nil, detail_len: 0)
    giveString(r.detail, &report.detail, &report.detail_len)
    out.pointee = report
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_garbled_default_params() -> rs_garbled_params {
  let d = GarbledTextDetector()
  return rs_garbled_params(
    min_script_letters: Int32(d.minScriptLetters), max_scripts: Int32(d.maxScripts),
    max_replacement_characters: Int32(d.maxReplacementCharacters), max_control_characters: Int32(d.maxControlCharacters),
    max_symbol_run: Int32(d.maxSymbolRun), max_ascii_punctuation_run: Int32(d.maxASCIIPunctuationRun))
}

@c public func rs_garbled_check(
  _ params: UnsafePointer<rs_garbled_params>?, _ textPointer: UnsafePointer<CChar>?, _ textLength: size_t,
  _ outFlagged: UnsafeMutablePointer<Int32>?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let (flagged, json) = (try required(outFlagged, "out_flagged"), try required(outJSON, "out_report_json"))
    let p = params?.pointee ?? rs_garbled_default_params()
    let detector = GarbledTextDetector(
      minScriptLetters: Int(p.min_script_letters), maxScripts: Int(p.max_scripts),
      maxReplacementCharacters: Int(p.max_replacement_characters), maxControlCharacters: Int(p.max_control_characters),
      maxSymbolRun: Int(p.max_symbol_run), maxASCIIPunctuationRun: Int(p.max_ascii_punctuation_run))
    let r = detector.check(try text(textPointer, textLength, "text"))
    let object: [String: Any] = [
      "findings": r.findings.map { ["rule": $0.rule.rawValue, "offset": $0.offset, "detail": $0.detail] as [String: Any] },
      "script_letters": r.scriptLetters,
    ]
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    flagged.pointee = r.flagged ? 1 : 0
    giveString(String(decoding: data, as: UTF8.self), json, outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}
