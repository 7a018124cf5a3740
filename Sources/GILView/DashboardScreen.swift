import GILCore

/// The dashboard as the run loop drives it: its state, and the app's hands on the world
/// outside (the watched files, saving a tweaked file). Ends on q or Ctrl-C, with that key.
public struct DashboardScreen: TerminalScreen {
    public var state: DashboardState
    private let pollMilliseconds: Int?
    private let changes: () -> [(source: Int, result: Result<Scenario, ScenarioError>)]
    private let save: (_ contents: String, _ path: String) -> String
    private let savePicture: (_ svg: String, _ path: String) -> String

    /// - Parameters:
    ///   - pollMilliseconds: how often `changes` wants to be asked while nothing moves (nil: never).
    ///   - changes: the files that changed since last asked, read again.
    ///   - save: writes a tweaked file beside the one at the path; returns what to tell the user.
    ///   - savePicture: writes the lanes' picture beside the file at the path; the same.
    public init(
        _ state: DashboardState, pollMilliseconds: Int? = nil,
        changes: @escaping () -> [(source: Int, result: Result<Scenario, ScenarioError>)] = { [] },
        save: @escaping (_ contents: String, _ path: String) -> String = { _, _ in "saving is not available here" },
        savePicture: @escaping (_ svg: String, _ path: String) -> String = { _, _ in "saving is not available here" }
    ) {
        self.state = state
        self.pollMilliseconds = pollMilliseconds
        self.changes = changes
        self.save = save
        self.savePicture = savePicture
    }

    public func render(width: Int, height: Int) -> CellGrid {
        GILView.render(state, width: width, height: height)
    }

    public var isAnimating: Bool { state.playing }
    public var idleWaitMilliseconds: Int? { pollMilliseconds }

    /// A click inspects the lane cell under it; the wheel pans the lanes.
    public mutating func respond(to mouse: MouseEvent, width: Int, height: Int) {
        switch mouse.kind {
        case .click: state.click(x: mouse.x, y: mouse.y, width: width, height: height)
        case .wheelUp: state.scrollWheel(back: true)
        case .wheelDown: state.scrollWheel(back: false)
        }
    }

    public mutating func resize(width: Int, height: Int) {
        state.laneColumns = Pane.laneColumns(boxWidth: width)
    }

    public mutating func respond(to key: Key) -> Key? {
        switch state.handle(key) {
        case .quit: return key
        case .save(let path, let contents): state.message = save(contents, path)
        case .savePicture(let path, let svg): state.message = savePicture(svg, path)
        case .keepGoing: break
        }
        return nil
    }

    public mutating func elapse(wallSeconds: Double) {
        state.elapse(wallSeconds: wallSeconds)
    }

    public mutating func work(previousSliceSeconds: Double?) -> Bool {
        state.work(previousSliceSeconds: previousSliceSeconds)
    }

    public mutating func poll() -> Bool {
        let changed = changes()
        for change in changed { state.reload(source: change.source, with: change.result) }
        return !changed.isEmpty
    }
}
