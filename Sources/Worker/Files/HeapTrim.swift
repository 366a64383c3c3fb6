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
