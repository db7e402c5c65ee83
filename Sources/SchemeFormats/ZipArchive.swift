import CZlib

/// A read-only ZIP archive in memory (the container of NumPy's `.npz`): entries found through
/// the central directory, stored or deflated, with sizes and offsets checked before use.
struct ZipArchive {
    struct Entry {
        let name: String
        let method: UInt16
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    let bytes: [UInt8]
    let entries: [Entry]

    init(_ bytes: [UInt8], maxEntries: Int) throws(FormatError) {
        self.bytes = bytes
        // The end-of-central-directory record is within the last 65557 bytes.
        guard bytes.count >= 22 else { throw FormatError(.whole, "not a zip archive: too short") }
        var eocd = -1
        var i = bytes.count - 22
        while i >= max(0, bytes.count - 65557) {
            if ZipArchive.u32(bytes, i) == 0x0605_4b50 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { throw FormatError(.whole, "zip archive without an end-of-central-directory record (truncated?)") }
        let count = Int(ZipArchive.u16(bytes, eocd + 10))
        let directorySize = Int(ZipArchive.u32(bytes, eocd + 12)), directoryOffset = Int(ZipArchive.u32(bytes, eocd + 16))
        guard count <= maxEntries else { throw FormatError(.whole, "zip archive with \(count) entries, above the limit \(maxEntries)") }
        guard directoryOffset + directorySize <= eocd else { throw FormatError(.offset(eocd), "zip central directory out of bounds") }
        var entries: [Entry] = []
        var offset = directoryOffset
        for _ in 0..<count {
            guard offset + 46 <= eocd, ZipArchive.u32(bytes, offset) == 0x0201_4b50 else {
                throw FormatError(.offset(offset), "corrupt zip central directory")
            }
            let nameLength = Int(ZipArchive.u16(bytes, offset + 28)), extraLength = Int(ZipArchive.u16(bytes, offset + 30))
            let commentLength = Int(ZipArchive.u16(bytes, offset + 32))
            guard offset + 46 + nameLength <= eocd,
                  let name = String(validating: bytes[offset + 46..<offset + 46 + nameLength], as: UTF8.self) else {
                throw FormatError(.offset(offset), "corrupt zip entry name")
            }
            entries.append(Entry(name: name, method: ZipArchive.u16(bytes, offset + 10),
                                 compressedSize: Int(ZipArchive.u32(bytes, offset + 20)),
                                 uncompressedSize: Int(ZipArchive.u32(bytes, offset + 24)),
                                 localHeaderOffset: Int(ZipArchive.u32(bytes, offset + 42))))
            offset += 46 + nameLength + extraLength + commentLength
        }
        self.entries = entries
    }

    /// The uncompressed content of `entry`, refusing more than `maxBytes`.
    func contents(of entry: Entry, maxBytes: Int) throws(FormatError) -> [UInt8] {
        let h = entry.localHeaderOffset
        guard h + 30 <= bytes.count, ZipArchive.u32(bytes, h) == 0x0403_4b50 else {
            throw FormatError(.offset(h), "corrupt zip local header for \(entry.name)")
        }
        let start = h + 30 + Int(ZipArchive.u16(bytes, h + 26)) + Int(ZipArchive.u16(bytes, h + 28))
        guard start + entry.compressedSize <= bytes.count else {
            throw FormatError(.offset(start), "zip entry \(entry.name) runs past the end of the file (truncated?)")
        }
        guard entry.uncompressedSize <= maxBytes else {
            throw FormatError(.entry(entry.name), "zip entry of \(entry.uncompressedSize) bytes, above the limit \(maxBytes)")
        }
        let compressed = bytes[start..<start + entry.compressedSize]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw FormatError(.entry(entry.name), "stored zip entry with inconsistent sizes") }
            return Array(compressed)
        case 8:
            return try ZipArchive.inflate(Array(compressed), expectedSize: entry.uncompressedSize, name: entry.name)
        default:
            throw FormatError(.entry(entry.name), "unsupported zip compression method \(entry.method)")
        }
    }

    /// Raw DEFLATE decompression with zlib into exactly `expectedSize` bytes.
    static func inflate(_ input: [UInt8], expectedSize: Int, name: String) throws(FormatError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(expectedSize, 1))
        var input = input
        var stream = z_stream()
        guard fmm_inflate_init_raw(&stream) == Z_OK else { throw FormatError(.entry(name), "zlib initialisation failed") }
        defer { inflateEnd(&stream) }
        let status: Int32 = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(expectedSize)
                return CZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == expectedSize else {
            throw FormatError(.entry(name), "corrupt compressed data (zlib status \(status))")
        }
        return expectedSize == 0 ? [] : output
    }

    static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) | UInt16(b[i + 1]) << 8
    }
    static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }
}
