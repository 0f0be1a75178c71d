// ReportFigures.swift: the calibration report's figures, observed against simulated, as SVG files
// (plain text, no dependency, readable in any browser): calls by hour of the week, response times
// by priority, the call-type mix, and time on scene against its fitted distribution.

import DispatchRandom
import Foundation

/// A small SVG line and bar chart: one panel with axes, ticks and a legend.
struct SVGPanel {
    let x: Double, y: Double, width: Double, height: Double
    let xRange: ClosedRange<Double>, yRange: ClosedRange<Double>
    var body = ""

    static let observedColor = "#1f77b4", simulatedColor = "#d62728", fittedColor = "#2ca02c"

    init(x: Double, y: Double, width: Double, height: Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) {
        self.x = x; self.y = y; self.width = width; self.height = height
        self.xRange = xRange
        // The top rounded up to a multiple of a round step (1, 2, 2.5 or 5 times a power of ten),
        // so that the five gridlines fall on round numbers.
        let span = yRange.upperBound > yRange.lowerBound ? yRange.upperBound - yRange.lowerBound : 1
        let raw = span / 5, power = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-12) }!
        self.yRange = yRange.lowerBound...(yRange.lowerBound + step * (span / step).rounded(.up))
        yStep = step
    }

    /// The distance between gridlines.
    let yStep: Double

    func px(_ v: Double) -> Double { x + (v - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * width }
    func py(_ v: Double) -> Double { y + height - (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * height }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    mutating func axes(title: String, xLabel: String, yLabel: String, xTicks: [(Double, String)]) {
        body += "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(width))\" height=\"\(Self.f(height))\" fill=\"none\" stroke=\"#888\"/>\n"
        body += "<text x=\"\(Self.f(x + width / 2))\" y=\"\(Self.f(y - 8))\" text-anchor=\"middle\" font-weight=\"bold\">\(Self.escape(title))</text>\n"
        body += "<text x=\"\(Self.f(x + width / 2))\" y=\"\(Self.f(y + height + 34))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        body += "<text transform=\"translate(\(Self.f(x - 44)),\(Self.f(y + height / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"
        for (v, label) in xTicks {
            body += "<line x1=\"\(Self.f(px(v)))\" y1=\"\(Self.f(y + height))\" x2=\"\(Self.f(px(v)))\" y2=\"\(Self.f(y + height + 4))\" stroke=\"#888\"/>"
            body += "<text x=\"\(Self.f(px(v)))\" y=\"\(Self.f(y + height + 16))\" text-anchor=\"middle\" font-size=\"10\">\(Self.escape(label))</text>\n"
        }
        let ticks = Int(((yRange.upperBound - yRange.lowerBound) / yStep).rounded())
        for i in 0...ticks {
            let v = yRange.lowerBound + yStep * Double(i)
            body += "<line x1=\"\(Self.f(x - 4))\" y1=\"\(Self.f(py(v)))\" x2=\"\(Self.f(x + width))\" y2=\"\(Self.f(py(v)))\" stroke=\"#eee\"/>"
            body += "<text x=\"\(Self.f(x - 6))\" y=\"\(Self.f(py(v) + 3))\" text-anchor=\"end\" font-size=\"10\">\(String(format: "%.3g", v))</text>\n"
        }
    }

    mutating func line(_ points: [(Double, Double)], color: String, dashed: Bool = false) {
        let finite = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard !finite.isEmpty else { return }
        let path = finite.map { "\(Self.f(px($0.0))),\(Self.f(py($0.1)))" }.joined(separator: " ")
        body += "<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>\n"
    }

    mutating func bar(from: Double, to: Double, value: Double, color: String) {
        guard value.isFinite else { return }
        let top = py(max(value, yRange.lowerBound)), bottom = py(yRange.lowerBound)
        body += "<rect x=\"\(Self.f(px(from)))\" y=\"\(Self.f(top))\" width=\"\(Self.f(px(to) - px(from)))\" height=\"\(Self.f(bottom - top))\" fill=\"\(color)\"/>\n"
    }

    mutating func legend(_ entries: [(String, String)]) {
        for (i, (label, color)) in entries.enumerated() {
            let ly = y + 14 + Double(i) * 14
            body += "<rect x=\"\(Self.f(x + width - 120))\" y=\"\(Self.f(ly - 9))\" width=\"10\" height=\"10\" fill=\"\(color)\"/>"
            body += "<text x=\"\(Self.f(x + width - 105))\" y=\"\(Self.f(ly))\" font-size=\"11\">\(Self.escape(label))</text>\n"
        }
    }

    static func document(width: Double, height: Double, _ panels: [SVGPanel]) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + panels.map(\.body).joined() + "</svg>\n"
    }
}

enum ReportFigures {
    /// Calls per day by hour of the week, observed and simulated.
    static func callsByHour(_ observed: ExportSummary, _ simulated: ExportSummary) -> String {
        func perDay(_ s: ExportSummary) -> [(Double, Double)] {
            let occ = s.weekdayOccurrences
            return (0..<168).map { h in (Double(h) + 0.5, occ[h / 24] > 0 ? Double(s.callsByHourOfWeek[h]) / Double(occ[h / 24]) : .nan) }
        }
        let o = perDay(observed), s = perDay(simulated)
        let top = (o + s).map(\.1).filter(\.isFinite).max() ?? 1
        var p = SVGPanel(x: 70, y: 40, width: 820, height: 300, xRange: 0...168, yRange: 0...(top * 1.1))
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        p.axes(title: "Calls by hour of the week", xLabel: "hour of the week", yLabel: "calls in the hour, per day",
               xTicks: (0..<7).map { (Double($0 * 24 + 12), days[$0]) })
        p.line(o, color: SVGPanel.observedColor)
        p.line(s, color: SVGPanel.simulatedColor, dashed: true)
        p.legend([("observed", SVGPanel.observedColor), ("simulated", SVGPanel.simulatedColor)])
        return SVGPanel.document(width: 920, height: 400, [p])
    }

