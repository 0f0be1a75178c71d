// Replication.swift: runs one replication of a city from start to horizon.

import DispatchEngine
import DispatchRandom

extension CityConfiguration {
    /// Simulates one replication with the streams `seeder` derives for it and returns what it
    /// measured. Deterministic: the same city, seeder and replication give the same result.
    public func runReplication(seeder: StreamSeeder, replication: Int) -> ReplicationResult {
        var simulation = Simulation(model: DispatchModel(city: self, seeder: seeder, replication: replication))
        simulation.model.start(context: &simulation.context)
        _ = simulation.run(until: horizonMinutes)
        simulation.model.finish(at: horizonMinutes)
        return simulation.model.metrics.result(horizon: horizonMinutes, events: simulation.eventsExecuted)
    }
}
