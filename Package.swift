// swift-tools-version:6.0
import PackageDescription

/// Every target is compiled in the Swift 6 language mode, which turns on complete concurrency checking.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Agora",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "AgoraCore", targets: ["AgoraCore"]),
        .library(name: "AgoraRuntime", targets: ["AgoraRuntime"]),
        .library(name: "AgoraLocal", targets: ["AgoraLocal"]),
        .library(name: "AgoraSummarize", targets: ["AgoraSummarize"]),
        .library(name: "AgoraTestKit", targets: ["AgoraTestKit"]),
        // The parsers' modules, for the fuzzing package in Fuzz/ (a package sees only products).
        .library(name: "AgoraText", targets: ["AgoraText"]),
        .library(name: "AgoraHTTP", targets: ["AgoraHTTP"]),
        .library(name: "AgoraDefinitions", targets: ["AgoraDefinitions"]),
        .library(name: "AgoraTools", targets: ["AgoraTools"]),
        .library(name: "AgoraAgents", targets: ["AgoraAgents"]),
        .executable(name: "agora", targets: ["agora"]),
        // Everything a program that scripts swarms in Swift needs: `import Agora`.
        .library(name: "Agora", targets: ["Agora"]),
        .library(name: "AgoraServices", targets: ["AgoraServices"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.0"),
        // Already a dependency of the MCP SDK: its stdio transport takes SystemPackage file descriptors.
        .package(url: "https://github.com/apple/swift-system", from: "1.0.0"),
        // Lifecycles: AgoraServices runs the pool, the curl engine and the accelerator as services.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
    ],
    targets: [
        // Protocols and values only: the vocabulary every other module speaks.
        .target(name: "AgoraCore", swiftSettings: strict),
        // The actor runtime: Swarm, AgentContext, ModelGate, limits, tracing.
        .target(name: "AgoraRuntime", dependencies: ["AgoraCore"], swiftSettings: strict),
        // Transcript parsing, sentence splitting and spoken-language cleaning, shared by back ends and pipelines.
        .target(name: "AgoraText", dependencies: ["AgoraCore"], swiftSettings: strict),
        // In-process back ends: the extractive summariser, and the summarisation request: the hint it reads and the
        // request its writers (the summarisation swarm, the pipeline engine) build, prompt and sampling included.
        .target(name: "AgoraLocal", dependencies: ["AgoraCore", "AgoraText"], swiftSettings: strict),
        // Summary quality: ROUGE (with a Porter stemmer) and the data-set runner behind `agora eval`.
        .target(name: "AgoraEval", dependencies: ["AgoraCore", "AgoraText"], swiftSettings: strict),
        // The economy of agents: ledger, prices, a contract-net market with reputations, and the auction that runs a
        // pipeline's `market` steps (Tender, registered with AgoraPipelines). No concrete back end (AgoraLocal only for
        // the summarisation hint its simulated workers read).
        .target(
            name: "AgoraEconomy", dependencies: ["AgoraCore", "AgoraRuntime", "AgoraText", "AgoraLocal", "AgoraDefinitions", "AgoraPipelines"],
            swiftSettings: strict
        ),
        // The summarisation swarm: segment, map, tree-reduce, digest, and the same steps as pipeline functions (segment,
        // digest, registered with AgoraPipelines). Back-end agnostic (AgoraLocal for the request it asks with,
        // AgoraDefinitions to read its compiled-in agent files).
        .target(
            name: "AgoraSummarize", dependencies: ["AgoraCore", "AgoraRuntime", "AgoraText", "AgoraLocal", "AgoraDefinitions", "AgoraPipelines"],
            swiftSettings: strict, plugins: ["EmbedAgentFiles"]
        ),
        // Compiles Agents/*.md into AgoraSummarize: the files are the one copy of the swarm's instructions.
        .plugin(name: "EmbedAgentFiles", capability: .buildTool(), dependencies: ["agora-embed-agent-files"]),
        .executableTarget(name: "agora-embed-agent-files", swiftSettings: strict),
        // The tool-latency lab: a simulated accelerator (own thread, own clock), sweeps, HTML/SVG reports.
        .target(name: "AgoraLab", dependencies: ["AgoraCore", "AgoraRuntime"], swiftSettings: strict),
        // Test doubles shipped with the library: ScriptedBackend, RecordingTraceSink.
        .target(name: "AgoraTestKit", dependencies: ["AgoraCore"], swiftSettings: strict),
        // libcurl for AgoraHTTP's transport: headers plus typed wrappers for its variadic calls.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // HTTP model back ends: CurlEngine (one libcurl event loop) and OpenAI-compatible chat completions.
        .target(name: "AgoraHTTP", dependencies: ["AgoraCore", "CCurl"], swiftSettings: strict),
        // Working memory: a typed log of steps rendered to messages under a token budget. No GRDB.
        .target(name: "AgoraWorkingMemory", dependencies: ["AgoraCore", "AgoraLocal"], swiftSettings: strict),
        // Long-term memory and the run journal in one SQLite workspace file (GRDB, FTS5 with BM25).
        .target(
            name: "AgoraMemory",
            dependencies: ["AgoraCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Agent files (Markdown + YAML front matter) and pipeline files, loaded into plain values.
        .target(
            name: "AgoraDefinitions",
            dependencies: ["AgoraCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Runs pipeline files as swarms: values between steps, a registry of the functions `call` steps run (chunk and
        // join built in) and of the runner of `market` steps. Knows no summariser and no economy: they register theirs.
        .target(
            name: "AgoraPipelines",
            dependencies: ["AgoraCore", "AgoraRuntime", "AgoraDefinitions", "AgoraText", "AgoraLocal"],
            swiftSettings: strict
        ),
        // swift-service-lifecycle for the parts that run threads of their own (RunnableService): a separate
        // module, so that a program without a service group does not build the library.
        .target(
            name: "AgoraServices",
            dependencies: ["AgoraCore", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
            swiftSettings: strict
        ),
        // The umbrella: re-exports the public modules and adds the typed Swift pipeline API (Step, map, reduce, ...).
        .target(
            name: "Agora",
            dependencies: [
                "AgoraCore", "AgoraRuntime", "AgoraText", "AgoraDefinitions", "AgoraPipelines", "AgoraSummarize", "AgoraLocal",
                "AgoraHTTP", "AgoraMemory", "AgoraEconomy", "AgoraTools", "AgoraAgents",
            ],
            swiftSettings: strict
        ),
        // Examples: small programs on `import Agora`, each run by Tests/AgoraExamplesTests.
        .target(name: "ExampleSupport", dependencies: ["Agora", "AgoraTestKit"], path: "Examples/ExampleSupport", swiftSettings: strict),
        .executableTarget(name: "TranscriptSummary", dependencies: ["Agora", "ExampleSupport"], path: "Examples/TranscriptSummary", swiftSettings: strict),
        .executableTarget(name: "WriterCritic", dependencies: ["Agora", "ExampleSupport"], path: "Examples/WriterCritic", swiftSettings: strict),
        .executableTarget(name: "ResearchSwarm", dependencies: ["Agora", "ExampleSupport"], path: "Examples/ResearchSwarm", swiftSettings: strict),
        .executableTarget(name: "MarketSummary", dependencies: ["Agora", "ExampleSupport"], path: "Examples/MarketSummary", swiftSettings: strict),
        .executableTarget(name: "MemoryNotes", dependencies: ["Agora", "ExampleSupport"], path: "Examples/MemoryNotes", swiftSettings: strict),
        .executableTarget(name: "QuickStart", dependencies: ["Agora"], path: "Examples/QuickStart", swiftSettings: strict),
        // The composition root: the only place that wires concrete pieces together.
        .executableTarget(
            name: "agora",
            dependencies: [
                "AgoraCore", "AgoraRuntime", "AgoraText", "AgoraLocal", "AgoraSummarize", "AgoraEval", "AgoraMemory", "AgoraWorkingMemory", "AgoraHTTP",
                "AgoraDefinitions", "AgoraPipelines", "AgoraTools", "AgoraAgents", "AgoraLab", "AgoraEconomy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        // Test support shared by the test targets that run built products and the HTTP fixture server. Not a
        // product: repository paths and a Python server are no test double a library user could ship against.
        .target(name: "AgoraTestSupport", path: "Tests/AgoraTestSupport", swiftSettings: strict),
        .testTarget(name: "AgoraCoreTests", dependencies: ["AgoraCore"], swiftSettings: strict),
        .testTarget(
            name: "AgoraServicesTests",
            dependencies: [
                "AgoraServices", "AgoraRuntime", "AgoraHTTP", "AgoraLab", "AgoraCore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "AgoraLabTests", dependencies: ["AgoraLab", "AgoraRuntime", "AgoraCore"], swiftSettings: strict),
        .testTarget(name: "AgoraRuntimeTests", dependencies: ["AgoraRuntime", "AgoraTestKit"], swiftSettings: strict),
        .testTarget(name: "AgoraTextTests", dependencies: ["AgoraText"], swiftSettings: strict),
        .testTarget(name: "AgoraLocalTests", dependencies: ["AgoraLocal", "AgoraText"], swiftSettings: strict),
        .testTarget(name: "AgoraEvalTests", dependencies: ["AgoraEval", "AgoraText"], swiftSettings: strict),
        .testTarget(
            name: "AgoraSummarizeTests",
            dependencies: ["AgoraSummarize", "AgoraRuntime", "AgoraTestKit", "AgoraLocal", "AgoraDefinitions"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgoraCLITests", dependencies: ["agora", "AgoraMemory", "AgoraSummarize", "AgoraTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(name: "AgoraEconomyTests", dependencies: ["AgoraEconomy", "AgoraRuntime", "AgoraTestKit", "AgoraLocal", "agora", "AgoraTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "AgoraExamplesTests",
            dependencies: [
                "agora", "TranscriptSummary", "WriterCritic", "ResearchSwarm", "MarketSummary", "MemoryNotes", "QuickStart", "AgoraTestSupport",
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "AgoraDefinitionsTests", dependencies: ["AgoraDefinitions", "AgoraCore"], swiftSettings: strict),
        .testTarget(
            name: "AgoraPipelinesTests",
            dependencies: ["AgoraPipelines", "AgoraDefinitions", "AgoraRuntime", "AgoraSummarize", "AgoraLocal", "AgoraTestKit", "AgoraEconomy"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgoraMemoryTests",
            dependencies: ["AgoraMemory", "AgoraWorkingMemory", "AgoraCore", "AgoraLocal", "AgoraTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The tool library: the catalog (ToolBox), schemas, built-ins, process tools from Tools/, MCP servers, approvals.
        // On the core only: a tool is a value any caller can run, with or without a swarm.
        .target(
            name: "AgoraTools",
            dependencies: [
                "AgoraCore", .product(name: "MCP", package: "swift-sdk"), .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strict
        ),
        // The LLM agent loop above the tools and the runtime: the loop and its journal, tool calls in a swarm
        // (`ToolBox.invoke`), agent tools (delegate, remember, recall), json mode, routing, `agora bench tools`.
        .target(
            name: "AgoraAgents",
            dependencies: ["AgoraCore", "AgoraRuntime", "AgoraText", "AgoraWorkingMemory", "AgoraTools"],
            swiftSettings: strict
        ),
        // A small MCP server over stdio (echo, add) that AgoraToolsTests and docs/tools.md run as a real subprocess.
        .executableTarget(
            name: "agora-mcp-example", dependencies: [.product(name: "MCP", package: "swift-sdk")], path: "Sources/AgoraMCPExample",
            swiftSettings: strict
        ),
        // AgoraAgents too: two MCP tests drive a server's tools through an agent loop, and the MCP suite runs serialized.
        .testTarget(
            name: "AgoraToolsTests",
            dependencies: ["AgoraTools", "AgoraAgents", "AgoraRuntime", "AgoraCore", "AgoraTestKit", "AgoraTestSupport", "agora-mcp-example"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AgoraAgentsTests",
            dependencies: ["AgoraAgents", "AgoraTools", "AgoraRuntime", "AgoraMemory", "AgoraCore", "AgoraTestKit", "AgoraTestSupport"],
            swiftSettings: strict
        ),
        // The fixture server script is started from the checkout by AgoraTestSupport, not from a resource bundle.
        .testTarget(
            name: "AgoraHTTPTests", dependencies: ["AgoraHTTP", "AgoraCore", "AgoraRuntime", "AgoraTestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
