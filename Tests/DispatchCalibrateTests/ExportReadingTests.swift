// ExportReadingTests.swift: the pieces calibrate reads exports with: CSV records, timestamps,
// durations, priorities, maximum-likelihood fits, and the located errors of unusable files.

@testable import DispatchCalibrate
import DispatchRandom
import DispatchResults
import Foundation
import Testing

private func records(_ text: String) throws -> [[String]] {
    var reader = ExportReader(text: text, name: "t.csv")
    var out: [[String]] = []
    while try reader.next() { out.append(reader.strings) }
    return out
}

private func time(_ s: String) -> String? { ExportValues.timestamp(ArraySlice(s.utf8))?.text }

@Suite struct ExportReadingTests {
    @Test func csvRecordsAsExportsWriteThem() throws {
        #expect(try records("\u{FEFF}a,b\r\n1,2\r\n") == [["a", "b"], ["1", "2"]])
        #expect(try records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n") == [["a", "b"], ["x, y", "say \"hi\""]])
        #expect(try records("a\n\"two\nlines\"\nlast") == [["a"], ["two\nlines"], ["last"]])
        #expect(try records("a,b\n\n1,\n") == [["a", "b"], ["1", ""]])
        #expect(try records("5\" pipe,x\n") == [["5\" pipe", "x"]])
        // The line each record starts on, for messages.
        var reader = ExportReader(text: "h\n\"a\nb\"\nc\n", name: "t.csv")
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.line) }
        #expect(lines == [1, 2, 4])
    }

    @Test func anUnclosedQuoteIsAnErrorAtItsLine() {
        var reader = ExportReader(text: "a,b\n1,2\n3,\"open\n4,5\n", name: "calls.csv")
        #expect(throws: CalibrationError(file: "calls.csv", line: 3, message: "a quoted field opened on this line is never closed")) {
            while try reader.next() {}
        }
    }

    @Test func timestampsInTheFormsExportsUse() {
        #expect(time("2019-03-04 05:06:07") == "2019-03-04 05:06:07")
        #expect(time("2019-03-04T05:06:07.123") == "2019-03-04 05:06:07")
        #expect(time("2019-03-04T05:06:07Z") == "2019-03-04 05:06:07")
        #expect(time("2019-03-04T05:06:07-05:00") == "2019-03-04 05:06:07")
        #expect(time("2019/03/04 05:06") == "2019-03-04 05:06:00")
        #expect(time("03/04/2019 05:06:07 PM") == "2019-03-04 17:06:07")
        #expect(time("3/4/2019 12:06:07 AM") == "2019-03-04 00:06:07")
        #expect(time("3/4/2019 12:06 PM") == "2019-03-04 12:06:00")
        #expect(time("03/04/2019 17:06") == "2019-03-04 17:06:00")
        #expect(time("03-04-2019 17:06:01") == "2019-03-04 17:06:01")
        #expect(time("2019-03-04") == "2019-03-04 00:00:00")
        #expect(time(" 2020-02-29 23:59:59 ") == "2020-02-29 23:59:59")
        for bad in ["", "NULL", "2019-02-30 01:00:00", "13/01/2019 01:00", "yesterday", "20190304", "03/04/2019 13:00 PM", "2019-03-04 24:00:00"] {
            #expect(time(bad) == nil, "\(bad)")
        }
        // Weekdays: 2024-01-01 was a Monday.
        #expect(CivilTime(year: 2024, month: 1, day: 1)!.weekday == 0)
        #expect(CivilTime(year: 1969, month: 12, day: 31, hour: 23)!.date == (1969, 12, 31))
    }

    @Test func durationsAndPriorities() {
        func d(_ s: String) -> Double? { ExportValues.durationMinutes(ArraySlice(s.utf8)) }
        #expect(d("12.5") == 12.5)
        #expect(d("1:02:30") == 62.5)
        #expect(d("0:45") == 45)
        #expect(d("-0:01:00") == -1)
        #expect(d("abc") == nil && d("1:2:3:4") == nil && d("") == nil)
        func p(_ s: String) -> Int? { ExportValues.priority(ArraySlice(s.utf8)) }
        #expect(p("2") == 2 && p(" 1A") == 1 && p("3C") == 3 && p("b") == 2 && p("I") == 9)
        #expect(p("0") == nil && p("10") == nil && p("J") == nil && p("HIGH") == nil && p("") == nil)
    }

    @Test func maximumLikelihoodFitsMatchTheirClosedFormsAndRecoverParameters() throws {
        // Lognormal: the mean and standard deviation of the logarithms (divisor n).
        var s = PositiveSample()
        for x in [1.0, 2, 4, 8] { s.add(x) }
        let ln = try #require(DistributionFit.fit(.lognormal, to: s))
        let logs = [0.0, 1, 2, 3].map { $0 * log(2.0) }
        #expect(abs(ln.parameters[0].value - logs.reduce(0, +) / 4) < 1e-12)
        #expect(abs(ln.parameters[1].value - (logs.map { pow($0 - 1.5 * log(2.0), 2) }.reduce(0, +) / 4).squareRoot()) < 1e-12)
        // Gamma: the fit solves log k - digamma(k) = log(mean) - mean(log x), and scale = mean / k.
        let g = try #require(DistributionFit.fit(.gamma, to: s))
        let k = g.parameters[0].value
        #expect(abs(g.parameters[1].value * k - 3.75) < 1e-9)
        // Draws of gamma(2.5, 10): the fit is within 4 standard errors, and gamma beats lognormal.
        let stream = StreamSeeder(seed: 3).stream(purpose: 0, replication: 0)
        let truth = try Distribution.gamma(shape: 2.5, scale: 10)
        var sample = PositiveSample()
        for _ in 0..<20_000 { sample.add(stream.draw(truth)) }
        let best = try #require(DistributionFit.best(to: sample))
        #expect(best.family == .gamma)
        #expect(abs(best.parameters[0].value - 2.5) <= 4 * best.parameters[0].standardError)
        #expect(abs(best.parameters[1].value - 10) <= 4 * best.parameters[1].standardError)
        // Too little to fit.
        var one = PositiveSample()
        one.add(3)
        #expect(DistributionFit.best(to: one) == nil)
    }

    @Test func unusableExportsGetLocatedErrors() throws {
        let file = temporaryFile("calls.csv", "when,what,prio\n2019-01-01 00:00:00,THEFT,2\n")
        var map = ColumnMap()
        map.columns = [.received: ["when"], .callType: ["what"], .priority: ["priority"]]
        #expect(throws: CalibrationError.self) { _ = try Calibration(files: [file], map: map, name: "x") }
        do {
            _ = try Calibration(files: [file], map: map, name: "x")
        } catch let error as CalibrationError {
            #expect(error.description.hasPrefix("\(file):1: error: column 'priority': expected a column named 'priority'"))
            #expect(error.description.contains("found 'when', 'what', 'prio'"))
        }
        // A file with no usable row says why, and where the first problem was.
        let bad = temporaryFile("bad.csv", "when,what,prio\nsoon,THEFT,2\nlater,THEFT,2\n")
        map.columns[.priority] = ["prio"]
        do {
            _ = try Calibration(files: [bad], map: map, name: "x")
            Issue.record("expected an error")
        } catch let error as CalibrationError {
            #expect(error.description.contains("no row could be used as a call: 2 rows read; 2 received time unreadable (first at \(bad):2, found 'soon')"))
        }
    }

    @Test func aColumnMapFileIsCheckedWithLocatedErrors() throws {
        let file = temporaryFile("map.yaml", """
            columns:
              received: [Time_Create, TimeCreate]
              call_type: Type
              priorty: Priority
            include: { column: Agency, values: [POLICE] }
            """)
        #expect(throws: (any Error).self) { _ = try ColumnMap.load(file: file) }
        do { _ = try ColumnMap.load(file: file) } catch {
            #expect("\(error)".contains("map.yaml:4:3: error: columns.priorty: unknown key 'priorty'"))
        }
        let good = temporaryFile("map.yaml", """
            columns:
              received: [Time_Create, TimeCreate]
              call_type: Type
              priority: Priority
            include: { column: Agency, values: [POLICE] }
            missing: ["-1"]
            priorities: { E: 1, A: 1, B: 2 }
            categories: vera-seattle
            """)
        let map = try ColumnMap.load(file: good)
        #expect(map.columns[.received] == ["Time_Create", "TimeCreate"])
        #expect(map.include == ColumnMap.Selector(columns: ["Agency"], values: ["POLICE"]))
        #expect(map.priorities == ["E": 1, "A": 1, "B": 2])
        #expect(map.categories == "vera-seattle")
    }
}
