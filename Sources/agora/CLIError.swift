/// An error the CLI reports as one line (`Error: ...`) with a non-zero exit, and no usage text.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// The run stopped to wait for something a person must give (an approval): not a failure. agora exits with
/// `exitStatus` (75, EX_TEMPFAIL: try again later) and the message says how to go on.
struct CommandPaused: Error {
    static let exitStatus: Int32 = 75
    let message: String
}
