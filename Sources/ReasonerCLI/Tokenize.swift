// `reasoner tokenize --model PATH (--text TEXT | --jsonl FILE --field NAME)`: one JSON line {"ids":[…]} per
// input; --save-tokenizer writes HF tokenizer files. Tested in ReasonerCLITests and python/tests/test_tokenizer_matches_hf.py (ids vs HF tokenizers).
import ArgumentParser
import Foundation
import ReasonerCore

struct Tokenize: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print token ids as JSON lines {\"ids\": [...]}, one per input.")

  @Option(help: "A .gguf file or a Hugging Face model directory.") var model: String
  @Option(help: "Text to tokenize.") var text: String?
  @Option(help: "A JSONL file; each line's --field string is tokenized.") var jsonl: String?
  @Option(help: "The JSONL field to tokenize.") var field: String?
  @Flag(help: "Prepend BOS when the model asks for it (add_bos_token).") var addSpecial = false
  @Flag(help: "Print encoding throughput (tokens/s) to stderr.") var stats = false
  @Option(help: "Also write the tokenizer as Hugging Face tokenizer.json + tokenizer_config.json into DIR.")
  var saveTokenizer: String?

  func validate() throws {
    if text != nil && jsonl != nil { throw ValidationError("give only one of --text or --jsonl") }
    if text == nil && jsonl == nil && saveTokenizer == nil {
      throw ValidationError("give --text TEXT or --jsonl FILE --field NAME (or --save-tokenizer DIR)")
    }
    if jsonl != nil && field == nil { throw ValidationError("--jsonl needs --field NAME") }
  }

  func run() throws {
    let tokenizer: Tokenizer
    do { tokenizer = try ModelLoader.loadTokenizer(path: model) } catch let e as ReasonerError {
      FileHandle.standardError.write(Data("error: \(e)\n".utf8))
      throw ExitCode(1)
    }
    if let saveTokenizer {
      let dir = URL(fileURLWithPath: saveTokenizer)
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try tokenizer.writeHuggingFaceFiles(to: dir)
    }
    var inputs: [String] = []
    if let text { inputs = [text] }
    if let jsonl, let field {
      do { inputs = try readJSONLField(path: jsonl, field: field) } catch let e as ReasonerError {
        FileHandle.standardError.write(Data("error: \(e)\n".utf8))
        throw ExitCode(1)
      }
    }
    let start = DispatchTime.now().uptimeNanoseconds
    let encoded = inputs.map { tokenizer.encode($0, addSpecial: addSpecial) }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    var out = ""
    for ids in encoded { out += "{\"ids\":[" + ids.map(String.init).joined(separator: ",") + "]}\n" }
    FileHandle.standardOutput.write(Data(out.utf8))
    if stats {
      let count = encoded.reduce(0) { $0 + $1.count }
      let bytes = inputs.reduce(0) { $0 + $1.utf8.count }
      FileHandle.standardError.write(Data(String(
        format: "%d inputs, %d bytes, %d tokens in %.3f s: %.0f tokens/s\n", inputs.count, bytes, count, seconds,
        Double(count) / max(seconds, 1e-9)).utf8))
    }
  }
}
