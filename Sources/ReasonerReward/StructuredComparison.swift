// StructuredComparison: compares typed answers — equations against their right-hand sides, inequalities
// as intervals, tuples and intervals in order with bracket kinds, sets, lists and unions in any order,
// matrices entry by entry, ± as two answers. Expressions go to ExpressionComparison.
// Tested in Tests/ReasonerRewardTests/VerifierCaseTests.swift.

/// Bounds the work of one structured comparison (lists of lists…).
struct ComparisonBudget { var remaining = 400 }

func compareAnswers(gold: Answer, response: Answer, budget: inout ComparisonBudget) -> Match {
  budget.remaining -= 1
  if budget.remaining < 0 { return .no("comparison budget exhausted") }
  if gold == response { return .yes("identical structure") }
  let gold = expandPlusMinus(gold), response = expandPlusMinus(response)

  // Inequalities in one variable become intervals.
  if let interval = intervalFromInequality(gold) { return compareAnswers(gold: interval, response: response, budget: &budget) }
  if let interval = intervalFromInequality(response) { return compareAnswers(gold: gold, response: interval, budget: &budget) }

  switch (gold, response) {
  case (.expression(let g), .expression(let r)):
    return compareExpressions(gold: g, response: r)

  case (.relation(let gl, let gs), .relation(let rl, let rs)):
    guard gs.count == 1, rs.count == 1, gs[0].op == .equal, rs[0].op == .equal else {
      return gs == rs && gl == rl ? .yes("identical relations") : .no("different relations")
    }
    if gl == rl, compareExpressions(gold: gs[0].rhs, response: rs[0].rhs).equal { return .yes("same left side, equal right sides") }
    if isVariable(gl), isVariable(rl), gl != rl { return .no("equations for different variables") }
    return compareEquationsAsZeroSets(.sub(gl, gs[0].rhs), .sub(rl, rs[0].rhs))

  case (.relation(let lhs, let steps), _) where steps.count == 1 && steps[0].op == .equal && isVariable(lhs):
    let m = compareAnswers(gold: .expression(steps[0].rhs), response: response, budget: &budget)
    return Match(equal: m.equal, rule: "gold's right side: " + m.rule)
  case (_, .relation(let lhs, let steps)) where steps.count == 1 && steps[0].op == .equal && isVariable(lhs):
    let m = compareAnswers(gold: gold, response: .expression(steps[0].rhs), budget: &budget)
    return Match(equal: m.equal, rule: "response's right side: " + m.rule)

  case (.sequence(let go, let gc, let gi), .sequence(let ro, let rc, let ri)):
    guard gi.count == ri.count else { return .no("\(gi.count) entries against \(ri.count)") }
    guard go == ro, gc == rc else { return .no("brackets differ: \(go)…\(gc) against \(ro)…\(rc)") }
    return compareInOrder(gi, ri, what: "entries", budget: &budget)

  case (.matrix(let gm), .matrix(let rm)):
    guard gm.count == rm.count, gm[0].count == rm[0].count else { return .no("matrix shapes differ") }
    return compareInOrder(gm.flatMap { $0 }, rm.flatMap { $0 }, what: "matrix entries", budget: &budget)
  case (.matrix(let gm), .sequence("(", ")", let ri)) where gm.count == 1 || gm[0].count == 1:
    return compareInOrder(gm.flatMap { $0 }, ri, what: "vector entries", budget: &budget)
  case (.sequence("(", ")", let gi), .matrix(let rm)) where rm.count == 1 || rm[0].count == 1:
    return compareInOrder(gi, rm.flatMap { $0 }, what: "vector entries", budget: &budget)

  case (.set(let g), .set(let r)), (.list(let g), .list(let r)), (.set(let g), .list(let r)),
    (.list(let g), .set(let r)), (.union(let g), .union(let r)):
    return compareUnordered(g, r, budget: &budget)
  case (.union(let g), _) where g.count == 1: return compareAnswers(gold: g[0], response: response, budget: &budget)

  case (.list(let g), _): return .no("\(g.count) answers against one")
  case (_, .list(let r)):
    // Several boxes restating one value (15\frac{39}{40} and \frac{639}{40}) are fine; hedging between
    // different values is not.
    for (k, item) in r.enumerated() where !compareAnswers(gold: gold, response: item, budget: &budget).equal {
      return .no("one answer against \(r.count); item \(k + 1) differs from the gold")
    }
    return .yes("all \(r.count) answers equal the gold")
  case (.text(let g), .text(let r)):
    return g == r ? .yes("same text") : .no("different text")
  default:
    return .no("different kinds of answer")
  }
}

/// A name on the left of `=`: x, f(x), EG, \frac{EG}{EF}, f'(x), a_n — built from symbols only.
private func isVariable(_ e: Expr) -> Bool {
  switch e {
  case .symbol: return true
  case .call(let name, let args) where name == "prime" || name.hasPrefix("sub_"): return args.allSatisfy(isVariable)
  case .mul(let a, let b), .div(let a, let b): return isVariable(a) && isVariable(b)
  default: return false
  }
}

private func compareInOrder(_ g: [Answer], _ r: [Answer], what: String, budget: inout ComparisonBudget) -> Match {
  for (k, (a, b)) in zip(g, r).enumerated() {
    let m = compareAnswers(gold: a, response: b, budget: &budget)
    if !m.equal { return .no("\(what) \(k + 1) differ: \(m.rule)") }
  }
  return .yes("all \(g.count) \(what) equal in order")
}

