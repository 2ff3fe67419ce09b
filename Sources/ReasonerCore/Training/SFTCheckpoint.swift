// SFT checkpoints: a Hugging Face model directory (saveHFDirectory: config.json, F32 model.safetensors with
// HF names, tokenizer files, generation_config.json) plus trainer_state.json (steps, data cursor = RNG state,
// config) and optimizer.safetensors (Adam moments under exp_avg.NAME / exp_avg_sq.NAME, step in metadata),
// written atomically. Tested in Tests/ReasonerCoreTests/CheckpointTests.swift (bit-identical resume, reload).
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// trainer_state.json.
public struct SFTTrainerState: Codable, Equatable, Sendable {
  public var formatVersion = 1
  public var step: Int
  public var optimizerStep: Int
  public var consecutiveSkips: Int
  /// The data order's RNG state: permutations come from SplitMix64(seed ^ epoch·φ), so (seed, epoch,
  /// position) restores it exactly.
  public var dataCursor: DataCursor
  public var exampleCount: Int
  public var elapsedSeconds: Double
  public var config: SFTConfig
  /// Where the data came from (file, fields, format) — informative, checked on resume when present.
  public var data: [String: String]

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format_version", step, optimizerStep = "optimizer_step"
    case consecutiveSkips = "consecutive_skips", dataCursor = "data_cursor", exampleCount = "example_count"
    case elapsedSeconds = "elapsed_s", config, data
  }
}

public enum SFTCheckpoint {
  public static let stateFile = "trainer_state.json"
  public static let optimizerFile = "optimizer.safetensors"

  /// Replaces `directory` atomically by a checkpoint of `trainer` (every file fsynced before the rename).
  /// Weights are written as F32 whatever the source (a quantized GGUF model included).
  public static func save(_ trainer: SFTTrainer, tokenizer: Tokenizer, to directory: String,
                          data: [String: String] = [:]) throws {
    let model = trainer.model
    try AtomicFile.replaceDirectory(at: directory) { tmp in
      let url = URL(fileURLWithPath: tmp)
      try saveHFDirectory(config: model.config, tensors: model.exportWeights(), tokenizer: tokenizer, to: url,
                          metadata: ["reasoner_step": String(trainer.step)])
      try writeMoments(trainer, to: tmp + "/" + optimizerFile)
      let state = SFTTrainerState(
        step: trainer.step, optimizerStep: trainer.optimizerStep, consecutiveSkips: trainer.consecutiveSkips,
        dataCursor: trainer.order.cursor, exampleCount: trainer.dataset.examples.count,
        elapsedSeconds: trainer.elapsedSeconds, config: trainer.config, data: data)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(state).write(to: url.appendingPathComponent(stateFile))
      try fsyncEveryFile(in: tmp)
    }
  }

