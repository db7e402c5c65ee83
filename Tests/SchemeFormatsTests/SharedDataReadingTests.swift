import Foundation
import SchemeFormats
import SchemeModel
import TestSupport
import Testing

/// Every published file in ../shared/data is read, with the shape and rank its name states.
@Suite struct SharedDataReadingTests {
    @Test func readsEveryTextFileWithTheStatedShapeAndRank() throws {
        guard SharedData.available(for: "readsEveryTextFile") else { return }
        let files = SharedData.files(withExtensions: ["exp", "m", "json"]).filter { !$0.path.contains("fmm-digest") }
        #expect(files.count > 100)
        for file in files {
            let schemes = try SchemeFile.read(path: file.path)
            #expect(schemes.count == 1)
            let scheme = schemes[0].scheme
            let name = file.lastPathComponent
            // Names state the shape as NMP-R (flips, Moosbauer) or NxMxP_mR (Perminov).
            if let m = name.firstMatch(of: /(\d)(\d)(\d)-(\d+)-/) {
                #expect(scheme.shape == Shape(Int(m.1)!, Int(m.2)!, Int(m.3)!), "\(name)")
                // flips/366-85-mod2.exp holds 86 products although its name says 85.
                #expect(scheme.rank == Int(m.4)! || name == "366-85-mod2.exp", "\(name)")
            } else if let m = name.firstMatch(of: /(\d+)x(\d+)x(\d+)_m(\d+)/) {
                #expect(scheme.shape == Shape(Int(m.1)!, Int(m.2)!, Int(m.3)!), "\(name)")
                #expect(scheme.rank == Int(m.4)!, "\(name)")
            }
            #expect(scheme.intendedRing == (name.contains("mod2") ? .gf2 : .rationals), "\(name)")
        }
    }

    @Test func readsBothAlphaTensorArchives() throws {
        guard SharedData.available(for: "readsBothAlphaTensorArchives"), let data = SharedData.directory else { return }
        let real = try SchemeFile.read(path: data.appendingPathComponent("alphatensor/factorizations_r.npz").path)
        let f2 = try SchemeFile.read(path: data.appendingPathComponent("alphatensor/factorizations_f2.npz").path)
        #expect(real.count == 93)
        #expect(f2.count == 20)
        #expect(f2.allSatisfy { $0.scheme.intendedRing == .gf2 })
        let largest = try #require(real.first { $0.entry == "11,12,12" })
        #expect(largest.scheme.shape == Shape(11, 12, 12))
        #expect(largest.scheme.rank == 990)
        #expect(f2.first { $0.entry == "4,4,4" }?.scheme.rank == 47)
    }
}
