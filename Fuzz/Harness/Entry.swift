// Entry.swift: the two ways in. Built by scripts/fuzz.sh with `-sanitize=fuzzer` and
// `-D DISPATCH_LIBFUZZER`, `main` hands `LLVMFuzzerTestOneInput` to libFuzzer's driver; built
// plainly (`swift build`), this is `dispatch-fuzz FILE...`, which checks each file once and prints
// what it did: how to replay a finding without libFuzzer, and what the regression tests run.

import Foundation

/// libFuzzer's entry point: checks one input. Returns 0 (libFuzzer's "keep going"); a broken
/// contract traps instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = FuzzCheck.check(bytes)
    return 0
}

#if DISPATCH_LIBFUZZER
/// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`), called from this target's own `main`:
/// SwiftPM links an executable's entry point under the target's name (`dispatch_fuzz_main`, aliased
/// to `main`), so libFuzzer's `main` is never used. Declared by its C name; its parameters are
/// plain pointers and an integer, which Swift passes as C does.
@_silgen_name("LLVMFuzzerRunDriver")
func runLibFuzzer(_ argc: UnsafeMutablePointer<CInt>,
                  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                  _ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@main
enum Fuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runLibFuzzer(&argc, &argv, fuzzOneInput))
    }
}
#else
@main
enum Replay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seconds = 60.0, mebibytes = 2048.0
        while let option = arguments.first, option.hasPrefix("--") {
            arguments.removeFirst()
            guard option != "--help", let value = arguments.first.flatMap(Double.init), value > 0 else { usage() }
            arguments.removeFirst()
            switch option {
            case "--time-limit": seconds = value
            case "--memory-limit": mebibytes = value
            default: usage()
            }
        }
        if arguments.isEmpty || arguments.contains("-h") { usage() }
        for file in arguments {
            guard let data = FileManager.default.contents(atPath: file) else {
                print("\(file): cannot read")
                exit(2)
            }
            let watchdog = Watchdog(file: file, seconds: seconds, bytes: mebibytes * 1_048_576)
            print("\(file): \(FuzzCheck.check(Array(data)))")
            watchdog.cancel()
        }
    }

    static func usage() -> Never {
        print("""
            usage: dispatch-fuzz [--time-limit SECONDS] [--memory-limit MIB] FILE...
            Checks each scenario or sweep file (with its '#set PATH=VALUE' lines as overrides) as the
            fuzzer does: it must load and simulate (bounded), or be rejected with located errors.
            Prints one line per file; a broken contract stops the process with a message, and so does
            a file that takes longer than the time limit (default 60 s) or makes the process's
            resident memory exceed the memory limit (default 2048 MiB), as libFuzzer's -timeout and
            -rss_limit_mb do.
            """)
        exit(2)
    }
}

/// Stops the process, with a contract failure naming the file, when checking it takes too long or
/// too much memory (resident set size, read from /proc/self/statm, so it works under sanitizers).
final class Watchdog: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    init(file: String, seconds: Double, bytes: Double) {
        let start = Date()
        let pageBytes = Double(sysconf(Int32(_SC_PAGESIZE)))
        Thread.detachNewThread { [self] in
            while !isCancelled {
                let elapsed = Date().timeIntervalSince(start)
                if elapsed > seconds {
                    FuzzCheck.contractFailed("\(file): still running after \(Int(seconds)) s: a hang")
                }
                if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                   let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }),
                   pages * pageBytes > bytes {
                    FuzzCheck.contractFailed("\(file): resident memory \(Int(pages * pageBytes / 1_048_576)) MiB after \(String(format: "%.1f", elapsed)) s, above the \(Int(bytes / 1_048_576)) MiB limit: unbounded memory")
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    private var isCancelled: Bool { lock.withLock { cancelled } }

    func cancel() { lock.withLock { cancelled = true } }
}
#endif
