// swift-tools-version:6.0
import PackageDescription

// Coverage-guided fuzzing (libFuzzer) of Agora's parsers. A package of its own so that `swift build` in the
// repository never builds it: scripts/fuzz.sh builds it with `-sanitize=fuzzer,address` in `.build-fuzz`.
// docs/decisions/0009-fuzzing.md says why.
let package = Package(
    name: "AgoraFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Agora", path: "..")],
    targets: [
        .executableTarget(
            name: "agora-fuzz",
            dependencies: [
                .product(name: "AgoraText", package: "Agora"),
                .product(name: "AgoraHTTP", package: "Agora"),
                .product(name: "AgoraDefinitions", package: "Agora"),
                .product(name: "AgoraTools", package: "Agora"),
            ],
            path: "Sources/AgoraFuzz"
        ),
    ],
    swiftLanguageModes: [.v6]
)
