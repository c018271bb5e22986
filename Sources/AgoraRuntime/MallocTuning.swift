#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for programs that run large swarms.
///
/// A swarm creates and frees millions of small task frames and nodes from several threads. With glibc's defaults
/// each thread's arena is grown with `mprotect` and trimmed back as soon as its top is free, so a big tree spends a
/// tenth of its time in the kernel growing, trimming and re-faulting the same pages (measured with `perf` on
/// `agora bench tree`). Keeping freed memory for reuse removes that churn; the price is that each arena keeps up to
/// `trimThreshold` of freed memory instead of returning it at once. Setting these turns off glibc's sliding mmap
/// threshold, so it is set too: blocks under `mmapThreshold` come from the arenas, larger ones are mapped.
///
/// Call it once, early, from a program's entry point (the `agora` command does). A no-op where glibc is absent.
public enum MallocTuning {
    /// Applies the settings; returns false if the allocator refused them or is not glibc's.
    @discardableResult
    public static func keepFreedMemory(trimThreshold: Int32 = 256 << 20, topPad: Int32 = 64 << 20, mmapThreshold: Int32 = 32 << 20) -> Bool {
        #if canImport(Glibc)
        // `mallopt` is not exported by the Glibc module: look it up instead of declaring the C symbol by hand.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // From <malloc.h>: M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3.
        return mallopt(-1, trimThreshold) == 1 && mallopt(-2, topPad) == 1 && mallopt(-3, mmapThreshold) == 1
        #else
        return false
        #endif
    }
}
