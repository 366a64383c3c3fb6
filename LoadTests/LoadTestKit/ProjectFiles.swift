import Foundation

/// Finds the project's scripts (`LoadTests/ceiling.sh`, `LoadTests/postgres.sh`) whether the
/// runner is started from the project folder or anywhere else: the executable lives in
/// `<project>/.build/<config>/`, so the project is found from the executable's path too.
enum ProjectFiles {
    static func locate(_ relativePath: String) throws -> String {
        var candidates = [FileManager.default.currentDirectoryPath]
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.path)
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates {
            let path = candidate + "/" + relativePath
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        throw LoadTestError(
            .fileMissing, "\(relativePath) not found (looked in \(candidates.joined(separator: ", ")))")
    }
}
