#if canImport(Glibc)
    import Glibc
#endif

/// Hands the memory that a file's assembly or delivery freed back to the operating system.
///
/// A 100,000-entry file holds a few hundred megabytes for seconds — its transfers, the laid-out
/// entries, the NACHA model, its bytes, the ciphertext — allocated on whichever Dispatch threads
/// ran it. glibc keeps freed memory in the allocating thread's arena for that arena's next
/// allocations, so files assembled on other threads grew the process again and again.
enum HeapTrim {
    /// Large allocations (from 128 KiB: a file's arrays of 100,000 elements) in mappings of their
    /// own, handed back to the system when freed. glibc raises that threshold by itself once the
    /// first such block is freed (up to 32 MiB), and from then on each file's arrays came from
    /// the heap, where the pool's small allocations in between kept it from shrinking: the
    /// process grew by about 45 MB with every 100,000-entry file (ach-loadtest, 1,000,000
    /// transfers: peak 497 → 329 MB). Setting the threshold turns that adjustment off. Once per
    /// process, by the first `FileCoordinator`.
    static let keepLargeBlocksMapped: Void = {
        #if canImport(Glibc)
            // mallopt and M_MMAP_THRESHOLD (-3) are glibc's malloc.h, like malloc_trim.
            typealias MallOpt = @convention(c) (Int32, Int32) -> Int32
            if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
                _ = unsafeBitCast(symbol, to: MallOpt.self)(-3, 128 * 1024)
            }
        #endif
    }()

    static func afterLargeWork() {
        #if canImport(Glibc)
            // malloc_trim is glibc's (malloc.h, which the Glibc module does not export).
            if let trim = mallocTrim { _ = trim(0) }
        #endif
    }

    #if canImport(Glibc)
        private typealias MallocTrim = @convention(c) (Int) -> Int32
        private static let mallocTrim: MallocTrim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
            .map { unsafeBitCast($0, to: MallocTrim.self) }
    #endif
}
