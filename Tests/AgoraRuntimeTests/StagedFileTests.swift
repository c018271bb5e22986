import AgoraCore
import AgoraRuntime
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Output files on real files, links, FIFOs, sockets and devices: all or nothing, and never written through
/// something that was not asked for.
@Suite struct StagedFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("staged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode : 0
    }

    func listing() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    @Test func aReplacedFileKeepsItsModeAndNothingIsLeftBeside() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = path("digest.md")
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o600)
        try StagedFile.write(Data("new\n".utf8), to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        #expect(mode(target) & 0o7777 == 0o600)
        #expect(try listing() == ["digest.md"])
    }

    @Test func aNewFileGetsTheUmaskModeNotMkstempsPrivateOne() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = path("new.md")
        try StagedFile.write(Data("x".utf8), to: target)
        let mask = umask(0o022)
        umask(mask)
        #expect(mode(target) & 0o7777 == 0o666 & ~mask)
    }

    @Test func devNullStaysADevice() throws {
        try StagedFile.write(Data("discarded".utf8), to: "/dev/null")
        #expect(mode("/dev/null") & 0o170000 == 0o020000)
        let sink = try JSONLinesTraceSink(path: "/dev/null")
        sink.record(TraceEvent(time: 0, runID: "r", path: AgentPath(), kind: .note("x")))
        try sink.close()
        #expect(mode("/dev/null") & 0o170000 == 0o020000)
        try FileManager.default.removeItem(at: folder)
    }

    @Test func aFIFOIsWrittenStraight() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let staged = try StagedFile(path: fifo)
        try staged.write(Data("through the pipe\n".utf8))
        // The reader holds the other end; the commit's open blocks until it is there.
        let reader = Task.detached { () -> String in
            let descriptor = open(fifo, O_RDONLY | O_NONBLOCK)
            defer { close(descriptor) }
            var data = Data()
            var buffer = [UInt8](repeating: 0, count: 256)
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline, !data.contains(UInt8(ascii: "\n")) {
                let count = read(descriptor, &buffer, buffer.count)
                if count > 0 { data.append(contentsOf: buffer[..<count]) } else { usleep(5_000) }
            }
            return String(decoding: data, as: UTF8.self)
        }
        try await Task.sleep(for: .milliseconds(50))
        try staged.commit()
        #expect(await reader.value == "through the pipe\n")
        #expect(mode(fifo) & 0o170000 == 0o010000)
    }

    @Test func aLinkToAFileWritesTheFileAndStaysALink() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let real = path("real.md")
        try Data("old".utf8).write(to: URL(fileURLWithPath: real))
        chmod(real, 0o640)
        let link = path("link.md")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: real)
        try StagedFile.write(Data("new".utf8), to: link)
        #expect(mode(link) & 0o170000 == 0o120000)
        #expect(try String(contentsOfFile: real, encoding: .utf8) == "new")
        #expect(mode(real) & 0o7777 == 0o640)
    }

    @Test func refusesADirectoryASocketAndALinkToNothing() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: OutputTargetError.self) { try StagedFile(path: folder.path) }
        let missing = path("nowhere/target")
        let dangling = path("dangling.md")
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: path("victim.md"))
        let error = #expect(throws: OutputTargetError.self) { try StagedFile.write(Data("x".utf8), to: dangling) }
        #expect(error?.description.contains("does not exist") == true)
        #expect(!FileManager.default.fileExists(atPath: path("victim.md")), "the link's target was created")
        #expect(throws: OutputTargetError.self) { try StagedFile.write(Data("x".utf8), to: missing) }

        let socketPath = path("sock")
        let socket = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.utf8.prefix(buffer.count - 1).enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        #expect(bound == 0)
        let refused = #expect(throws: OutputTargetError.self) { try StagedFile(path: socketPath) }
        #expect(refused?.description.contains("socket") == true)
    }

    /// The old temporary name, `.NAME.PID.tmp`, could be planted as a link to a file root would then overwrite.
    @Test func aLinkPlantedAtThePredictableTemporaryNameIsNotFollowed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = path("victim")
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        let planted = path(".out.md.\(getpid()).tmp")
        try FileManager.default.createSymbolicLink(atPath: planted, withDestinationPath: victim)
        let staged = try StagedFile(path: path("out.md"))
        try staged.write(Data("output".utf8))
        try staged.commit()
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(try String(contentsOfFile: path("out.md"), encoding: .utf8) == "output")
        #expect(try listing() == [".out.md.\(getpid()).tmp", "out.md", "victim"])
    }

    @Test func discardedOrDroppedOutputLeavesTheTargetAsItWas() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = path("keep.md")
        try Data("previous".utf8).write(to: URL(fileURLWithPath: target))
        let staged = try StagedFile(path: target)
        try staged.write(Data("half".utf8))
        #expect(try listing().count == 2, "the temporary sits beside the target until commit")
        staged.discard()
        #expect(throws: OutputTargetError.self) { try staged.commit() }
        do {
            let dropped = try StagedFile(path: target)
            try dropped.write(Data("never committed".utf8))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "previous")
        #expect(try listing() == ["keep.md"])
    }

    @Test func aChromeTraceIsStagedAndKeepsTheExistingMode() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = path("trace.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o600)
        let sink = try TraceFile.sink(path: target)
        sink.record(TraceEvent(time: 0, runID: "r", path: AgentPath(), kind: .agentStarted(name: "root")))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "{}", "nothing replaces the file before close")
        try sink.close()
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("traceEvents"))
        #expect(mode(target) & 0o7777 == 0o600)
        #expect(try listing() == ["trace.json"])
    }
}
