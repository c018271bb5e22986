import Foundation

/// libFuzzer's entry point: one input, given to the target named by `AGORA_FUZZ_TARGET` (scripts/fuzz.sh sets it).
/// A crash, a failed `precondition` or a sanitizer report is a finding; returning normally is a pass.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(start: data, count: size)
    FuzzTarget.selected.run(bytes)
    return 0
}

/// SwiftPM links an executable's `main` to `<module>_main` (so that tests can link the module), which leaves out
/// libFuzzer's own `main`; this one hands the command line to libFuzzer's driver instead.
@_cdecl("agora_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv, fuzzOneInput)
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt
