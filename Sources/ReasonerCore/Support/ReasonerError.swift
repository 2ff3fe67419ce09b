// ReasonerError: the one error type of the core; every message names the file, field or offset at fault.
// Tested wherever bad input is tested (formats, config, training data).

/// An error a user can act on: what was wrong, where, and what was expected.
public struct ReasonerError: Error, CustomStringConvertible, Equatable, Sendable {
  public enum Kind: String, Sendable {
    case invalidArgument = "invalid argument"
    case invalidFile = "invalid file"
    case io = "I/O error"
    case unsupported = "unsupported"
    case numerical = "numerical error"
    case callback = "callback failed"
  }
  public var kind: Kind
  public var message: String

  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  public var description: String { "\(kind.rawValue): \(message)" }
}
