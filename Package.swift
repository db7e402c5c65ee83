// swift-tools-version:6.0
import PackageDescription

/// fmm: a verified catalogue of fast matrix multiplication schemes.
///
/// Module graph (dependencies point one way; nothing depends on the CLI):
///   CGMP, CZlib           C shims for GMP and zlib
///   ExactArithmetic       BigInt/Rational over GMP, ModP, GF2
///   SchemeModel           Shape, Scheme, symmetries, content hash
///   SchemeFormats         JSON, .exp, .m, .npz readers and writers
///   Checker               exact verification of the Brent equations
///   Catalogue             stored schemes with certificates (catalogue/, proofs/), known ranks
///   Derivation            bounds and explicit schemes from symmetry, direct sums, tensor products
///   Export                C code (with addition reduction) and LaTeX
///   FlipGraph             flip-graph search over GF(2) and Hensel lifting
///   NumericSearch         Levenberg–Marquardt on the Brent equations, rationalised to exact schemes
///   TensorGame            AlphaTensor's TensorGame: residual tensors, moves, changes of basis, exact finishes
///   RLSearch              policy/value network, sampled MCTS, self-play training
///   Site                  the catalogue as a static web site (HTML with Plot, SVG plots)
///   FMM                   the library product: re-exports the modules above but the RL ones
///   fmm                   the command-line interface
let package = Package(
    name: "fmm",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fmm", targets: ["fmm"]),
        // The library: `import FMM` re-exports the checker, the formats, the catalogue, the
        // derivations, the exporters and the flip-graph search (see Sources/FMM/FMM.swift).
        .library(name: "FMM", targets: ["FMM"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "ExactArithmetic", dependencies: ["CGMP"]),
        .target(name: "SchemeModel", dependencies: ["ExactArithmetic"]),
        .target(name: "SchemeFormats", dependencies: ["SchemeModel", "ExactArithmetic", "CZlib"]),
        .target(name: "Checker", dependencies: ["SchemeModel", "ExactArithmetic"]),
        .target(name: "Catalogue", dependencies: ["Checker", "Derivation", "SchemeFormats", "SchemeModel"]),
        .target(name: "Derivation", dependencies: ["SchemeModel", "ExactArithmetic"]),
        .target(name: "Export", dependencies: ["SchemeModel", "ExactArithmetic"]),
        .target(
            name: "FlipGraph",
            dependencies: ["SchemeModel", "ExactArithmetic"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "NumericSearch",
            dependencies: ["SchemeModel", "ExactArithmetic", "FlipGraph"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(name: "TensorGame", dependencies: ["SchemeModel", "ExactArithmetic", "FlipGraph"]),
        .target(
            name: "RLSearch",
            dependencies: ["TensorGame", "SchemeModel", "FlipGraph"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Site",
            dependencies: ["Catalogue", "Derivation", "Export", "SchemeFormats", "SchemeModel", .product(name: "Plot", package: "Plot")]
        ),
        .target(
            name: "FMM",
            dependencies: ["ExactArithmetic", "SchemeModel", "SchemeFormats", "Checker", "Catalogue", "Derivation", "Export", "FlipGraph", "NumericSearch", "Site"]
        ),
        .executableTarget(
            name: "fmm",
            dependencies: [
                "Catalogue", "Derivation", "Export", "FlipGraph", "NumericSearch", "RLSearch", "Site", "TensorGame", "Checker", "SchemeFormats", "SchemeModel", "ExactArithmetic",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "fmm-fuzz",
            dependencies: ["Catalogue", "Checker", "SchemeFormats", "SchemeModel"]
        ),
        .target(name: "TestSupport", dependencies: ["SchemeModel", "ExactArithmetic", "CZlib"], path: "Tests/TestSupport"),
        .testTarget(name: "ExactArithmeticTests", dependencies: ["ExactArithmetic", "TestSupport"]),
        .testTarget(name: "SchemeModelTests", dependencies: ["SchemeModel", "TestSupport"]),
        .testTarget(name: "SchemeFormatsTests", dependencies: ["SchemeFormats", "Checker", "TestSupport"]),
        .testTarget(name: "CatalogueTests", dependencies: ["Catalogue", "Checker", "Derivation", "SchemeFormats", "TestSupport"]),
        .testTarget(name: "CheckerTests", dependencies: ["Checker", "SchemeFormats", "TestSupport"]),
        .testTarget(name: "DerivationTests", dependencies: ["Derivation", "Checker", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Derivation", "SchemeFormats", "Checker", "TestSupport"]),
        .testTarget(name: "FlipGraphTests", dependencies: ["ExactArithmetic", "FlipGraph", "Checker", "Derivation", "SchemeFormats", "TestSupport"]),
        .testTarget(name: "NumericSearchTests", dependencies: ["NumericSearch", "FlipGraph", "Checker", "ExactArithmetic", "SchemeModel", "TestSupport"]),
        .testTarget(name: "RLSearchTests", dependencies: ["RLSearch", "TensorGame", "Checker", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
