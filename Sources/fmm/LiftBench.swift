import ArgumentParser
import Catalogue
import Checker
import Derivation
import FlipGraph
import Foundation
import SchemeModel

/// `fmm bench lift`: time and memory of Hensel lifting large schemes reduced mod 2 (and mod 3):
/// Strassen⊗Strassen⊗Strassen (⟨8,8,8⟩, rank 343) and Strassen ⊗ the catalogue's best ⟨3,3,3⟩ or
/// any scheme of a shape given (e.g. ⟨6,6,6⟩, rank 161), each lifted back and checked exactly.
struct LiftBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lift",
        abstract: "Time and peak memory of lifting large schemes from GF(2) and GF(3) to Q (Strassen powers and products with catalogue entries), each result checked exactly."
    )

    @Option(help: "Comma-separated: 444 (Strassen⊗Strassen), 666 (Strassen ⊗ the store's best ternary 3x3x3 entry, else its best), 888 (Strassen⊗Strassen⊗Strassen).")
    var cases = "444,666,888"

    @Option(help: "Primes to lift from, comma-separated (2, 3).")
    var primes = "2,3"

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let strassen = Scheme.strassen
        var schemes: [(String, Scheme)] = []
        for name in cases.split(separator: ",").map(String.init) {
            switch name {
            case "444": schemes.append(("Strassen⊗Strassen", Scheme.tensorProduct(strassen, strassen)))
            case "888": schemes.append(("Strassen⊗Strassen⊗Strassen", Scheme.tensorProduct(strassen, Scheme.tensorProduct(strassen, strassen))))
            case "666":
                let store = storeOptions.resolved
                // A ternary entry's image mod 2 keeps every coefficient's support (a 2 would vanish).
                let entries = store.entries(anyOrderingOf: Shape(3, 3, 3))
                guard let entry = CatalogueEntry.best(of: entries.filter { $0.ring == .ternary }) ?? CatalogueEntry.best(of: entries) else {
                    printError("fmm bench lift: case 666 needs a 3x3x3 entry in the store \(store.root.path)")
                    throw ExitCode(2)
                }
                schemes.append(("Strassen ⊗ \(entry.path)", Scheme.tensorProduct(strassen, entry.scheme)))
            default:
                printError("fmm bench lift: unknown case '\(name)'; use 444, 666 or 888")
                throw ExitCode(2)
            }
        }
        for prime in primes.split(separator: ",").compactMap({ Int($0) }) {
            guard prime == 2 || prime == 3 else {
                printError("fmm bench lift: --primes takes 2 and 3")
                throw ExitCode(2)
            }
            for (name, scheme) in schemes {
                let began = DispatchTime.now()
                let lifted: Scheme?
                if prime == 2 {
                    guard let image = GF2Scheme(scheme) else { print("\(name): no image mod 2"); continue }
                    lifted = HenselLift.lift(image, accepting: { Checker().verify($0).valid })
                } else {
                    guard let image = SignedScheme(scheme, ring: .mod3) else { print("\(name): no image mod 3"); continue }
                    lifted = HenselLift.lift(image, accepting: { Checker().verify($0).valid })
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - began.uptimeNanoseconds) / 1e9
                let ring = lifted.map { $0.hasTernaryCoefficients ? "ZT" : $0.hasIntegerCoefficients ? "Z" : "Q" } ?? "-"
                print(String(format: "%@ %@ rank %d from GF(%d): %@ in %.2f s, peak memory %.0f MB", "\(scheme.shape)", name, scheme.rank, prime,
                             lifted == nil ? "no lift" : "lifted (\(ring), checked exactly)", seconds, ProcessUsage().peakMegabytes))
            }
        }
    }
}
