import Foundation
import Testing

@testable import GILCore

/// The engine against queueing theory, where theory has an answer.
@Suite struct QueueingTheoryTests {
    /// One thread, exponential service, Poisson arrivals: M/M/1, mean response time 1 / (μ − λ).
    @Test func singleThreadMatchesMM1() {
        let serviceMs = 10.0, rate = 60.0  // μ = 100/s, λ = 60/s, ρ = 0.6
        let scenario = TestScenarios.scenario(
            cores: 1, arrivals: .poisson(ratePerSecond: rate), size: .requests(300_000),
            jobs: [Job(name: "work", steps: [.cpu(.exponential(mean: TestScenarios.ms(serviceMs)))])],
            models: [ModelSpec(name: "1 thread")])
        let figures = TestScenarios.figures(scenario)
        let mu = 1000 / serviceMs
        let expectedMs = 1000 / (mu - rate)
        #expect(abs(figures.latency.mean / expectedMs - 1) < 0.03, "mean \(figures.latency.mean) ms, M/M/1 says \(expectedMs) ms")
        // Utilisation ρ = λ/μ on the one core.
        #expect(abs(figures.cpuUtilization - rate / mu) < 0.02)
    }

    /// `c` single-threaded processes on `c` cores sharing one queue: M/M/c (Erlang C).
    @Test func processesWithSharedQueueMatchMMc() {
        let c = 4, serviceMs = 10.0, rate = 300.0  // a = λ/μ = 3 erlangs, ρ = 0.75
        let scenario = TestScenarios.scenario(
            cores: c, arrivals: .poisson(ratePerSecond: rate), size: .requests(300_000),
            jobs: [Job(name: "work", steps: [.cpu(.exponential(mean: TestScenarios.ms(serviceMs)))])],
            models: [ModelSpec(name: "4 processes", processes: c, dispatch: .shared)])
        let figures = TestScenarios.figures(scenario)
        let mu = 1000 / serviceMs
        let expectedMs = 1000 * QueueingTheory.mmcMeanResponse(arrivalRate: rate, serviceRate: mu, servers: c)
        #expect(abs(figures.latency.mean / expectedMs - 1) < 0.03, "mean \(figures.latency.mean) ms, Erlang C says \(expectedMs) ms")
    }

    /// Round-robin queues in front of `c` processes are `c` separate M/M/1 queues (each fed λ/c,
    /// not Poisson but close at this scale): slower than one shared queue, as the seeds' "two queues" shows.
    @Test func roundRobinQueuesAreSlowerThanOneSharedQueue() {
        let jobs = [Job(name: "work", steps: [.cpu(.exponential(mean: TestScenarios.ms(10)))])]
        let scenario = TestScenarios.scenario(
            cores: 2, arrivals: .poisson(ratePerSecond: 160), size: .requests(50_000), jobs: jobs,
            models: [ModelSpec(name: "shared", processes: 2), ModelSpec(name: "rr", processes: 2, dispatch: .roundRobin)])
        let shared = TestScenarios.figures(scenario, model: 0)
        let roundRobin = TestScenarios.figures(scenario, model: 1)
        #expect(roundRobin.latency.mean > shared.latency.mean * 1.3)
    }
}

enum QueueingTheory {
    /// Mean time in system for M/M/c, in seconds, from the Erlang C formula.
    static func mmcMeanResponse(arrivalRate lambda: Double, serviceRate mu: Double, servers c: Int) -> Double {
        let a = lambda / mu
        let rho = a / Double(c)
        var sum = 0.0, term = 1.0
        for k in 0..<c {
            if k > 0 { term *= a / Double(k) }
            sum += term
        }
        let last = term * a / Double(c) / (1 - rho)  // a^c / c! / (1 − ρ)
        let erlangC = last / (sum + last)
        return erlangC / (Double(c) * mu - lambda) + 1 / mu
    }
}
