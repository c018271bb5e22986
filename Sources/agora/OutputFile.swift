import AgoraRuntime
import Foundation

/// `--output`: written all or nothing through a `StagedFile`, so a failed run never leaves a half-written or
/// clobbered file, a device such as `/dev/null` stays a device, and a replaced file keeps its mode.
enum OutputFile {
    static func write(_ text: String, to path: String, option: String = "--output") throws {
        try stage(text, to: path, option: option).commit(option: option)
    }

    /// The output written to its temporary file but not yet in place: `commit(option:)` once everything else
    /// the command does has succeeded; dropping it leaves the target as it was.
    static func stage(_ text: String, to path: String, option: String = "--output") throws -> StagedFile {
        do {
            let staged = try StagedFile(path: path)
            try staged.write(Data(text.utf8))
            try staged.sync()
            return staged
        } catch let error as OutputTargetError {
            throw CLIError(message(error, option: option))
        }
    }

    /// Fails at once for a path that cannot take output (a directory, a missing folder, a link to nothing), so a
    /// long run is not wasted on it. Nothing is created: the temporary file is made only when the output is ready.
    static func check(_ path: String, option: String = "--output") throws {
        do {
            _ = try OutputTarget.resolve(path)
        } catch let error as OutputTargetError {
            throw CLIError(message(error, option: option))
        }
    }

    static func message(_ error: OutputTargetError, option: String) -> String {
        "cannot write \(option) \(error)"
    }
}

extension StagedFile {
    /// `commit()`, its failure as the CLI's one-line error naming the option.
    func commit(option: String) throws {
        do {
            try commit()
        } catch let error as OutputTargetError {
            throw CLIError(OutputFile.message(error, option: option))
        }
    }
}
