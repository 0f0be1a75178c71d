// YAMLReaderTests.swift: the YAML-reading layer: exact diagnostics, limits, durations and `--set` overrides.

import DispatchYAML
import Foundation
import Testing

/// Loads `text` as the file `x.yaml`.
private func document(_ text: String) throws -> YAMLValue {
    try YAMLValue.load(text: text, fileName: "x.yaml")
}

/// The description of what `body` throws, or nil if it throws nothing.
private func diagnostics(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return String(describing: error)
    }
}

/// The value at `key` in the top-level mapping of `text`.
private func value(_ key: String, in text: String) throws -> YAMLValue {
    try document(text).mapping().required(key)
}

private let city = """
    responders:
      police:
        units:
          city: 12
          suburbs: 4
      crisis_team:
        units:
          city: 2
    call_types:
      - name: burglary
        share: 0.3
      - name: welfare_check
        share: 0.7
    """

// MARK: - Diagnostics

@Test func descriptionReadsLikeACompiler() {
    let located = ScenarioError(location: SourceLocation(file: "Scenarios/x.yaml", line: 7, column: 12),
                                path: "responders.police.units.city",
                                message: "expected a whole number >= 0, found 'twelve'")
    #expect(located.description
        == "Scenarios/x.yaml:7:12: error: responders.police.units.city: expected a whole number >= 0, found 'twelve'")
    let suggested = ScenarioError(location: SourceLocation(file: "x.yaml", line: 1, column: 1), path: "call_shar",
                                  message: "unknown key 'call_shar'", suggestion: "call_share", severity: .warning)
    #expect(suggested.description == "x.yaml:1:1: warning: call_shar: unknown key 'call_shar' (did you mean 'call_share'?)")
    let unlocated = ScenarioError(file: "Scenarios/x.yaml", message: "no such file")
    #expect(unlocated.description == "Scenarios/x.yaml: error: no such file")
    #expect(ScenarioErrors([located, unlocated]).description == located.description + "\n" + unlocated.description)
}

@Test func closestMatchIgnoresCaseAndAllowsASwap() {
    #expect(closestMatch("polce", in: ["crisis_team", "police"]) == "police")
    #expect(closestMatch("POLICE", in: ["crisis_team", "police"]) == "police")
    #expect(closestMatch("plocie", in: ["police"]) == "police")
    #expect(closestMatch("ambulance", in: ["police", "crisis_team"]) == nil)
    #expect(closestMatch("x", in: []) == nil)
}

// MARK: - Mappings and lists

@Test func unknownKeyIsLocatedWithSuggestion() throws {
    let items = try value("call_types", in: "call_types:\n  - name: burglary\n    call_shar: 0.2\n").sequence()
    #expect(diagnostics { try items[0].mapping(allowedKeys: ["name", "call_share"]) }
        == "x.yaml:3:5: error: call_types.burglary.call_shar: unknown key 'call_shar' (did you mean 'call_share'?)")
}

@Test func unknownKeyWithoutCloseMatchListsAllowedKeys() {
    #expect(diagnostics { try document("name: x\nzebra: 1\n").mapping(allowedKeys: ["name", "seed"]) }
        == "x.yaml:2:1: error: zebra: unknown key 'zebra'; expected one of: name, seed")
}

@Test func everyUnknownKeyIsReportedAtOnce() {
    #expect(diagnostics { try document("sede: 1\nname: x\nreplication: 3\n").mapping(allowedKeys: ["seed", "name", "replications"]) }
        == """
        x.yaml:1:1: error: sede: unknown key 'sede' (did you mean 'seed'?)
        x.yaml:3:1: error: replication: unknown key 'replication' (did you mean 'replications'?)
        """)
}

@Test func aHundredProblemsAreListedAndTheRestCounted() throws {
    let text = (0..<250).map { "k\($0): 1\n" }.joined()
    let listed = try #require(diagnostics { try document(text).mapping(allowedKeys: ["name"]) })
    let lines = listed.split(separator: "\n")
    #expect(lines.count == ScenarioErrors.maximumListed + 1)
    #expect(lines[0] == "x.yaml:1:1: error: k0: unknown key 'k0'; expected one of: name")
    #expect(lines[99] == "x.yaml:100:1: error: k99: unknown key 'k99'; expected one of: name")
    #expect(lines[100] == "... and 150 more problems; fix those above first")
}

