// Output head and loss, chunk by chunk: logits for `chunkRows` rows at a time ([chunkRows, V], never
// [B·T, V]), handed to an OutputLoss, whose dlogits flow straight back into the hidden-state and head
// weight gradients. Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift.

/// Loss over hidden [N, C] (final-normed) with head weight [V, C]. When dHidden/dWeight are given, the
/// loss is asked for gradients and dHidden [N, C] += dlogits·W, dWeight [V, C] += dlogitsᵀ·hidden.
func outputHeadForwardBackward(
  _ dHidden: UnsafeMutablePointer<Float>?, _ dWeight: UnsafeMutablePointer<Float>?,
  _ hidden: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, loss: OutputLoss,
  rows: Int, channels: Int, vocab: Int, chunkRows: Int
) -> Double {
  let chunk = max(1, min(rows, chunkRows))
  /// [chunk, V]: this chunk's logits, then (in place) its dlogits.
  let logits = FloatBuffer(chunk * vocab)
  let wantGradient = dHidden != nil
  var total = 0.0
  var start = 0
  while start < rows {
    let n = min(chunk, rows - start)
    let h = hidden + start * channels
    linearForward(logits.pointer, h, weight, nil, rows: n, inFeatures: channels, outFeatures: vocab)
    total += loss.apply(
      rows: start..<(start + n), logits: logits.pointer, vocabularySize: vocab,
      wantGradient: wantGradient)
    if let dHidden, let dWeight {
      linearBackward(
        dHidden + start * channels, dWeight, nil, logits.pointer, h, weight, rows: n,
        inFeatures: channels, outFeatures: vocab)
    }
    start += n
  }
  return total
}
