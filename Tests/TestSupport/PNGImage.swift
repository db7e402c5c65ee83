import CZlib
import Foundation

/// A decoded 8-bit RGB or RGBA PNG (what a browser's screenshot writes): enough to tell whether
/// a screenshot shows anything. Interlaced images and other bit depths are refused.
public struct PNGImage {
    public let width: Int
    public let height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    let channels: Int
    /// Row-major pixels, `channels` bytes each, filters undone.
    let pixels: [UInt8]

    public struct DecodeError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(contentsOf url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        guard bytes.count > 8, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw DecodeError(description: "\(url.lastPathComponent) is not a PNG file")
        }
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        var (width, height, channels) = (0, 0, 0)
        var compressed: [UInt8] = []
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = u32(offset)
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            let data = offset + 8
            guard data + length <= bytes.count else { throw DecodeError(description: "truncated \(type) chunk") }
            switch type {
            case "IHDR":
                (width, height) = (u32(data), u32(data + 4))
                guard bytes[data + 8] == 8, bytes[data + 12] == 0, [2, 6].contains(bytes[data + 9]) else {
                    throw DecodeError(description: "only 8-bit, non-interlaced RGB or RGBA PNGs are read")
                }
                channels = bytes[data + 9] == 6 ? 4 : 3
            case "IDAT":
                compressed += bytes[data..<(data + length)]
            default:
                break
            }
            offset = data + length + 4
        }
        let stride = width * channels
        var raw = [UInt8](repeating: 0, count: height * (stride + 1))
        var rawLength = uLongf(raw.count)
        let status = raw.withUnsafeMutableBufferPointer { out in
            compressed.withUnsafeBufferPointer { input in
                uncompress(out.baseAddress, &rawLength, input.baseAddress, uLong(input.count))
            }
        }
        guard status == Z_OK, Int(rawLength) == raw.count else { throw DecodeError(description: "the image data does not inflate to \(width)×\(height) pixels") }
        var pixels = [UInt8](repeating: 0, count: height * stride)
        // Undo the per-row filters (PNG specification, section 9): none, sub, up, average, Paeth.
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            for i in 0..<stride {
                let x = Int(raw[row * (stride + 1) + 1 + i])
                let a = i >= channels ? Int(pixels[row * stride + i - channels]) : 0
                let b = row > 0 ? Int(pixels[(row - 1) * stride + i]) : 0
                let c = row > 0 && i >= channels ? Int(pixels[(row - 1) * stride + i - channels]) : 0
                let predictor: Int
                switch filter {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c
                default: throw DecodeError(description: "unknown row filter \(filter)")
                }
                pixels[row * stride + i] = UInt8((x + predictor) & 0xFF)
            }
        }
        (self.width, self.height, self.channels, self.pixels) = (width, height, channels, pixels)
    }

    /// The colour of pixel (x, y) as RGB.
    public func rgb(x: Int, y: Int) -> (UInt8, UInt8, UInt8) {
        let i = (y * width + x) * channels
        return (pixels[i], pixels[i + 1], pixels[i + 2])
    }

    /// The share of pixels that differ from the top-left pixel (the page's background).
    public var nonBackgroundShare: Double {
        let background = rgb(x: 0, y: 0)
        var count = 0
        for y in 0..<height { for x in 0..<width where rgb(x: x, y: y) != background { count += 1 } }
        return Double(count) / Double(max(1, width * height))
    }

    /// How many distinct colours the image holds.
    public var colourCount: Int {
        var seen = Set<UInt32>()
        for y in 0..<height { for x in 0..<width { let (r, g, b) = rgb(x: x, y: y); seen.insert(UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)) } }
        return seen.count
    }
}
