import ArgumentParser
import Foundation
import GILCore
import GILView

/// The dashboard's drawing, without a terminal: a full frame into the cell grid, and the way
/// from the scenario file to the first frame.
struct DashboardTimings: Sendable {
    struct Frame: Sendable {
        var width: Int
        var height: Int
        /// Median CPU time of one full frame of the timeline (the lanes).
        var milliseconds: Double
        /// The same of the office view (`o`), drawn at the same instants.
        var officeMilliseconds: Double
    }

    /// The busy moment measured: late in io_bound.json, every model with work in flight.
    static let scenarioPath = "scenarios/io_bound.json"
    static let startTime: SimTime = 15 * Time.second
    /// Playing at real time: every frame moves the clock 1/30 s, so requests complete between
    /// frames and the figures shown change (a still frame would flatter any caching).
    static let speed = 1.0
    static let frameSeconds = 1.0 / 30

    var frames: [Frame]
    var framesMeasured: Int
    /// Reading and checking the file, building every model, the first frame at 80×24.
    var firstFrameMilliseconds: Double

    static func run(framesPerSize: Int, sink: inout Sink) throws -> DashboardTimings {
        let (scenario, firstFrame) = try Measurement.of { () throws -> Scenario in
            let scenario = try loadScenario(scenarioPath)
            let state = DashboardState(scenario: scenario, fileName: "io_bound.json")
            sink.take(render(state, width: 80, height: 24).width)
            return scenario
        }
        let frames = [(80, 24), (200, 60)].map { width, height -> Frame in
            var state = DashboardState(scenario: scenario, fileName: "io_bound.json", speed: speed)
            state.playback.seek(to: startTime)
            var lanes: [Double] = []
            var office: [Double] = []
            for _ in 0..<framesPerSize {
                state.advance(wallSeconds: frameSeconds)
                for showOffice in [false, true] {
                    state.showOffice = showOffice
                    let (grid, measured) = Measurement.of { render(state, width: width, height: height) }
                    sink.take(grid[width / 2, height / 2].character)
                    if showOffice { office.append(measured.cpuSeconds * 1000) } else { lanes.append(measured.cpuSeconds * 1000) }
                }
            }
            return Frame(
                width: width, height: height, milliseconds: lanes.sorted()[lanes.count / 2],
                officeMilliseconds: office.sorted()[office.count / 2])
        }
        return DashboardTimings(
            frames: frames, framesMeasured: framesPerSize,
            firstFrameMilliseconds: firstFrame.wallSeconds * 1000)
    }
}

/// `gilview report` on the million-request scenario, as a child process: its wall and CPU time
/// and peak resident size (the kernel's high-water mark for the child).
struct MillionRequestRun: Sendable {
    static let scenarioPath = "benchmarks/million_requests.json"

    var wallSeconds: Double
    var cpuSeconds: Double
    var peakResidentMB: Double

    /// Must run before any other child process: the kernel reports the largest peak, and the
    /// total CPU time, of the children waited for so far.
    static func run() throws -> MillionRequestRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["report", scenarioPath, "--json"]
        process.standardOutput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try process.run()
        process.waitUntilExit()
        let wall = Measurement.seconds(start.duration(to: clock.now))
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        let cpu =
            Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        // Linux reports ru_maxrss in kilobytes.
        return MillionRequestRun(wallSeconds: wall, cpuSeconds: cpu, peakResidentMB: Double(usage.ru_maxrss) / 1024)
    }
}
