// RoPE row permutation between GGUF (llama.cpp rotates adjacent pairs) and Hugging Face (rotates halves).
// Tested in RopePermutationTests: GGUF→HF→GGUF round trip, and rotating pairs on GGUF rows equals rotating
// halves on un-permuted rows.

/// Hugging Face's `convert_hf_to_gguf.py` permutes the rows of Llama's q/k projections so that llama.cpp
/// can rotate adjacent pairs:
///
///     w.reshape(heads, 2, D/2, in).swapaxes(1, 2).reshape(heads·D, in)
///
/// i.e. within each head, GGUF row `2j + s` is HF row `s·D/2 + j` (s ∈ {0, 1}, j < D/2). HF's
/// rotate-half pairs (x[j], x[j + D/2]); after the permutation those sit at (2j, 2j+1).
public enum RopePermutation {
  /// GGUF rows → HF rows. `data` is [heads·D, columns] row-major (columns = 1 for a bias).
  public static func ggufToHF(_ data: [Float], heads: Int, columns: Int) -> [Float] {
    permute(data, heads: heads, columns: columns, toHF: true)
  }

  /// HF rows → GGUF rows (the converter's direction).
  public static func hfToGGUF(_ data: [Float], heads: Int, columns: Int) -> [Float] {
    permute(data, heads: heads, columns: columns, toHF: false)
  }

  static func permute(_ data: [Float], heads: Int, columns: Int, toHF: Bool) -> [Float] {
    let rows = data.count / columns
    let d = rows / heads
    let half = d / 2
    var out = [Float](repeating: 0, count: data.count)
    data.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for h in 0..<heads {
          for s in 0..<2 {
            for j in 0..<half {
              let ggufRow = h * d + 2 * j + s
              let hfRow = h * d + s * half + j
              let (from, to) = toHF ? (ggufRow, hfRow) : (hfRow, ggufRow)
              for c in 0..<columns { dst[to * columns + c] = src[from * columns + c] }
            }
          }
        }
      }
    }
    return out
  }
}
