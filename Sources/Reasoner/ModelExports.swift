// @c shims for reasoner.h's models section: load, config, flat parameter layout, logits, loss and
// gradients, save. Tested by python/tests/test_model.py (golden tiny Llama, SmolLM2 reference logits).
import CReasoner
import Foundation
import ReasonerCore

/// The object behind an rs_model handle.
final class ModelBox {
  let model: LlamaModel
  let tokenizer: Tokenizer
  /// NUL-terminated HF names in layout order (borrowed by rs_model_parameter_info).
  let names: [UnsafeMutablePointer<CChar>]
  init(model: LlamaModel, tokenizer: Tokenizer) {
    self.model = model
    self.tokenizer = tokenizer
    names = model.parameters.layout.names.map { strdup($0)! }
  }
  deinit { names.forEach { free($0) } }
}

func modelBox(_ handle: UnsafePointer<rs_model>?) throws -> ModelBox {
  box(try required(handle, "model").pointee.private_impl, as: ModelBox.self)
}

@c public func rs_model_load(_ path: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<rs_model>?>?) -> Int32 {
  do {
    let out = try required(out, "out")
    let loaded = try ModelLoader.load(path: try pathArgument(path, "path"))
    var weights = loaded.tensors.filter { !$0.key.hasPrefix("__") }  // loader metadata, not weights
    if loaded.config.tieWordEmbeddings { weights["lm_head.weight"] = nil }
    let model = try LlamaModel(config: loaded.config, weights: weights)
    let handle = UnsafeMutablePointer<rs_model>.allocate(capacity: 1)
    handle.initialize(to: rs_model(private_impl: retained(ModelBox(model: model, tokenizer: loaded.tokenizer))))
    out.pointee = handle
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_free(_ model: UnsafeMutablePointer<rs_model>?) {
  guard let model else { return }
  release(model.pointee.private_impl)
  model.deallocate()
}

@c public func rs_model_config_json(
  _ model: UnsafePointer<rs_model>?, _ outJSON: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ outLength: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let m = try modelBox(model)
    let out = try required(outJSON, "out_json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    giveString(String(decoding: try encoder.encode(m.model.config), as: UTF8.self), out, outLength)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_parameter_counts(
  _ model: UnsafePointer<rs_model>?, _ outTensors: UnsafeMutablePointer<size_t>?, _ outFloats: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let layout = try modelBox(model).model.parameters.layout
    try required(outTensors, "out_tensors").pointee = layout.entries.count
    try required(outFloats, "out_floats").pointee = layout.totalCount
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_parameter_info(
  _ model: UnsafePointer<rs_model>?, _ index: size_t, _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
  _ outRank: UnsafeMutablePointer<Int32>?, _ outDims: UnsafeMutablePointer<Int64>?, _ outOffset: UnsafeMutablePointer<size_t>?
) -> Int32 {
  do {
    let m = try modelBox(model)
    let entries = m.model.parameters.layout.entries
    guard index < entries.count else {
      throw ReasonerError(.invalidArgument, "parameter index \(index) is out of range 0..<\(entries.count)")
    }
    let e = entries[index]
    let (name, rank, dims, offset) = (
      try required(outName, "out_name"), try required(outRank, "out_rank"), try required(outDims, "out_dims"),
      try required(outOffset, "out_offset")
    )
    guard e.shape.count <= 4 else { throw ReasonerError(.unsupported, "tensor \(e.name) has rank \(e.shape.count) > 4") }
    name.pointee = UnsafePointer(m.names[index])
    rank.pointee = Int32(e.shape.count)
    for (i, d) in e.shape.enumerated() { dims[i] = Int64(d) }
    offset.pointee = e.offset
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_copy_parameters(_ model: UnsafePointer<rs_model>?, _ out: UnsafeMutablePointer<Float>?, _ count: size_t) -> Int32 {
  do {
    let store = try modelBox(model).model.parameters
    let out = try required(out, "out")
    guard count == store.count else {
      throw ReasonerError(.invalidArgument, "out has \(count) floats; the model has \(store.count) parameters")
    }
    out.update(from: store.storage.baseAddress!, count: count)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

/// A checked [batch, time] training batch from borrowed ids.
private func batch(_ m: ModelBox, _ ids: UnsafePointer<Int32>?, _ b: Int, _ t: Int) throws -> TrainingBatch {
  let ids = try required(ids, "input_ids")
  let batch = try TrainingBatch(tokens: Array(UnsafeBufferPointer(start: ids, count: b * t)), batchSize: b, sequenceLength: t)
  try m.model.check(batch)
  return batch
}

@c public func rs_model_logits(
  _ model: UnsafePointer<rs_model>?, _ inputIDs: UnsafePointer<Int32>?, _ b: size_t, _ t: size_t,
  _ out: UnsafeMutablePointer<Float>?
) -> Int32 {
  do {
    let m = try modelBox(model)
    let tokens = try batch(m, inputIDs, b, t)
    let capture = LogitsCapture(destination: try required(out, "out"), rows: b * t, vocabularySize: m.model.config.vocabSize)
    _ = m.model.forwardBackward(batch: tokens, loss: capture, gradients: nil)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_loss_and_grads(
  _ model: UnsafePointer<rs_model>?, _ inputIDs: UnsafePointer<Int32>?, _ lossMask: UnsafePointer<UInt8>?,
  _ b: size_t, _ t: size_t, _ outLoss: UnsafeMutablePointer<Double>?, _ grads: UnsafeMutablePointer<Float>?,
  _ count: size_t
) -> Int32 {
  do {
    let m = try modelBox(model)
    let tokens = try batch(m, inputIDs, b, t)
    let mask = UnsafeBufferPointer(start: try required(lossMask, "loss_mask"), count: b * t).map { $0 != 0 }
    let (outLoss, grads) = (try required(outLoss, "out_loss"), try required(grads, "grads"))
    let store = m.model.parameters
    guard count == store.count else {
      throw ReasonerError(.invalidArgument, "grads has \(count) floats; the model has \(store.count) parameters")
    }
    let targets = CrossEntropyLoss.nextTokenTargets(batch: tokens, counts: mask)
    let predicted = targets.reduce(0) { $0 + ($1 >= 0 ? 1 : 0) }
    guard predicted > 0 else {
      throw ReasonerError(.invalidArgument, "loss_mask selects no target (position 0 of a row is never one)")
    }
    let loss = try CrossEntropyLoss(targets: targets, vocabularySize: m.model.config.vocabSize, normalizer: Double(predicted))
    let gradients = store.makeZeroedSibling()
    outLoss.pointee = m.model.forwardBackward(batch: tokens, loss: loss, gradients: gradients)
    grads.update(from: gradients.storage.baseAddress!, count: count)
    return Int32(RS_OK)
  } catch { return fail(error) }
}

@c public func rs_model_save(_ model: UnsafePointer<rs_model>?, _ dir: UnsafePointer<CChar>?) -> Int32 {
  do {
    let m = try modelBox(model)
    let target = URL(fileURLWithPath: try pathArgument(dir, "dir"))
    try saveHFDirectory(config: m.model.config, tensors: m.model.exportWeights(), tokenizer: m.tokenizer, to: target)
    return Int32(RS_OK)
  } catch { return fail(error) }
}
