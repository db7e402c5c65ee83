import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing

/// `fmm site`: the generated site's structure, its links and plots, and how it renders in a real
/// headless browser (Chromium from Debian's packages; skipped with a notice where absent).
@Suite struct SiteCommandTests {
    /// The shapes 2 ≤ n ≤ m ≤ p ≤ 4.
    static let shapeCount = 10

    /// Generates the site of the bundled catalogue for shapes up to 4 into a fresh folder.
    static func generate() throws -> URL {
        let out = try FMMProcess.temporaryDirectory().appendingPathComponent("site")
        let result = try FMMProcess.run(["site", "--out", out.path, "--max", "4", "--store", SharedData.repositoryRoot.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("for \(shapeCount) shapes"), "\(result.stdout)")
        return out
    }

    static func files(in folder: URL, withExtension ext: String) -> [URL] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        return (enumerator?.allObjects as? [URL] ?? []).filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
    }

    /// The index has a row per shape linking to its page; every href and src of every page
    /// resolves to a file of the site; the plots are well-formed XML; a downloaded scheme checks.
    @Test func everyLinkResolvesAndThePlotsParse() throws {
        let site = try Self.generate()
        let index = try String(contentsOf: site.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.components(separatedBy: "<tr data-shape=").count - 1 == Self.shapeCount)
        let pages = Self.files(in: site, withExtension: "html")
        #expect(pages.count == Self.shapeCount + 1)
        let link = try Regex(#"(?:href|src)="([^"]+)""#)
        var links = 0
        for page in pages {
            let html = try String(contentsOf: page, encoding: .utf8)
            for match in html.matches(of: link) {
                let target = String(match.output[1].substring ?? "")
                #expect(!target.contains("://"), "\(page.lastPathComponent) links outside the site: \(target)")
                let resolved = page.deletingLastPathComponent().appendingPathComponent(target).standardizedFileURL
                #expect(FileManager.default.fileExists(atPath: resolved.path), "\(page.lastPathComponent): \(target) does not resolve")
                links += 1
            }
        }
        #expect(links > Self.shapeCount * 6)
        let plots = Self.files(in: site, withExtension: "svg")
        #expect(plots.map(\.lastPathComponent).sorted() == ["exponent.svg", "gap.svg", "ranks.svg"])
        for plot in plots {
            let parser = XMLParser(contentsOf: plot)!
            #expect(parser.parse(), "\(plot.lastPathComponent): \(parser.parserError.map { "\($0)" } ?? "")")
        }
        // A download is the scheme the page shows, and the checker accepts it.
        let downloads = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("shapes/2x2x2").path).sorted()
        #expect(downloads == ["2x2x2-r7-ZT.c", "2x2x2-r7-ZT.cert.json", "2x2x2-r7-ZT.exp", "2x2x2-r7-ZT.json", "2x2x2-r7-ZT.m", "2x2x2-r7-ZT.tex"])
        for format in ["json", "exp", "m"] {
            let check = try FMMProcess.run(["check", site.appendingPathComponent("shapes/2x2x2/2x2x2-r7-ZT.\(format)").path])
            #expect(check.status == 0 && check.stdout.contains("valid"), "\(format): \(check.stdout) \(check.stderr)")
        }
    }

    /// A bad `--max` and an output folder that cannot be written give one-line errors.
    @Test func badArgumentsAreRefused() throws {
        let tooLarge = try FMMProcess.run(["site", "--out", FMMProcess.temporaryDirectory().path, "--max", "11", "--store", SharedData.repositoryRoot.path])
        #expect(tooLarge.status == 2 && tooLarge.stderr.contains("--max must be within 2...10"), "\(tooLarge.stderr)")
        let blocker = try FMMProcess.temporaryDirectory().appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let unwritable = try FMMProcess.run(["site", "--out", blocker.path, "--max", "2", "--store", SharedData.repositoryRoot.path])
        #expect(unwritable.status == 1 && unwritable.stderr.contains("cannot write the site"), "\(unwritable.stderr)")
    }

    /// Chromium, headless: every page loads without a console message (an uncaught error would
    /// print one), the index's sorting script has run and the table has a row per shape, and a
    /// screenshot of the index is not blank.
    @Test func pagesRenderInAHeadlessBrowser() throws {
        guard let browser = Self.chromium else {
            print("notice: Chromium not found (apt-get install chromium); the browser checks of fmm site are skipped")
            return
        }
        let site = try Self.generate()
        for page in Self.files(in: site, withExtension: "html") {
            let (dom, log) = try Self.runBrowser(browser, ["--dump-dom", page.absoluteString])
            let consoleLines = log.split(separator: "\n").filter { $0.contains("CONSOLE") }
            #expect(consoleLines.isEmpty, "\(page.lastPathComponent): \(consoleLines.joined(separator: "\n"))")
            #expect(dom.contains("</html>"), "\(page.lastPathComponent) did not load: \(log.suffix(500))")
            if page.lastPathComponent == "index.html" {
                #expect(dom.contains(#"data-sortable="ready""#), "the sorting script did not run")
                #expect(dom.components(separatedBy: "<tr data-shape=").count - 1 == Self.shapeCount)
            }
        }
        let screenshot = site.deletingLastPathComponent().appendingPathComponent("index.png")
        _ = try Self.runBrowser(browser, ["--window-size=1200,900", "--screenshot=\(screenshot.path)", site.appendingPathComponent("index.html").absoluteString])
        let image = try PNGImage(contentsOf: screenshot)
        #expect(image.width == 1200 && image.height == 900)
        #expect(image.nonBackgroundShare > 0.03, "the screenshot is nearly blank (\(image.nonBackgroundShare))")
        #expect(image.colourCount > 50, "the screenshot has \(image.colourCount) colours")
    }

    /// The Chromium executable on the PATH, if any.
    static var chromium: URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser", "google-chrome"] {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }

    /// Runs headless Chromium (at most 120 s, its own profile folder, console messages logged to
    /// standard error) and returns its standard output and error.
    static func runBrowser(_ browser: URL, _ arguments: [String]) throws -> (String, String) {
        let profile = try FMMProcess.temporaryDirectory()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["120", browser.path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"] + arguments
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let log = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (output, log)
    }
}
