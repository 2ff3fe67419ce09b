// Token embedding: forward gathers rows of the table, backward scatters gradients back (accumulating).
// Tested in Tests/ReasonerCoreTests/ModelGradientTests.swift (finite differences of the Double reference).

/// out [N, C] = table[tokens[n], :]. Token ids must already be checked to lie in 0..<V.
func embeddingForward(
  _ out: UnsafeMutablePointer<Float>, _ tokens: UnsafePointer<Int32>, _ table: UnsafePointer<Float>,
  rows: Int, channels: Int
) {
  for n in 0..<rows {
    (out + n * channels).update(from: table + Int(tokens[n]) * channels, count: channels)
  }
}

/// dTable [V, C] += dOut [N, C] scattered to the rows named by tokens. Serial: tokens repeat.
func embeddingBackward(
  _ dTable: UnsafeMutablePointer<Float>, _ dOut: UnsafePointer<Float>, _ tokens: UnsafePointer<Int32>,
  rows: Int, channels: Int
) {
  for n in 0..<rows {
    addScaled(dTable + Int(tokens[n]) * channels, 1, dOut + n * channels, channels)
  }
}
