import AgoraMemory
import AgoraTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the release binary writes, and where: devices stay devices, modes stay, a full disk loses nothing, a
/// planted link is not followed.
@Suite(.serialized) struct OutputSafetyTests {
    static let transcript = Repository.transcript("talk-tool-latency.txt")

    func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o170000 : 0
    }

    @Test func outputToDevNullLeavesTheDeviceAndAReplacedFileKeepsItsMode() async throws {
        let devNull = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--output", "/dev/null", "--trace", "/dev/null"])
        #expect(devNull.status == 0, "stderr: \(devNull.stderr)")
        #expect(fileType("/dev/null") == 0o020000, "/dev/null is no longer a character device")

        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("digest.md").path
        try Data("private\n".utf8).write(to: URL(fileURLWithPath: output))
        chmod(output, 0o600)
        let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--output", output])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        var info = stat()
        stat(output, &info)
        #expect(info.st_mode & 0o7777 == 0o600)
        #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("# Summary"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["digest.md"])
    }

    @Test func aDanglingLinkIsRefusedAsOutputAndAsMemory() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim").path
        let link = folder.appendingPathComponent("out.md").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim)
        let output = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--output", link])
        #expect(output.status != 0)
        #expect(output.stderr.contains("--output") && output.stderr.contains("does not exist"), "stderr: \(output.stderr)")

        let memoryLink = folder.appendingPathComponent("memory.sqlite").path
        try FileManager.default.createSymbolicLink(atPath: memoryLink, withDestinationPath: victim)
        let memory = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--remember", "--memory", memoryLink])
        #expect(memory.status != 0)
        #expect(memory.stdout.isEmpty)
        #expect(memory.stderr.contains("symbolic link") && memory.stderr.split(separator: "\n").count == 1, "stderr: \(memory.stderr)")
        #expect(!FileManager.default.fileExists(atPath: victim), "a database was created at the link's target")
    }

    /// A 256 KiB tmpfs, filled to several levels: every run either succeeds whole or changes nothing — the output
    /// keeps its old text and the memory its old entries — never a replaced output beside a part of the entries.
    @Test(.enabled(if: geteuid() == 0, "mounts a tmpfs: needs root"))
    func aFullDiskLeavesTheOutputAndTheMemoryAsTheyWere() async throws {
        let mountPoint = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: mountPoint) }
        guard Self.shell("mount -t tmpfs -o size=256k tmpfs '\(mountPoint.path)'") == 0 else {
            Issue.record("mount -t tmpfs was refused")
            return
        }
        defer { _ = Self.shell("umount '\(mountPoint.path)'") }
        let memory = mountPoint.appendingPathComponent("memory.sqlite").path
        let output = mountPoint.appendingPathComponent("o.md").path
        let filler = mountPoint.appendingPathComponent("filler").path
        var failures = 0
        for freeKiB in [0, 16, 32, 48, 64, 96, 128] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: mountPoint.path)) ?? [] {
                try FileManager.default.removeItem(atPath: mountPoint.appendingPathComponent(name).path)
            }
            let seeded = try await BuiltProduct.agora.run(["memory", "remember", "seed entry", "--memory", memory])
            try #require(seeded.status == 0, "stderr: \(seeded.stderr)")
            try Data("previous\n".utf8).write(to: URL(fileURLWithPath: output))
            // Fill the disk, then free what this round allows.
            _ = Self.shell("dd if=/dev/zero of='\(filler)' bs=1k 2>/dev/null; truncate -s $(( $(stat -c %s '\(filler)') - \(freeKiB * 1024) )) '\(filler)'")
            let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, "--remember", "--memory", memory, "--output", output])
            try FileManager.default.removeItem(atPath: filler)
            let entries = try await readEntries(memory)
            let text = try String(contentsOfFile: output, encoding: .utf8)
            if result.status == 0 {
                #expect(text.hasPrefix("# Summary"), "free \(freeKiB) KiB")
                #expect(entries > 1, "free \(freeKiB) KiB")
            } else {
                failures += 1
                #expect(text == "previous\n", "free \(freeKiB) KiB: the output was replaced by a failed run: \(result.stderr)")
                #expect(entries == 1, "free \(freeKiB) KiB: the memory kept \(entries - 1) entries of a failed run: \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains("disk full"), "stderr: \(result.stderr)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: mountPoint.path)
            #expect(!names.contains { $0.hasPrefix(".o.md") }, "a temporary file was left: \(names)")
        }
        #expect(failures > 0, "no level of free space made the run fail: the test no longer tests anything")
    }

    func readEntries(_ memory: String) async throws -> Int {
        let result = try await BuiltProduct.agora.run(["memory", "export", "--memory", memory])
        return result.stdout.split(separator: "\n").count
    }

    static func shell(_ command: String) -> Int32 {
        ChildProcess.status("/bin/sh", ["-c", command])
    }

    @Test func aPipeIsReadAsTheTranscript() async throws {
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("talk.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The shell feeds the FIFO while agora reads it; `timeout` bounds the wait if agora never opens it.
        let feeder = try ChildProcess(URL(fileURLWithPath: "/bin/sh"),
                                      ["-c", "exec timeout 30 sh -c 'cat \"$0\" > \"$1\"' '\(Self.transcript)' '\(fifo)'"])
        let read = try await BuiltProduct.agora.run(["summarize", fifo, "--format", "sentences", "--words", "30"])
        await feeder.exit(timeout: 60)
        #expect(read.status == 0, "stderr: \(read.stderr)")
        #expect(!read.stdout.isEmpty)
    }

    @Test func aNegativeNumberIsNamedNotMissing() async throws {
        for option in ["--words", "--segment-words", "--fan-in"] {
            let result = try await BuiltProduct.agora.run(["summarize", Self.transcript, option, "-5"])
            #expect(result.status != 0)
            #expect(!result.stderr.contains("Missing value"), "stderr: \(result.stderr)")
            #expect(result.stderr.contains(option) && result.stderr.contains("-5"), "stderr: \(result.stderr)")
        }
        let folder = try FileManager.default.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recall = try await BuiltProduct.agora.run(["recall", "budget", "-k", "-5", "--memory", folder.appendingPathComponent("m.sqlite").path])
        #expect(recall.status != 0)
        #expect(recall.stderr == "agora: -k must be at least 1 (got -5)\n", "stderr: \(recall.stderr)")
    }
}
