// ParameterStore: one flat fp32 buffer with named, shaped views (HF tensor names). The same layout holds
// parameters, gradients and both Adam moments, so zeroing is one fill, AdamW one loop, a checkpoint one
// write. Tested in Tests/ReasonerCoreTests/ModelParameterTests.swift.

/// Where each named tensor lives inside a flat buffer. Order is the model's (see `LlamaConfig.parameterLayout`).
public struct ParameterLayout: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    public let name: String
    /// PyTorch order, e.g. [out, in] for a linear weight.
    public let shape: [Int]
    /// First element inside the flat buffer.
    public let offset: Int
    public var count: Int { shape.reduce(1, *) }
  }

  public let entries: [Entry]
  public let totalCount: Int
  private let indexByName: [String: Int]

  public init(_ tensors: [(name: String, shape: [Int])]) {
    var entries: [Entry] = []
    var offset = 0
    var index: [String: Int] = [:]
    for (name, shape) in tensors {
      precondition(index[name] == nil, "ParameterLayout: duplicate tensor \(name)")
      index[name] = entries.count
      entries.append(Entry(name: name, shape: shape, offset: offset))
      offset += shape.reduce(1, *)
    }
    self.entries = entries
    self.totalCount = offset
    self.indexByName = index
  }

  public func entry(_ name: String) -> Entry? { indexByName[name].map { entries[$0] } }
  public var names: [String] { entries.map(\.name) }
}

/// A flat buffer [layout.totalCount] of Float with named views. Reference semantics: a model and its
/// optimizer share one store. Not thread-safe for concurrent writes to the same element.
public final class ParameterStore: @unchecked Sendable {
  public let layout: ParameterLayout
  /// All tensors back to back, in layout order.
  public let storage: UnsafeMutableBufferPointer<Float>

  /// A zero-filled store.
  public init(layout: ParameterLayout) {
    self.layout = layout
    storage = .allocate(capacity: max(1, layout.totalCount))
    storage.initialize(repeating: 0)
  }

  deinit { storage.deallocate() }

  public var count: Int { layout.totalCount }

  /// The tensor `name`'s elements; traps on an unknown name (a programming error, names come from the layout).
  public func view(_ name: String) -> UnsafeMutableBufferPointer<Float> {
    guard let e = layout.entry(name) else { preconditionFailure("ParameterStore: no tensor \(name)") }
    return UnsafeMutableBufferPointer(rebasing: storage[e.offset..<(e.offset + e.count)])
  }

  public func pointer(_ name: String) -> UnsafeMutablePointer<Float> { view(name).baseAddress! }

  public func shape(of name: String) -> [Int]? { layout.entry(name)?.shape }

  /// Sets every element to zero (gradients before a step).
  public func zero() { storage.update(repeating: 0) }

  /// Copies every element of `other`, which must have the same layout.
  public func copy(from other: ParameterStore) {
    precondition(other.layout == layout, "ParameterStore.copy: layouts differ")
    _ = storage.update(fromContentsOf: other.storage)
  }

  /// A new zero-filled store with the same layout (gradients, Adam moments).
  public func makeZeroedSibling() -> ParameterStore { ParameterStore(layout: layout) }

  /// The tensor as a HostTensor (a copy).
  public func tensor(_ name: String) -> HostTensor {
    HostTensor(shape: shape(of: name)!, data: Array(view(name)))
  }

  /// Norm weights and biases are excluded from weight decay (AdamW convention).
  public static func isNormOrBias(_ name: String) -> Bool {
    name.hasSuffix(".bias") || name.hasSuffix("norm.weight")
  }
}
