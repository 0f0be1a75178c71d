// DiagnosticCollector.swift: gathers every error and warning in a file, to report them all at once.

/// Collects the problems found while decoding one scenario, so that a decoder can go on past a bad
/// field and report every bad field at once.
///
///     let diagnostics = DiagnosticCollector(file: "Scenarios/x.yaml")
///     let seed = diagnostics.attempt { try settings.required("seed").int(atLeast: 0) }
///     let units = diagnostics.attempt { try police.required("units").int(atLeast: 0) }
///     try diagnostics.finish()   // throws ScenarioErrors listing both, if both are bad
///
/// It is a class so that helper functions can share one collector; use it from one thread at a time.
public final class DiagnosticCollector {
    /// The file being decoded, named by problems that have no better place; may be empty.
    public let file: String
    /// The errors recorded so far, in the order they were recorded.
    public private(set) var errors: [ScenarioError] = []
    /// The warnings recorded so far, in the order they were recorded.
    public private(set) var warnings: [ScenarioError] = []

    /// - Parameter file: the file being decoded, or empty when problems always carry their own place.
    public init(file: String = "") {
        self.file = file
    }

    /// Runs `body`; if it throws, records the problem(s) and returns nil instead.
    ///
    /// - Parameter value: where to report an error that is not a `ScenarioError` (say, one thrown by
    ///   a model type's validation); without it such an error is reported against the whole file.
    public func attempt<T>(at value: YAMLValue? = nil, _ body: () throws -> T) -> T? {
        do {
            return try body()
        } catch {
            record(error, at: value)
            return nil
        }
    }

    /// Records a problem: each `ScenarioError` (alone or in `ScenarioErrors`) by its severity; any
    /// other error as an error at `value`, or against the whole file, with its description as message.
    public func record(_ error: any Error, at value: YAMLValue? = nil) {
        let problems = ScenarioErrors.problems(in: error)
            ?? [value?.error(String(describing: error)) ?? ScenarioError(file: file, message: String(describing: error))]
        for problem in problems {
            switch problem.severity {
            case .error: errors.append(problem)
            case .warning: warnings.append(problem)
            }
        }
    }

    /// Records a warning at `value`, or against the whole file.
    public func warn(_ message: String, at value: YAMLValue? = nil) {
        warnings.append(value?.warning(message) ?? ScenarioError(file: file, message: message, severity: .warning))
    }

    /// Records a problem as a warning, whatever its severity.
    public func warn(_ problem: ScenarioError) {
        warnings.append(problem.asWarning)
    }

    /// Throws `ScenarioErrors` with every error recorded, if there is any.
    public func finish() throws {
        if !errors.isEmpty { throw ScenarioErrors(errors) }
    }
}
