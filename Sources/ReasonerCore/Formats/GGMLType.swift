// GGMLType: the tensor element types the GGUF reader understands, with their block geometry.
// Tested in DequantizeTests (each type against the gguf PyPI package's dequantizer).

/// Tensor storage types (ggml's `ggml_type` codes). Quantized types store `blockSize` values in
/// `bytesPerBlock` bytes.
public enum GGMLType: UInt32, Sendable, CaseIterable {
  case f32 = 0, f16 = 1, q4_0 = 2, q4_1 = 3, q8_0 = 8, q4_K = 12, q6_K = 14, bf16 = 30

  public var blockSize: Int {
    switch self {
    case .f32, .f16, .bf16: 1
    case .q4_0, .q4_1, .q8_0: 32
    case .q4_K, .q6_K: 256
    }
  }

  public var bytesPerBlock: Int {
    switch self {
    case .f32: 4
    case .f16, .bf16: 2
    case .q4_0: 18  // f16 d + 16 nibble bytes
    case .q4_1: 20  // f16 d, f16 m + 16 nibble bytes
    case .q8_0: 34  // f16 d + 32 int8
    case .q4_K: 144  // f16 d, f16 dmin, 12 scale bytes, 128 nibble bytes
    case .q6_K: 210  // 128 low-nibble bytes, 64 high-bit bytes, 16 int8 scales, f16 d
    }
  }

  public var name: String {
    switch self {
    case .f32: "F32"
    case .f16: "F16"
    case .bf16: "BF16"
    case .q4_0: "Q4_0"
    case .q4_1: "Q4_1"
    case .q8_0: "Q8_0"
    case .q4_K: "Q4_K"
    case .q6_K: "Q6_K"
    }
  }

  /// Bytes needed for `count` values (count must be a multiple of blockSize).
  public func byteCount(values count: Int) -> Int { count / blockSize * bytesPerBlock }
}