    /// Response (received to arrival) median and 90th percentile by priority, observed and simulated.
    static func response(_ observed: ExportSummary, _ simulated: ExportSummary) -> String {
        let priorities = observed.byPriority.keys.sorted()
        var panels: [SVGPanel] = []
        for (k, (name, q)) in [("median", 0.5), ("90th percentile", 0.9)].enumerated() {
            let values = priorities.map { p in (observed.byPriority[p]!.response.quantile(q), simulated.byPriority[p]?.response.quantile(q) ?? .nan) }
            let top = values.flatMap { [$0.0, $0.1] }.filter(\.isFinite).max() ?? 1
            var panel = SVGPanel(x: 70 + Double(k) * 440, y: 40, width: 360, height: 280, xRange: 0...Double(max(priorities.count, 1)),
                                 yRange: 0...(top * 1.1))
            panel.axes(title: "Response, \(name)", xLabel: "priority", yLabel: "minutes, received to arrival",
                       xTicks: priorities.enumerated().map { (Double($0.offset) + 0.5, String($0.element)) })
            for (i, v) in values.enumerated() {
                panel.bar(from: Double(i) + 0.1, to: Double(i) + 0.5, value: v.0, color: SVGPanel.observedColor)
                panel.bar(from: Double(i) + 0.5, to: Double(i) + 0.9, value: v.1, color: SVGPanel.simulatedColor)
            }
            panel.legend([("observed", SVGPanel.observedColor), ("simulated", SVGPanel.simulatedColor)])
            panels.append(panel)
        }
        return SVGPanel.document(width: 900, height: 380, panels)
    }

    /// The call-type mix (the 20 largest types), observed and simulated shares.
    static func callTypes(_ draft: ScenarioDraft, _ simulated: ExportSummary) -> String {
        let simByName = simulated.callsByLabel
        let types = Array(draft.callTypes.sorted { ($0.share, $1.name) > ($1.share, $0.name) }.prefix(20))
        let values = types.map { ($0.share, Double(simByName[$0.name] ?? 0) / Double(max(simulated.calls, 1))) }
        let top = values.flatMap { [$0.0, $0.1] }.max() ?? 1
        var p = SVGPanel(x: 70, y: 40, width: 820, height: 280, xRange: 0...Double(max(types.count, 1)), yRange: 0...(top * 1.1))
        p.axes(title: "Call types (the 20 largest)", xLabel: "", yLabel: "share of calls", xTicks: [])
        for (i, v) in values.enumerated() {
            p.bar(from: Double(i) + 0.1, to: Double(i) + 0.5, value: v.0, color: SVGPanel.observedColor)
            p.bar(from: Double(i) + 0.5, to: Double(i) + 0.9, value: v.1, color: SVGPanel.simulatedColor)
            p.body += "<text transform=\"translate(\(SVGPanel.f(p.px(Double(i) + 0.5) + 3)),\(SVGPanel.f(p.y + p.height + 8))) rotate(60)\" font-size=\"10\">\(SVGPanel.escape(types[i].name))</text>\n"
        }
        p.legend([("observed", SVGPanel.observedColor), ("simulated", SVGPanel.simulatedColor)])
        return SVGPanel.document(width: 920, height: 520, [p])
    }

    /// Time on scene of the six largest types: the observed distribution function at the bins'
    /// edges against the fitted one.
    static func onScene(_ draft: ScenarioDraft) -> String {
        let types = Array(draft.callTypes.filter { $0.fit != nil && $0.onScene.sample.count > 0 }
            .sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(6))
        var panels: [SVGPanel] = []
        for (i, t) in types.enumerated() {
            var p = SVGPanel(x: 70 + Double(i % 3) * 300, y: 40 + Double(i / 3) * 260, width: 220, height: 180,
                             xRange: 0...8, yRange: 0...1)  // log2 minutes 0 (1 min) to 8 (256 min)
            p.axes(title: "\(t.name) (\(t.fit!.family.rawValue))", xLabel: "minutes on scene (log scale)",
                   yLabel: "share at most", xTicks: [0, 2, 4, 6, 8].map { (Double($0), String(1 << $0)) })
            var below = 0
            var observed: [(Double, Double)] = []
            let n = Double(t.onScene.sample.count)
            for b in 0..<(OnSceneStats.binCount - 1) {
                below += t.onScene.bins[b]
                let edge = OnSceneStats.upperEdge(b)
                if edge >= 1 && edge <= 256 { observed.append((log2(edge), Double(below) / n)) }
            }
            let fitted = stride(from: 0.0, through: 8, by: 0.1).map { ($0, t.fit!.distribution.cdf(exp2($0))) }
            p.line(observed, color: SVGPanel.observedColor)
            p.line(fitted, color: SVGPanel.fittedColor, dashed: true)
            if i == 0 { p.legend([("observed", SVGPanel.observedColor), ("fitted", SVGPanel.fittedColor)]) }
            panels.append(p)
        }
        let rows = max(1, (types.count + 2) / 3)
        return SVGPanel.document(width: 960, height: 40 + Double(rows) * 260, panels)
    }
}
