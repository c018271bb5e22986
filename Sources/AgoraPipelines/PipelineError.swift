/// A pipeline failed while running: names the file, line and step, and says why.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var step: String
    public var message: String

    public init(file: String, line: Int, step: String, message: String) {
        self.file = file
        self.line = line
        self.step = step
        self.message = message
    }

    public var description: String { "\(file):\(line): step '\(step)': \(message)" }
}
