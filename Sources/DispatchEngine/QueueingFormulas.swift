// QueueingFormulas.swift: exact steady-state results for M/M/c (Erlang B and C) and M/G/1
// (Pollaczek-Khinchine), to validate simulations against.

/// The M/M/c queue in steady state: Poisson arrivals, c servers, exponential service, one FIFO
/// queue, no abandonment. Rates are per minute; results are in minutes and customers.
public struct MMcQueue: Sendable, Hashable {
    public let arrivalRatePerMinute: Double
    public let serviceRatePerMinute: Double
    public let servers: Int

    /// - Throws: ``ParameterError`` when a rate is not a finite number > 0, `servers < 1`, or the
    ///   queue is unstable (arrival rate >= servers x service rate).
    public init(arrivalRatePerMinute: Double, serviceRatePerMinute: Double, servers: Int) throws(ParameterError) {
        guard arrivalRatePerMinute.isFinite && arrivalRatePerMinute > 0 else {
            throw ParameterError(subject: "M/M/c queue", parameter: "arrivalRatePerMinute",
                                 expected: "a finite number > 0", found: "\(arrivalRatePerMinute)")
        }
        guard serviceRatePerMinute.isFinite && serviceRatePerMinute > 0 else {
            throw ParameterError(subject: "M/M/c queue", parameter: "serviceRatePerMinute",
                                 expected: "a finite number > 0", found: "\(serviceRatePerMinute)")
        }
        guard servers >= 1 else {
            throw ParameterError(subject: "M/M/c queue", parameter: "servers",
                                 expected: "a whole number >= 1", found: "\(servers)")
        }
        guard arrivalRatePerMinute < Double(servers) * serviceRatePerMinute else {
            throw ParameterError(subject: "M/M/c queue", parameter: "arrivalRatePerMinute",
                                 expected: "< servers x serviceRatePerMinute = \(Double(servers) * serviceRatePerMinute) (a stable queue)",
                                 found: "\(arrivalRatePerMinute)")
        }
        self.arrivalRatePerMinute = arrivalRatePerMinute
        self.serviceRatePerMinute = serviceRatePerMinute
        self.servers = servers
    }

    /// The offered load a = lambda / mu, in Erlangs.
    public var offeredLoad: Double { arrivalRatePerMinute / serviceRatePerMinute }

    /// The server utilization rho = a / c, in (0, 1).
    public var utilization: Double { offeredLoad / Double(servers) }

    /// Erlang B: the probability that all c servers are busy in the loss system M/M/c/c, by the
    /// stable recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)).
    /// - Complexity: O(c).
    public static func erlangB(servers: Int, offeredLoad a: Double) -> Double {
        var blocking = 1.0
        for k in stride(from: 1, through: servers, by: 1) {
            blocking = a * blocking / (Double(k) + a * blocking)
        }
        return blocking
    }

    /// Erlang C: the probability that an arrival waits, P(W > 0) = B / (1 - rho (1 - B)), with B
    /// the Erlang B probability for the same c and a.
    /// - Complexity: O(c).
    public var probabilityOfWaiting: Double {
        let blocking = Self.erlangB(servers: servers, offeredLoad: offeredLoad)
        return blocking / (1 - utilization * (1 - blocking))
    }

    /// The mean wait in queue, Wq = C / (c mu - lambda), minutes.
    /// - Complexity: O(c).
    public var meanWaitMinutes: Double {
        probabilityOfWaiting / (Double(servers) * serviceRatePerMinute - arrivalRatePerMinute)
    }

    /// The mean time in system, W = Wq + 1 / mu, minutes.
    public var meanSojournMinutes: Double { meanWaitMinutes + 1 / serviceRatePerMinute }

    /// The mean number waiting, Lq = lambda Wq (Little's law).
    public var meanQueueLength: Double { arrivalRatePerMinute * meanWaitMinutes }

    /// The mean number in system, L = lambda W (Little's law).
    public var meanNumberInSystem: Double { arrivalRatePerMinute * meanSojournMinutes }
}

/// The M/G/1 queue in steady state: Poisson arrivals, one server, generally distributed service,
/// FIFO. Rates are per minute; results are in minutes and customers.
public struct MG1Queue: Sendable, Hashable {
    public let arrivalRatePerMinute: Double
    public let meanServiceMinutes: Double
    /// The variance of the service time, minutes squared.
    public let serviceVariance: Double

    /// - Throws: ``ParameterError`` when the rate or the mean service time is not a finite number
    ///   > 0, the variance is not a finite number >= 0, or the queue is unstable (rho >= 1).
    public init(arrivalRatePerMinute: Double, meanServiceMinutes: Double, serviceVariance: Double) throws(ParameterError) {
        guard arrivalRatePerMinute.isFinite && arrivalRatePerMinute > 0 else {
            throw ParameterError(subject: "M/G/1 queue", parameter: "arrivalRatePerMinute",
                                 expected: "a finite number > 0", found: "\(arrivalRatePerMinute)")
        }
        guard meanServiceMinutes.isFinite && meanServiceMinutes > 0 else {
            throw ParameterError(subject: "M/G/1 queue", parameter: "meanServiceMinutes",
                                 expected: "a finite number > 0", found: "\(meanServiceMinutes)")
        }
        guard serviceVariance.isFinite && serviceVariance >= 0 else {
            throw ParameterError(subject: "M/G/1 queue", parameter: "serviceVariance",
                                 expected: "a finite number >= 0", found: "\(serviceVariance)")
        }
        guard arrivalRatePerMinute * meanServiceMinutes < 1 else {
            throw ParameterError(subject: "M/G/1 queue", parameter: "arrivalRatePerMinute",
                                 expected: "< 1 / meanServiceMinutes = \(1 / meanServiceMinutes) (a stable queue)",
                                 found: "\(arrivalRatePerMinute)")
        }
        self.arrivalRatePerMinute = arrivalRatePerMinute
        self.meanServiceMinutes = meanServiceMinutes
        self.serviceVariance = serviceVariance
    }

    /// The server utilization rho = lambda E[S].
    public var utilization: Double { arrivalRatePerMinute * meanServiceMinutes }

    /// The second moment of the service time, E[S^2] = Var S + E[S]^2.
    public var serviceSecondMoment: Double { serviceVariance + meanServiceMinutes * meanServiceMinutes }

    /// The Pollaczek-Khinchine mean wait in queue, Wq = lambda E[S^2] / (2 (1 - rho)), minutes.
    public var meanWaitMinutes: Double {
        arrivalRatePerMinute * serviceSecondMoment / (2 * (1 - utilization))
    }

    /// The mean time in system, W = Wq + E[S], minutes.
    public var meanSojournMinutes: Double { meanWaitMinutes + meanServiceMinutes }

    /// The mean number in system, L = lambda W (Little's law).
    public var meanNumberInSystem: Double { arrivalRatePerMinute * meanSojournMinutes }
}
