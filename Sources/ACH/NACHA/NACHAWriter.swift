/// Turns a `NACHAFile` into bytes: 94-character records, each followed by a line ending, padded
/// with `9…9` lines to a multiple of ten records.
///
/// The whole file is laid out in one buffer allocated at its final size and pre-filled with
/// spaces; each record writes only its fields. No per-field `String` work, which is what lets a
/// million-entry file be written in well under a second.
public enum NACHAWriter {
    public enum LineEnding: String, Sendable, Hashable, Codable {
        case lf
        /// Some bank portals insist on CRLF.
        case crlf
    }

    /// Writes the records exactly as the model holds them; call `recomputeControls()` first if
    /// the controls may be stale (the builder's output is always consistent).
    public static func write(_ file: NACHAFile, lineEnding: LineEnding = .lf) -> [UInt8] {
        let recordLength = NACHALayout.recordLength
        let stride = recordLength + (lineEnding == .crlf ? 2 : 1)
        let records = file.paddedRecordCount
        let size = records * stride
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            buffer.initialize(repeating: NACHAByte.space)
            var w = RecordWriter(buffer)
            func next() {
                let end = w.base + recordLength
                if lineEnding == .crlf { buffer[end] = NACHAByte.carriageReturn }
                buffer[end + stride - recordLength - 1] = NACHAByte.newline
                w.base += stride
            }
            file.header.write(w)
            next()
            for batch in file.batches {
                batch.header.write(w)
                next()
                for entry in batch.entries {
                    entry.detail.write(w)
                    next()
                    for addenda in entry.addenda {
                        addenda.write(w)
                        next()
                    }
                }
                batch.control.write(w)
                next()
            }
            file.control.write(w)
            next()
            while w.base < size {
                for i in w.base..<(w.base + recordLength) { buffer[i] = NACHAByte.nine }
                next()
            }
            initialized = size
        }
    }
}

extension NACHAFile {
    /// The file's bytes; see `NACHAWriter.write`.
    public func bytes(lineEnding: NACHAWriter.LineEnding = .lf) -> [UInt8] {
        NACHAWriter.write(self, lineEnding: lineEnding)
    }
}