@Test func duplicateKeyIsAnError() {
    #expect(diagnostics { try document("seed: 1\nname: x\nseed: 2\n") }
        == "x.yaml:1:1: error: duplicate key 'seed': a key may appear only once in a mapping")
    // Keys that YAML types differently (a number and a string) but read the same.
    #expect(diagnostics { try document("1: a\n'1': b\n").mapping() }
        == "x.yaml:2:1: error: 1: duplicate key '1': a key may appear only once in a mapping (it is also at line 1, column 1)")
}

@Test func missingRequiredKeyIsLocatedAtTheMapping() throws {
    let police = try document(city).mapping().required("responders").mapping().required("police").mapping()
    #expect(police.keys == ["units"])
    #expect(diagnostics { try police.required("budget") }
        == "x.yaml:3:5: error: responders.police.budget: missing required key 'budget'")
    #expect(police.optional("budget") == nil)
}

@Test func optionalTreatsNullAsAbsent() throws {
    let root = try document("budget:\nlimit: ~\nname: x\n").mapping()
    #expect(root.optional("budget") == nil)
    #expect(root.optional("limit") == nil)
    #expect(try root.optional("name")?.string() == "x")
    #expect(root.keys == ["budget", "limit", "name"])
    #expect(root.entries.map(\.value.path) == ["budget", "limit", "name"])
}

@Test func listItemsAreNamedByTheirNameKey() throws {
    let items = try value("call_types", in: "call_types:\n  - name: burglary\n  - share: 0.5\n  - [1]\n").sequence()
    #expect(items.map(\.path) == ["call_types.burglary", "call_types[1]", "call_types[2]"])
    #expect(items.map(\.location.line) == [2, 3, 4])
}

// MARK: - Scalars

@Test func wrongTypeForEachAccessor() throws {
    let root = try document("""
        list: [1, 2]
        map: {a: 1}
        word: twelve
        half: 6.5
        empty:
        """).mapping()
    let list = try root.required("list"), map = try root.required("map")
    let word = try root.required("word"), half = try root.required("half"), empty = try root.required("empty")
    #expect(diagnostics { try word.mapping() } == "x.yaml:3:7: error: word: expected a mapping, found 'twelve'")
    #expect(diagnostics { try map.sequence() } == "x.yaml:2:6: error: map: expected a list, found a mapping")
    #expect(diagnostics { try list.string() } == "x.yaml:1:7: error: list: expected text, found a list")
    #expect(diagnostics { try empty.string() } == "x.yaml:5:7: error: empty: expected text, found nothing")
    #expect(diagnostics { try word.double() } == "x.yaml:3:7: error: word: expected a number, found 'twelve'")
    #expect(diagnostics { try half.int() } == "x.yaml:4:7: error: half: expected a whole number, found '6.5'")
    #expect(diagnostics { try word.int(atLeast: 0) } == "x.yaml:3:7: error: word: expected a whole number >= 0, found 'twelve'")
    #expect(diagnostics { try word.bool() } == "x.yaml:3:7: error: word: expected true or false, found 'twelve'")
    #expect(diagnostics { try map.duration() }
        == "x.yaml:2:6: error: map: expected a duration such as '30 min' or '1.5 h', found a mapping")
    #expect(diagnostics { try word.numberList() } == "x.yaml:3:7: error: word: expected a list of numbers, found 'twelve'")
    #expect(diagnostics { try word.choice(from: ["mrg32k3a", "mt19937"]) }
        == "x.yaml:3:7: error: word: expected one of mrg32k3a, mt19937, found 'twelve'")
    #expect(diagnostics { try value("generator", in: "generator: MRG32k3").choice(from: ["mrg32k3a", "mt19937"]) }
        == "x.yaml:1:12: error: generator: expected one of mrg32k3a, mt19937, found 'MRG32k3' (did you mean 'mrg32k3a'?)")
}

@Test(arguments: [
    ("12", 12.0), ("-0.5", -0.5), ("1_000", 1_000), ("2.5e6", 2_500_000), ("+5", 5), (".5", 0.5), ("5.", 5),
    ("'6'", 6), ("1E-3", 0.001),
] as [(String, Double)])
func numbersInYAMLSyntax(text: String, expected: Double) throws {
    #expect(try value("x", in: "x: \(text)").double() == expected)
}

