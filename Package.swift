// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "gilview",
    // Linux only (README, Install): no `platforms`, as no Apple platform builds yet.
    products: [
        .executable(name: "gilview", targets: ["gilview"]),
        .library(name: "GILCore", targets: ["GILCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        // Scenario model, decoding and validation, the discrete-event engine, metrics and reports.
        // Pure Swift: no terminal, no wall clock, no global state.
        .target(
            name: "GILCore",
            dependencies: [
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Layout and widgets drawing into a plain cell grid: a pure function of the simulation state.
        .target(name: "GILView", dependencies: ["GILCore"]),
        // ncursesw, reached through a small C shim for the macros Swift cannot import.
        .systemLibrary(
            name: "CNcurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .executableTarget(
            name: "gilview",
            dependencies: [
                "GILCore", "GILView", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GILCoreTests",
            // HdrHistogram: the reference the engine's own latency histogram is checked against.
            dependencies: ["GILCore", .product(name: "Histogram", package: "hdrhistogram-swift")]),
        .testTarget(name: "GILViewTests", dependencies: ["GILView", "GILCore"], exclude: ["Snapshots"]),
    ]
)

// The libFuzzer targets, for the scenario reader and for the engine (docs/fuzzing.md). Only with
// GILVIEW_FUZZ set: libFuzzer provides their `main`, so they link only under `--sanitize=fuzzer`.
if Context.environment["GILVIEW_FUZZ"] != nil {
    // The code under test carries libFuzzer's coverage counters itself: `--sanitize=fuzzer` on
    // the command line did not reliably reach the library's compile (a build could link a fuzzer
    // with no coverage, which then only throws random bytes).
    for target in package.targets where target.name == "GILCore" {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer"])]
    }
    for name in ["GILFuzz", "GILFuzzEngine"] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["GILCore"], swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    }
}
