// HostTensor: a named weight as loaders hand it to the model and checkpoints take it back.
// Row-major, fp32, shapes in PyTorch order (out × in for linear layers). Tested with the loaders.

/// A dense fp32 tensor in row-major order, shape in PyTorch order (e.g. [out, in] for a linear weight).
public struct HostTensor: Equatable, Sendable {
  public var shape: [Int]
  public var data: [Float]

  public init(shape: [Int], data: [Float]) {
    precondition(shape.reduce(1, *) == data.count, "HostTensor: shape \(shape) ≠ \(data.count) values")
    self.shape = shape
    self.data = data
  }

  public var count: Int { data.count }
}