@Test func wholeNumbers() throws {
    #expect(try value("x", in: "x: 6.0").int() == 6)
    #expect(try value("x", in: "x: 1_000").int() == 1_000)
    #expect(try value("x", in: "x: 1e3").int(atLeast: 0, atMost: 1_000) == 1_000)
    #expect(diagnostics { try value("x", in: "x: -3").int(atLeast: 0) } == "x.yaml:1:4: error: x: expected a whole number >= 0, found '-3'")
    #expect(diagnostics { try value("x", in: "x: 11").int(atLeast: 1, atMost: 10) }
        == "x.yaml:1:4: error: x: expected a whole number between 1 and 10, found '11'")
    #expect(diagnostics { try value("x", in: "x: 1__0").int() } == "x.yaml:1:4: error: x: expected a whole number, found '1__0'")
}

@Test(arguments: [".inf", "-.inf", ".nan", "1e400"])
func nonFiniteNumbersAreErrors(text: String) {
    #expect(diagnostics { try value("rate", in: "rate: \(text)").double() }
        == "x.yaml:1:7: error: rate: expected a finite number, found '\(text)'")
}

@Test func numberBoundsAreNamedInTheMessage() {
    #expect(diagnostics { try value("rate", in: "rate: 0").double(greaterThan: 0) }
        == "x.yaml:1:7: error: rate: expected a number > 0, found '0'")
    #expect(diagnostics { try value("share", in: "share: 1.5").double(atLeast: 0, atMost: 1) }
        == "x.yaml:1:8: error: share: expected a number between 0 and 1, found '1.5'")
    #expect(diagnostics { try value("share", in: "share: .inf").double(greaterThan: 0, atMost: 0.5) }
        == "x.yaml:1:8: error: share: expected a finite number > 0 and <= 0.5, found '.inf'")
}

@Test func booleans() throws {
    #expect(try value("x", in: "x: true").bool())
    #expect(try value("x", in: "x: No").bool() == false)
}

@Test func numberListAndMatrix() throws {
    #expect(try value("x", in: "x: [0.2, 0.5, 0.3]").numberList() == [0.2, 0.5, 0.3])
    #expect(try value("m", in: "m:\n  - [0, 10]\n  - [10, 0]\n").numberMatrix(rows: 2, columns: 2) == [[0, 10], [10, 0]])
    #expect(diagnostics { try value("m", in: "m:\n  - [0, 10]\n  - [10, x, 3]\n").numberMatrix() }
        == """
        x.yaml:3:10: error: m[1][1]: expected a number, found 'x'
        """)
    #expect(diagnostics { try value("m", in: "m:\n  - [0, 10]\n  - [10, 0, 3]\n  - [oops]\n").numberMatrix() }
        == """
        x.yaml:3:5: error: m[1]: expected 2 numbers like the first row, found 3
        x.yaml:4:6: error: m[2][0]: expected a number, found 'oops'
        """)
    #expect(diagnostics { try value("m", in: "m: [[1]]").numberMatrix(rows: 2) } == "x.yaml:1:4: error: m: expected 2 rows, found 1")
}

// MARK: - Durations

@Test(arguments: [
    ("30", 30.0), ("90s", 1.5), ("90 s", 1.5), ("30 sec", 0.5), ("1 second", 1.0 / 60), ("120 seconds", 2),
    ("60 min", 60), ("1 mins", 1), ("1 minute", 1), ("2.5 minutes", 2.5), ("1.5 h", 90), ("2 hr", 120),
    ("1 hour", 60), ("3 hours", 180), ("1 d", 1_440), ("1 day", 1_440), ("1000 days", 1_440_000),
    ("1 w", 10_080), ("1 week", 10_080), ("2 weeks", 20_160), ("2.5e1 min", 25), ("1 H", 60), ("0 min", 0),
] as [(String, Double)])
func durationsInEachUnit(text: String, minutes: Double) throws {
    #expect(try value("d", in: "d: \(text)").duration() == minutes)
}

@Test func badDurations() {
    #expect(diagnostics { try value("d", in: "d: 2 fortnights").duration() }
        == "x.yaml:1:4: error: d: unknown time unit 'fortnights' in '2 fortnights'; use s, min, h, d or w")
    #expect(diagnostics { try value("d", in: "d: 5 minuts").duration() }
        == "x.yaml:1:4: error: d: unknown time unit 'minuts' in '5 minuts'; use s, min, h, d or w (did you mean 'minute'?)")
    #expect(diagnostics { try value("d", in: "d: -5 min").duration() }
        == "x.yaml:1:4: error: d: expected a duration >= 0, found '-5 min'")
    #expect(diagnostics { try value("d", in: "d: .inf").duration() }
        == "x.yaml:1:4: error: d: expected a finite duration, found '.inf'")
    #expect(diagnostics { try value("d", in: "d: 1e400 h").duration() }
        == "x.yaml:1:4: error: d: expected a finite duration, found '1e400 h'")
    #expect(diagnostics { try value("d", in: "d: soon").duration() }
        == "x.yaml:1:4: error: d: expected a duration such as '30 min' or '1.5 h', found 'soon'")
}