/// Every gold item has an equal response item and vice versa (so order and repeats do not matter).
private func compareUnordered(_ g: [Answer], _ r: [Answer], budget: inout ComparisonBudget) -> Match {
  if g.isEmpty || r.isEmpty { return g.isEmpty == r.isEmpty ? .yes("both empty") : .no("empty against non-empty") }
  guard g.count * r.count <= 400 else { return .no("lists too long to match (cap 400 pairs)") }
  var responseMatched = [Bool](repeating: false, count: r.count)
  for (k, a) in g.enumerated() {
    var found = false
    for (j, b) in r.enumerated() where compareAnswers(gold: a, response: b, budget: &budget).equal {
      found = true; responseMatched[j] = true
    }
    if !found { return .no("gold item \(k + 1) has no equal in the response") }
  }
  if let extra = responseMatched.firstIndex(of: false) { return .no("response item \(extra + 1) is not in the gold") }
  return .yes("same items in any order (\(g.count) against \(r.count))")
}

/// `x^2 + y = 1` and `2y = 2 - 2x^2`: the two left-minus-right sides are proportional by a non-zero constant.
private func compareEquationsAsZeroSets(_ d1: Expr, _ d2: Expr) -> Match {
  let variables = Array(Set(d1.symbols + d2.symbols)).sorted()
  guard !variables.isEmpty else { return .no("equations without variables differ") }
  var ratios: [Complex] = []
  let points: [Rational] = [Rational(13, 7), Rational(29, 11), Rational(5, 3), Rational(41, 17), Rational(7, 2)]
  for t in 0..<4 {
    var env: [String: Rational] = [:]
    for (k, v) in variables.enumerated() { env[v] = points[(t + 2 * k) % points.count] }
    var e1 = Evaluator(environment: env), e2 = Evaluator(environment: env)
    guard let a = e1.evaluate(d1)?.approximation, let b = e2.evaluate(d2)?.approximation else { continue }
    if a.magnitude < 1e-12 || b.magnitude < 1e-12 {
      if (a.magnitude < 1e-12) != (b.magnitude < 1e-12) { return .no("equations differ at a sample point") }
      continue
    }
    ratios.append(b / a)
  }
  guard let first = ratios.first else { return .no("equations undefined at the sample points") }
  return ratios.allSatisfy({ $0.isClose(to: first, relative: 1e-8) })
    ? .yes("equivalent equations (sides proportional at \(ratios.count) points)") : .no("equations not equivalent")
}

/// Replaces an answer containing ± by the list of its readings (one level: a ± b → a+b, a−b).
private func expandPlusMinus(_ a: Answer) -> Answer {
  guard case .expression(let e) = a, e.containsPlusMinus else { return a }
  var readings = [e]
  for _ in 0..<3 {  // at most three ± → eight readings
    guard readings.contains(where: { $0.containsPlusMinus }) else { break }
    readings = readings.flatMap { r -> [Expr] in
      guard r.containsPlusMinus else { return [r] }
      let (p, m) = r.expandPlusMinus()
      return [p, m]
    }
  }
  return .list(readings.map { .expression($0) })
}

/// `x > 3` → (3, ∞); `-1 < x \le 2` → (-1, 2]; `3 \ge x` → (-∞, 3]. Nil unless one variable is bounded.
private func intervalFromInequality(_ a: Answer) -> Answer? {
  guard case .relation(let first, let steps) = a, !steps.isEmpty, steps.count <= 2,
    steps.allSatisfy({ $0.op != .equal && $0.op != .notEqual })
  else { return nil }
  let infinity = Expr.infinity, minusInfinity = Expr.neg(.infinity)
  func isLess(_ op: RelationOperator) -> Bool { op == .less || op == .lessEqual }
  func closed(_ op: RelationOperator) -> Bool { op == .lessEqual || op == .greaterEqual }
  if steps.count == 2 {
    guard case .symbol = steps[0].rhs, isLess(steps[0].op) == isLess(steps[1].op) else { return nil }
    let (lo, hi, loOp, hiOp) = isLess(steps[0].op)
      ? (first, steps[1].rhs, steps[0].op, steps[1].op) : (steps[1].rhs, first, steps[1].op, steps[0].op)
    return .sequence(open: closed(loOp) ? "[" : "(", close: closed(hiOp) ? "]" : ")", [.expression(lo), .expression(hi)])
  }
  let op = steps[0].op, rhs = steps[0].rhs
  if case .symbol = first, rhs.symbols.isEmpty {
    return isLess(op)
      ? .sequence(open: "(", close: closed(op) ? "]" : ")", [.expression(minusInfinity), .expression(rhs)])
      : .sequence(open: closed(op) ? "[" : "(", close: ")", [.expression(rhs), .expression(infinity)])
  }
  if case .symbol = rhs, first.symbols.isEmpty {
    return isLess(op)
      ? .sequence(open: closed(op) ? "[" : "(", close: ")", [.expression(first), .expression(infinity)])
      : .sequence(open: "(", close: closed(op) ? "]" : ")", [.expression(minusInfinity), .expression(first)])
  }
  return nil
}
