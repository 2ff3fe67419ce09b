// A self-contained HTML page of line charts (inline SVG, no scripts, no downloads) drawn from metrics
// rows, for OUT/report.html of training runs. Tested in Tests/ReasonerCoreTests/SupportTests.swift.
import Foundation

public struct ChartSpec: Sendable {
  public var title: String
  /// Metric keys drawn as one line each, against `x`.
  public var keys: [String]
  public var x: String
  public init(_ title: String, keys: [String], x: String = "step") {
    self.title = title
    self.keys = keys
    self.x = x
  }
}

public enum HTMLReport {
  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

  /// The whole page: a title, an optional summary table, one chart per spec (charts whose keys never
  /// appear in `rows` are left out).
  public static func render(title: String, summary: [(String, String)] = [], rows: [[String: Double]],
                            charts: [ChartSpec]) -> String {
    var html = """
      <!doctype html><html><head><meta charset="utf-8"><title>\(escape(title))</title>
      <style>body{font-family:sans-serif;margin:24px;color:#222}figure{display:inline-block;margin:8px}
      figcaption{font-weight:600;margin-bottom:4px}table{border-collapse:collapse}
      td{padding:2px 10px;border-bottom:1px solid #ddd}</style></head><body>
      <h1>\(escape(title))</h1>

      """
    if !summary.isEmpty {
      html += "<table>" + summary.map { "<tr><td>\(escape($0.0))</td><td>\(escape($0.1))</td></tr>" }
        .joined() + "</table>\n"
    }
    for chart in charts {
      if let svg = self.svg(chart, rows: rows) {
        html += "<figure><figcaption>\(escape(chart.title))</figcaption>\(svg)</figure>\n"
      }
    }
    return html + "</body></html>\n"
  }

  /// One chart as an SVG element, or nil when no row has any of its keys.
  static func svg(_ chart: ChartSpec, rows: [[String: Double]]) -> String? {
    let series = chart.keys.map { key in
      rows.compactMap { row -> (Double, Double)? in
        guard let x = row[chart.x], let y = row[key], x.isFinite, y.isFinite else { return nil }
        return (x, y)
      }
    }
    let all = series.flatMap { $0 }
    guard !all.isEmpty else { return nil }
    let (w, h, left, bottom, top, right) = (420.0, 220.0, 56.0, 28.0, 10.0, 10.0)
    var x0 = all.map(\.0).min()!, x1 = all.map(\.0).max()!
    var y0 = all.map(\.1).min()!, y1 = all.map(\.1).max()!
    if x1 == x0 { x0 -= 1; x1 += 1 }
    if y1 == y0 { y0 -= 1; y1 += 1 }
    func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (w - left - right) }
    func py(_ y: Double) -> Double { h - bottom - (y - y0) / (y1 - y0) * (h - bottom - top) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h + 18))\">"
    s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(w - left - right)\" height=\"\(h - top - bottom)\" "
      + "fill=\"none\" stroke=\"#999\"/>"
    for (value, y) in [(y0, py(y0)), (y1, py(y1)), ((y0 + y1) / 2, py((y0 + y1) / 2))] {
      s += "<text x=\"\(left - 4)\" y=\"\(y + 4)\" font-size=\"10\" text-anchor=\"end\">\(label(value))</text>"
    }
    for value in [x0, x1] {
      s += "<text x=\"\(px(value))\" y=\"\(h - bottom + 14)\" font-size=\"10\" text-anchor=\"middle\">"
        + "\(label(value))</text>"
    }
    for (i, points) in series.enumerated() where !points.isEmpty {
      let color = palette[i % palette.count]
      let path = points.map { String(format: "%.1f,%.1f", px($0.0), py($0.1)) }.joined(separator: " ")
      s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(path)\"/>"
      s += "<text x=\"\(left + 6 + Double(i) * 120)\" y=\"\(h + 14)\" font-size=\"11\" fill=\"\(color)\">"
        + "\(escape(chart.keys[i]))</text>"
    }
    return s + "</svg>"
  }

  static func label(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
    return abs(v) >= 0.01 && abs(v) < 1e4 ? String(format: "%.3g", v) : String(format: "%.2e", v)
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