// MARK: - Loading and safety

@Test func syntaxErrorHasLineAndColumn() {
    #expect(diagnostics { try document("a: [1, 2\nb: 3\n") }
        == "x.yaml:2:2: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 4)")
    #expect(diagnostics { try document("a:\n\tb: 1\n") }
        == "x.yaml:2:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token); "
        + "YAML does not allow tabs for indentation, use spaces")
    #expect(diagnostics { try document("a: 1\n---\nb: 2\n") }
        == "x.yaml:2:1: error: expected a single YAML document, found a second one here")
    #expect(diagnostics { try document("a: 1\nb: \"x\u{1}\"\n") }
        == "x.yaml:2:6: error: cannot read the text: control characters are not allowed")
}

@Test(arguments: ["", "# nothing but a comment\n", "~\n"])
func emptyDocumentIsLocatedError(text: String) {
    #expect(diagnostics { try document(text) } == "x.yaml:1:1: error: the document is empty")
}

@Test func billionLaughsIsRejectedFast() {
    var text = "lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
        text += "lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
    }
    let asKey = text + "? *lol9\n: boom\n"
    let clock = ContinuousClock()
    let start = clock.now
    #expect(diagnostics { try document(text) }
        == "x.yaml:2:14: error: anchors and aliases are not supported in scenario files; write each value out in full")
    #expect(diagnostics { try document(asKey) }
        == "x.yaml:2:14: error: anchors and aliases are not supported in scenario files; write each value out in full")
    #expect(clock.now - start < .milliseconds(500))
}

@Test func anchorsAndAliasesAreRejectedEvenWhenHarmless() throws {
    #expect(diagnostics { try document("base: &base {units: 3}\n") }
        == "x.yaml:1:7: error: anchors and aliases are not supported in scenario files; write each value out in full")
    #expect(diagnostics { try document("police:\n  <<: *base\n") }
        == "x.yaml:2:7: error: anchors and aliases are not supported in scenario files; write each value out in full")
    // An ampersand in ordinary text is not an anchor.
    #expect(try value("note", in: "note: R&D, Tom &Jerry\n").string() == "R&D, Tom &Jerry")
}

@Test func deepNestingIsRejected() throws {
    func nested(_ depth: Int) -> String {
        "x: " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1) + "\n"
    }
    _ = try document(nested(YAMLValue.maximumNestingDepth))
    #expect(diagnostics { try document(nested(65)) }
        == "x.yaml:1:67: error: nesting deeper than 64 levels is not supported")
    // Past libyaml's own limit (1000 levels) the parser stops first; the message is the same.
    #expect(diagnostics { try document(nested(5_000)) } == "x.yaml:1:5: error: nesting deeper than 64 levels is not supported")
    // Yams recurses once per level until libyaml stops it at 1000: that must fit a worker thread's stack.
    #expect(diagnostics { try document(String(repeating: "{a: ", count: 1_100)) }
        == "x.yaml:1:3997: error: nesting deeper than 64 levels is not supported")
}

@Test func loadsAFileAndNamesItAsGiven() throws {
    let path = try #require(Bundle.module.path(forResource: "scenario", ofType: "yaml", inDirectory: "Fixtures/yaml"))
    let root = try YAMLValue.load(file: path).mapping(allowedKeys: ["name", "seed", "responders", "call_types"])
    #expect(try root.required("seed").int() == 2026)
    let units = try root.required("responders").mapping().required("police").mapping().required("units")
    #expect(units.location == SourceLocation(file: path, line: 6, column: 12))
    #expect(diagnostics { try units.mapping().required("city").int(atLeast: 0) }
        == "\(path):6:19: error: responders.police.units.city: expected a whole number >= 0, found 'twelve'")
}

