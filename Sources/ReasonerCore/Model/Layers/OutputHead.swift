// Output head and loss, chunk by chunk: logits for `chunkRows` rows at a time ([chunkRows, V], never
// [B·T, V]), handed to an OutputLoss, whose dlogits flow straight back into the hidden-state and head
// weight gradients. Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift.

/// Loss over hidden [N, C] (final-normed) with head weight [V, C]. When dHidden/dWeight are given, the
/// loss is asked for gradients and dHidden [N, C] += dlogits·W, dWeight [V, C] += dlogitsᵀ·hidden.
/// `logits` [min(N, chunkRows), V] is scratch: each chunk's logits, then (in place) its dlogits.
func outputHeadForwardBackward(
  _ dHidden: UnsafeMutablePointer<Float>?, _ dWeight: UnsafeMutablePointer<Float>?,
  _ hidden: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, logits: UnsafeMutablePointer<Float>,
  loss: OutputLoss,
  rows: Int, channels: Int, vocab: Int, chunkRows: Int
) -> Double {
  let chunk = max(1, min(rows, chunkRows))
  let wantGradient = dHidden != nil
  var total = 0.0
  var start = 0
  while start < rows {
    let n = min(chunk, rows - start)
    let h = hidden + start * channels
    linearForward(logits, h, weight, nil, rows: n, inFeatures: channels, outFeatures: vocab)
    total += loss.apply(
      rows: start..<(start + n), logits: logits, vocabularySize: vocab,
      wantGradient: wantGradient)
    if let dHidden, let dWeight {
      linearBackward(
        dHidden + start * channels, dWeight, nil, logits, h, weight, rows: n,
        inFeatures: channels, outFeatures: vocab)
    }
    start += n
  }
  return total
}
