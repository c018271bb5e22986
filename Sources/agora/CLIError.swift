/// An error the CLI reports as one line (`Error: ...`) with a non-zero exit, and no usage text.
struct CLIError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