@Test func unreadableFilesAreErrors() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-reader-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }

    let missing = folder.appendingPathComponent("missing.yaml").path
    #expect(diagnostics { try YAMLValue.load(file: missing) } == "\(missing): error: no such file")
    #expect(diagnostics { try YAMLValue.load(file: folder.path) } == "\(folder.path): error: is a directory, not a scenario file")

    let latin1 = folder.appendingPathComponent("latin1.yaml").path
    _ = FileManager.default.createFile(atPath: latin1, contents: Data("name: x\nzone: caf".utf8 + [0xE9] + Data("\n".utf8)))
    #expect(diagnostics { try YAMLValue.load(file: latin1) } == "\(latin1):2:10: error: the file is not UTF-8 text")
}

@Test func oversizedFileIsRefusedBeforeReading() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).yaml").path
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 5 << 20)  // sparse: nothing is written
    try handle.close()
    #expect(diagnostics { try YAMLValue.load(file: path) }
        == "\(path): error: the file is 5242880 bytes (5.0 MiB); a scenario file may have at most 4194304 bytes (4 MiB)")
    let text = String(repeating: "#", count: YAMLValue.maximumFileBytes + 1)
    #expect(diagnostics { try document(text) }
        == "x.yaml: error: the file is 4194305 bytes (4.0 MiB); a scenario file may have at most 4194304 bytes (4 MiB)")
}

// MARK: - Collecting diagnostics

@Test func collectorReportsEveryBadFieldAtOnce() throws {
    let root = try document("seed: -1\nreplications: many\nname: ok\n").mapping()
    let diagnostics = DiagnosticCollector(file: "x.yaml")
    let seed = diagnostics.attempt { try root.required("seed").int(atLeast: 0) }
    let replications = diagnostics.attempt { try root.required("replications").int(atLeast: 1) }
    let name = diagnostics.attempt { try root.required("name").string() }
    let generator = diagnostics.attempt { try root.required("generator").string() }
    diagnostics.warn("a name this short is easy to confuse", at: try root.required("name"))
    diagnostics.record(CocoaError(.featureUnsupported), at: try root.required("name"))  // not a ScenarioError
    #expect(seed == nil && replications == nil && generator == nil)
    #expect(name == "ok")
    #expect(diagnostics.warnings.map(\.description) == ["x.yaml:3:7: warning: name: a name this short is easy to confuse"])
    #expect(diagnostics.errors.count == 4)
    #expect(throws: ScenarioErrors.self) { try diagnostics.finish() }
    #expect(diagnostics.errors.prefix(3).map(\.description) == [
        "x.yaml:1:7: error: seed: expected a whole number >= 0, found '-1'",
        "x.yaml:2:15: error: replications: expected a whole number >= 1, found 'many'",
        "x.yaml:1:1: error: generator: missing required key 'generator'",
    ])
    #expect(diagnostics.errors[3].location?.line == 3)
}

@Test func collectorWithoutErrorsFinishes() throws {
    let diagnostics = DiagnosticCollector(file: "x.yaml")
    diagnostics.warn("heavily loaded")
    diagnostics.warn(try value("rate", in: "rate: 40").error("offered load is 95% of capacity"))
    try diagnostics.finish()
    #expect(diagnostics.warnings.map(\.description) == [
        "x.yaml: warning: heavily loaded",
        "x.yaml:1:7: warning: rate: offered load is 95% of capacity",
    ])
}

@Test func collectorWithoutAFileReportsUnplacedProblemsBare() {
    struct ModelFailure: Error, CustomStringConvertible {
        var description: String { "shares must sum to 1" }
    }
    let diagnostics = DiagnosticCollector()
    #expect(diagnostics.attempt { throw ModelFailure() } as Int? == nil)
    #expect(diagnostics.errors.map(\.description) == ["error: shares must sum to 1"])
}

// MARK: - Overrides

@Test func overrideParsing() throws {
    let override = try Override.parse("call_types[1].share=0.25")
    #expect(override.path == [.name("call_types"), .index(1), .name("share")])
    #expect(override.value == "0.25")
    #expect(override.description == "--set call_types[1].share=0.25")
    #expect(try Override.parse("a.b=x=y").value == "x=y")
}

@Test(arguments: [
    ("responders.police.units.city", "--set responders.police.units.city: error: expected PATH=VALUE, such as responders.police.units.city=6"),
    ("=6", "--set =6: error: the path before '=' is empty"),
    ("a..b=1", "--set a..b=1: error: the path 'a..b' has an empty component"),
    ("a[x]=1", "--set a[x]=1: error: '[x]' in the path is not a list index such as [0]"),
    ("a[1=1", "--set a[1=1: error: '[1' in the path is not a list index such as [0]"),
    ("a[1]x5]=1", "--set a[1]x5]=1: error: 'x5]' in the path is not a list index such as [0]"),
])
func overrideParsingErrors(text: String, message: String) {
    #expect(diagnostics { try Override.parse(text) } == message)
}

