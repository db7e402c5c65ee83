// swift-tools-version:6.0
import PackageDescription

/// A small package that uses fmm as a library: reads the scheme files given on its command line,
/// checks each exactly and prints the verdict. Build and run from this folder:
///     swift run check-scheme ../../catalogue/2x2x2/ZT-r7-caa90eb6f1d6.json
let package = Package(
    name: "check-scheme",
    dependencies: [.package(name: "fmm", path: "../..")],
    targets: [
        .executableTarget(name: "check-scheme", dependencies: [.product(name: "FMM", package: "fmm")]),
    ],
    swiftLanguageModes: [.v6]
)