  /// Reads trainer_state.json of `directory`.
  public static func readState(_ directory: String) throws -> SFTTrainerState {
    let path = directory + "/" + stateFile
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReasonerError(.io, "\(path): cannot read (is \(directory) a checkpoint written by `reasoner sft`?)")
    }
    do { return try JSONDecoder().decode(SFTTrainerState.self, from: data) } catch {
      throw ReasonerError(.invalidFile, "\(path): not a trainer state (\(error))")
    }
  }

  /// Puts `trainer` where the checkpoint left off: weights, Adam moments, counters, data cursor, clock.
  /// Throws before touching anything when the checkpoint's architecture, training config (except
  /// `steps`), dataset size or data source differ from this run.
  public static func restore(_ trainer: SFTTrainer, from directory: String, data: [String: String] = [:]) throws {
    // A run killed between the two renames of a save left the previous checkpoint aside: put it back.
    AtomicFile.recoverDirectory(at: directory)
    let state = try readState(directory)
    let modelConfigPath = directory + "/config.json"
    guard let configData = FileManager.default.contents(atPath: modelConfigPath) else {
      throw ReasonerError(.io, "\(modelConfigPath): cannot read")
    }
    let saved = try JSONDecoder().decode(LlamaConfig.self, from: configData)
    if let field = architectureDifference(saved, trainer.model.config) {
      throw ReasonerError(
        .invalidArgument, "resume \(directory): the checkpoint is from another architecture (\(field)) than --model")
    }
    var expected = trainer.config, found = state.config
    expected.steps = 0
    found.steps = 0
    if expected != found {
      throw ReasonerError(
        .invalidArgument,
        "resume \(directory): training settings differ from the checkpoint's (\(settingsDifference(found, expected))); "
          + "only --steps may change")
    }
    if state.exampleCount != trainer.dataset.examples.count {
      throw ReasonerError(
        .invalidArgument,
        "resume \(directory): the checkpoint saw \(state.exampleCount) examples, this dataset has \(trainer.dataset.examples.count)")
    }
    for (k, v) in data where state.data[k] != nil && state.data[k] != v {
      throw ReasonerError(.invalidArgument, "resume \(directory): data '\(k)' was '\(state.data[k]!)', now '\(v)'")
    }
    let weights = try Safetensors.read(path: directory + "/model.safetensors").tensors
    let moments = try Safetensors.read(path: directory + "/" + optimizerFile).tensors
    let layout = trainer.model.parameters.layout
    for e in layout.entries {
      func load(_ t: HostTensor?, _ label: String, into store: ParameterStore) throws {
        guard let t, t.shape == e.shape else {
          throw ReasonerError(.invalidFile, "\(directory): \(label) missing or not shaped \(e.shape)")
        }
        _ = store.view(e.name).update(fromContentsOf: t.data)
      }
      try load(weights[e.name], "model.safetensors tensor '\(e.name)'", into: trainer.model.parameters)
      try load(moments["exp_avg." + e.name], "\(optimizerFile) tensor 'exp_avg.\(e.name)'", into: trainer.adamM)
      try load(moments["exp_avg_sq." + e.name], "\(optimizerFile) tensor 'exp_avg_sq.\(e.name)'", into: trainer.adamV)
    }
    trainer.step = state.step
    trainer.optimizerStep = state.optimizerStep
    trainer.consecutiveSkips = state.consecutiveSkips
    trainer.order = DataOrder(
      count: trainer.dataset.examples.count, seed: trainer.config.seed, shuffle: trainer.config.shuffle,
      cursor: state.dataCursor)
    trainer.restoreClock(previousElapsed: state.elapsedSeconds)
  }

  /// The first field that makes two configs different networks, e.g. "hidden_size 64 vs 576"; nil if same.
  static func architectureDifference(_ a: LlamaConfig, _ b: LlamaConfig) -> String? {
    let fields: [(String, String, String)] = [
      ("vocab_size", "\(a.vocabSize)", "\(b.vocabSize)"), ("hidden_size", "\(a.hiddenSize)", "\(b.hiddenSize)"),
      ("intermediate_size", "\(a.intermediateSize)", "\(b.intermediateSize)"),
      ("num_hidden_layers", "\(a.numHiddenLayers)", "\(b.numHiddenLayers)"),
      ("num_attention_heads", "\(a.numAttentionHeads)", "\(b.numAttentionHeads)"),
      ("num_key_value_heads", "\(a.numKeyValueHeads)", "\(b.numKeyValueHeads)"),
      ("head_dim", "\(a.headDimension)", "\(b.headDimension)"),
      ("tie_word_embeddings", "\(a.tieWordEmbeddings)", "\(b.tieWordEmbeddings)"),
      ("attention_bias", "\(a.attentionBias)", "\(b.attentionBias)"),
      ("rope_theta", "\(a.ropeTheta)", "\(b.ropeTheta)"), ("rms_norm_eps", "\(a.rmsNormEps)", "\(b.rmsNormEps)"),
    ]
    return fields.first { $0.1 != $0.2 }.map { "\($0.0) \($0.1) in the checkpoint vs \($0.2)" }
  }

  static func settingsDifference(_ saved: SFTConfig, _ now: SFTConfig) -> String {
    let enc = JSONEncoder()
    guard let a = try? JSONSerialization.jsonObject(with: enc.encode(saved)) as? [String: Any],
      let b = try? JSONSerialization.jsonObject(with: enc.encode(now)) as? [String: Any]
    else { return "?" }
    let keys = Set(a.keys).union(b.keys).sorted()
    let diffs = keys.filter { "\(a[$0] ?? "-")" != "\(b[$0] ?? "-")" }
    return diffs.map { "\($0): \(a[$0] ?? "-") then, \(b[$0] ?? "-") now" }.joined(separator: "; ")
  }

  /// optimizer.safetensors, streamed tensor by tensor from the moment stores (no second copy of 2×P floats):
  /// F32 `exp_avg.NAME` and `exp_avg_sq.NAME` in parameter shapes, names sorted, `step` in the metadata.
  static func writeMoments(_ trainer: SFTTrainer, to path: String) throws {
    var tensors: [(name: String, store: ParameterStore, entry: ParameterLayout.Entry)] = []
    for e in trainer.model.parameters.layout.entries {
      tensors.append(("exp_avg." + e.name, trainer.adamM, e))
      tensors.append(("exp_avg_sq." + e.name, trainer.adamV, e))
    }
    tensors.sort { $0.name < $1.name }
    var header: [String: Any] = ["__metadata__": ["step": String(trainer.optimizerStep), "format": "pt"]]
    var offset = 0
    for t in tensors {
      header[t.name] = ["dtype": "F32", "shape": t.entry.shape, "data_offsets": [offset, offset + 4 * t.entry.count]]
      offset += 4 * t.entry.count
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
    else { throw ReasonerError(.io, "\(path): cannot create") }
    defer { try? file.close() }
    do {
      try file.write(contentsOf: withUnsafeBytes(of: UInt64(json.count).littleEndian) { Data($0) })
      try file.write(contentsOf: json)
      for t in tensors { try file.write(contentsOf: Data(buffer: UnsafeBufferPointer(t.store.view(t.entry.name)))) }
    } catch {
      throw ReasonerError(.io, "\(path): cannot write (\(error.localizedDescription))")
    }
  }

  /// fsync every regular file under `dir` so the directory rename publishes complete files.
  static func fsyncEveryFile(in dir: String) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: dir) {
      let fd = open(dir + "/" + name, O_RDONLY)
      if fd < 0 { throw ReasonerError(.io, "\(dir)/\(name): cannot open to fsync") }
      let ok = fsync(fd) == 0
      close(fd)
      if !ok { throw ReasonerError(.io, "\(dir)/\(name): fsync failed") }
    }
  }
}