@Test func overrideIntoNamedListItem() throws {
    let overridden = try document(city).applying([
        Override.parse("call_types.welfare_check.share=0.6"),
        Override.parse("call_types[0].share=0.4"),
        Override.parse("call_types.1.priority=2"),
        Override.parse("responders.police.units.city=6"),
    ])
    let items = try overridden.mapping().required("call_types").sequence()
    #expect(try items.map { try $0.mapping().required("share").double() } == [0.4, 0.6])
    #expect(try items[1].mapping().required("priority").int() == 2)
    let units = try overridden.mapping().required("responders").mapping().required("police").mapping().required("units")
    #expect(try units.mapping().required("city").int() == 6)
    #expect(try units.mapping().required("suburbs").location == SourceLocation(file: "x.yaml", line: 5, column: 16))
}

@Test func overrideAddsANewKeyWithAnyYAMLValue() throws {
    let overridden = try document(city).applying([
        Override.parse("responders.police.response_time=30 min"),
        Override.parse("responders.police.shifts=[1, 2]"),
        Override.parse("budget={total: 1_000}"),
    ])
    let root = try overridden.mapping()
    #expect(root.keys == ["responders", "call_types", "budget"])
    #expect(try root.required("budget").mapping().required("total").int() == 1_000)
    let police = try root.required("responders").mapping().required("police").mapping()
    #expect(police.keys == ["units", "response_time", "shifts"])
    #expect(try police.required("response_time").duration() == 30)
    #expect(try police.required("shifts").numberList() == [1, 2])
    #expect(police.entries[1].keyLocation.isCommandLine)
}

@Test func overrideWithMisspelledComponentSuggestsTheNearestPath() {
    #expect(diagnostics { try document(city).applying([Override.parse("responders.polce.units.city=6")]) }
        == "--set responders.polce.units.city=6: error: no 'polce' in responders (did you mean 'responders.police'?)")
    #expect(diagnostics { try document(city).applying([Override.parse("respnders.police.units.city=6")]) }
        == "--set respnders.police.units.city=6: error: no 'respnders' at the top level (did you mean 'responders'?)")
    #expect(diagnostics { try document(city).applying([Override.parse("call_types.burglery.share=0.1")]) }
        == "--set call_types.burglery.share=0.1: error: no item named 'burglery' in call_types "
        + "(did you mean 'call_types.burglary'?)")
}

@Test func overridePathErrorsSayWhatIsThere() {
    let errors = diagnostics {
        try document(city).applying([
            Override.parse("responders.ambulance.units=1"),
            Override.parse("call_types[5].share=0.1"),
            Override.parse("call_types.robbery.share=0.1"),
            Override.parse("responders.police.units.city.day=3"),
            Override.parse("responders[0]=1"),
            Override.parse("responders.police=[1"),
        ])
    }
    #expect(errors == """
        --set responders.ambulance.units=1: error: no 'ambulance' in responders; it has police, crisis_team
        --set call_types[5].share=0.1: error: no item [5] in call_types; it has 2 items, [0] to [1]
        --set call_types.robbery.share=0.1: error: no item named 'robbery' in call_types; its items are named burglary, welfare_check
        --set responders.police.units.city.day=3: error: responders.police.units.city is '12', not a mapping or a list, so it has no 'day'
        --set responders[0]=1: error: responders is a mapping, so it has no item [0]
        --set responders.police=[1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 1)
        """)
}

@Test func overrideTypeErrorIsReportedAtTheCommandLine() throws {
    let overridden = try document(city).applying([Override.parse("responders.police.units.city=six")])
    let units = try overridden.mapping().required("responders").mapping().required("police").mapping().required("units")
    #expect(diagnostics { try units.mapping().required("city").int(atLeast: 0) }
        == "--set responders.police.units.city=six: error: responders.police.units.city: expected a whole number >= 0, found 'six'")
    // The values next to it still point into the file.
    #expect(diagnostics { try units.mapping().required("suburbs").bool() }
        == "x.yaml:5:16: error: responders.police.units.suburbs: expected true or false, found '4'")
}

@Test func overrideIntoAnEmptyValueMakesAMapping() throws {
    let overridden = try document("budget:\nname: x\n").applying([Override.parse("budget.total=5")])
    #expect(try overridden.mapping().required("budget").mapping().required("total").int() == 5)
}
