import Yams

/// Reads one YAML mapping into a configuration struct, key by key, remembering which keys it
/// used so that a misspelt key is an error instead of a silently ignored setting.
struct YAMLSection {
    let file: String
    let path: String
    let mapping: Node.Mapping
    private(set) var used: Set<String> = []

    init(file: String, path: String, node: Node) throws {
        guard let mapping = node.mapping else {
            throw ConfigurationError(
                .badValue, at: Self.location(file, node, path), "expected a mapping of keys to values")
        }
        self.file = file
        self.path = path
        self.mapping = mapping
    }

    var keys: [String] { mapping.keys.compactMap(\.string) }

    mutating func node(_ key: String) -> Node? {
        used.insert(key)
        return mapping[key]
    }

    mutating func section(_ key: String) throws -> YAMLSection? {
        guard let node = node(key) else { return nil }
        return try YAMLSection(file: file, path: join(key), node: node)
    }

    mutating func read(_ key: String, into value: inout String) throws {
        guard let node = node(key) else { return }
        guard let scalar = node.scalar else { throw bad(key, node, "expected text") }
        value = scalar.string
    }

    mutating func read(_ key: String, into value: inout Bool) throws {
        guard let node = node(key) else { return }
        switch node.scalar?.string.lowercased() {
        case "true", "yes", "on": value = true
        case "false", "no", "off": value = false
        default: throw bad(key, node, "expected true or false")
        }
    }

    mutating func read(_ key: String, into value: inout Int, in range: ClosedRange<Int>) throws {
        guard let node = node(key) else { return }
        guard let number = node.scalar.flatMap({ Int($0.string.replacingUnderscores()) }), range.contains(number)
        else {
            throw bad(key, node, "expected a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        value = number
    }

    mutating func read(_ key: String, into value: inout Int64, in range: ClosedRange<Int64>) throws {
        guard let node = node(key) else { return }
        guard let number = node.scalar.flatMap({ Int64($0.string.replacingUnderscores()) }), range.contains(number)
        else {
            throw bad(key, node, "expected a whole number of cents from \(range.lowerBound) to \(range.upperBound)")
        }
        value = number
    }

    mutating func read(_ key: String, into value: inout [String]) throws {
        guard let node = node(key) else { return }
        guard let sequence = node.sequence else { throw bad(key, node, "expected a list") }
        var strings: [String] = []
        for item in sequence {
            guard let text = item.scalar?.string else { throw bad(key, item, "expected a list of text values") }
            strings.append(text)
        }
        value = strings
    }

    /// Throws for the first key that no `read` asked for.
    func rejectUnknownKeys() throws {
        for (keyNode, _) in mapping {
            guard let key = keyNode.string, used.contains(key) else {
                throw ConfigurationError(
                    .unknownKey, at: Self.location(file, keyNode, join(keyNode.string ?? "?")),
                    "unknown key (misspelt?); the documented keys are in Config/ach-worker.yaml")
            }
        }
    }

    func bad(_ key: String, _ node: Node, _ message: String) -> ConfigurationError {
        ConfigurationError(.badValue, at: Self.location(file, node, join(key)), message)
    }

    func join(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    static func location(_ file: String, _ node: Node, _ path: String) -> String {
        if let line = node.mark?.line { return "\(file):\(line) \(path)" }
        return "\(file) \(path)"
    }
}

extension String {
    /// YAML readers differ on `10_000`; we accept it, since it is how the file writes big numbers.
    fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}
