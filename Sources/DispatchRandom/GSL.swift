// GSL.swift: the one choke point between DispatchRandom and the GNU Scientific Library.
//
// GSL's default error handler aborts the process; it is switched off once, before the first GSL
// call, and every GSL status is checked by Swift. GSL does not check distribution parameters: the
// throwing factories in Distribution.swift do.

internal import CGSL

/// Switches GSL's aborting error handler off. Swift runs a global's initializer exactly once,
/// thread-safely, on first use; every entry point into GSL touches `gslReady` first.
let gslReady: Void = {
    _ = gsl_set_error_handler_off()
}()

/// A failed GSL call: the function, GSL's status code and its text.
public struct GSLError: Error, CustomStringConvertible, Sendable, Equatable {
    public let function: String
    public let status: Int32
    public var description: String {
        let text = gsl_strerror(status).map { String(cString: $0) } ?? "unknown error"
        return "\(function) failed: \(text) (GSL status \(status))"
    }
}

/// Checks a GSL status code, throwing a `GSLError` that names the function when it is not success.
@inline(__always)
func checkGSL(_ status: Int32, _ function: String) throws(GSLError) {
    if status != GSL_SUCCESS {
        throw GSLError(function: function, status: status)
    }
}
