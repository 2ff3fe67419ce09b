// RL checkpoints: OUT/checkpoint holds the policy (model.safetensors + config.json; with the trainer's BPE
// tokenizer also its files, making it a Hugging Face model directory that `eval` loads), the flat float32
// buffers needed to resume bit for bit (policy, EMA reference, initial policy, Adam moments) and
// state.json (steps done, optimizer steps, the config). Written with
// AtomicFile.replaceDirectory, so a crash leaves the previous checkpoint whole.
// Tested in Tests/ReasonerCoreTests/RLTrainerTests.swift (save, resume, identical next step).
import Foundation

struct RLCheckpointState: Codable {
  var completedSteps: Int
  var optimizerSteps: Int
  var parameterCount: Int
  var config: RLConfig
  enum CodingKeys: String, CodingKey {
    case completedSteps = "completed_steps", optimizerSteps = "optimizer_steps"
    case parameterCount = "parameter_count", config
  }
}

extension RLTrainer {
  /// The buffers a resume restores, by file name.
  var checkpointBuffers: [(String, ParameterStore)] {
    var out = [("policy.f32", policy.parameters), ("reference.f32", reference.parameters),
               ("adam_m.f32", adamM), ("adam_v.f32", adamV)]
    if let initial { out.append(("initial.f32", initial.parameters)) }
    return out
  }

  /// Writes `directory` atomically (the old checkpoint stays until the new one is complete).
  public func saveCheckpoint(to directory: String) throws {
    try AtomicFile.replaceDirectory(at: directory) { dir in
      for (name, store) in checkpointBuffers {
        try AtomicFile.write(Data(buffer: UnsafeBufferPointer(store.storage)), to: "\(dir)/\(name)")
      }
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      if let tokenizer {
        try saveHFDirectory(config: policy.config, tensors: policy.exportWeights(), tokenizer: tokenizer,
                            to: URL(fileURLWithPath: dir))
      } else {
        try writeSafetensors(tensors: policy.exportWeights(), metadata: ["format": "pt"],
                             to: URL(fileURLWithPath: "\(dir)/model.safetensors"))
        try AtomicFile.write(try encoder.encode(policy.config), to: "\(dir)/config.json")
      }
      let state = RLCheckpointState(completedSteps: completedSteps, optimizerSteps: optimizerSteps,
                                    parameterCount: policy.parameters.count, config: config)
      try AtomicFile.write(try encoder.encode(state), to: "\(dir)/state.json")
    }
  }

  /// Restores every buffer and the step counters from `directory` (written by `saveCheckpoint` for a
  /// model of the same shape). Throws naming the file whose size or content does not match.
  public func resume(from directory: String) throws {
    AtomicFile.recoverDirectory(at: directory)
    let statePath = "\(directory)/state.json"
    guard let stateData = FileManager.default.contents(atPath: statePath) else {
      throw ReasonerError(.io, "\(statePath): cannot read the checkpoint state")
    }
    let state: RLCheckpointState
    do { state = try JSONDecoder().decode(RLCheckpointState.self, from: stateData) } catch {
      throw ReasonerError(.invalidFile, "\(statePath): not a checkpoint state (\(error))")
    }
    guard state.parameterCount == policy.parameters.count else {
      throw ReasonerError(
        .invalidFile,
        "\(statePath): parameter_count \(state.parameterCount), but the model has \(policy.parameters.count)")
    }
    var loaded: [(ParameterStore, Data)] = []
    for (name, store) in checkpointBuffers {
      let path = "\(directory)/\(name)"
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ReasonerError(.io, "\(path): missing from the checkpoint")
      }
      guard data.count == store.count * 4 else {
        throw ReasonerError(.invalidFile, "\(path): \(data.count) bytes, expected \(store.count * 4)")
      }
      loaded.append((store, data))
    }
    // Every file checked before any buffer changes: a bad checkpoint leaves the trainer as it was.
    for (store, data) in loaded {
      data.withUnsafeBytes { raw in
        _ = store.storage.update(fromContentsOf: raw.bindMemory(to: Float.self))
      }
    }
    completedSteps = state.completedSteps
    optimizerSteps = state.optimizerSteps
  }
}
