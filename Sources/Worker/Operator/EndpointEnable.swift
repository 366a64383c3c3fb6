import Store

/// `ach-worker callbacks enable ORIGINATOR`: re-enables a callback endpoint that a `410 Gone`
/// disabled. Its waiting deliveries are due at once, in per-transfer order as always.
public struct EndpointEnable: OperatorOperation {
    public let command = "callbacks enable"
    let originators: [String]

    public init(originators: [String]) throws {
        guard !originators.isEmpty else { throw OperatorError(.usage, "name the originator(s) to re-enable") }
        self.originators = originators
    }

    public func plan(_ session: PGSession) throws -> OperatorPlan {
        let endpoints = try CallbackEndpoints.all(session)
        return OperatorPlan(
            items: originators.map { name in decide(name, endpoints.first { $0.originator == name }) },
            truncated: false)
    }

    public func recheck(_ session: PGSession, ids: [String]) throws -> [OperatorItem] {
        try ids.sorted().map { try decide($0, CallbackEndpoints.lock(session, originator: $0)) }
    }

    public func apply(_ session: PGSession, ids: [String], actor: String, detail: String) throws -> Set<String> {
        Set(
            try ids.sorted().filter {
                try CallbackEndpoints.enable(session, originator: $0, actor: actor, detail: detail)
            })
    }

    func decide(_ name: String, _ endpoint: CallbackEndpoint?) -> OperatorItem {
        guard let endpoint else {
            return OperatorItem(
                kind: .endpoint, id: name, label: name, owner: nil, status: "",
                refusal: OperatorRefusal(
                    .notFound, "originator \"\(name)\" has no callback endpoint (no daemon has run with its URL)"))
        }
        var item = OperatorItem(
            kind: .endpoint, id: name, label: endpoint.url, owner: name,
            status: endpoint.isDisabled ? "disabled" : "enabled")
        if endpoint.isDisabled {
            item.newStatus = "enabled"
            if let reason = endpoint.disabledReason {
                item.notes = ["disabled at \(endpoint.disabledAt ?? ""): \(reason)"]
            }
        } else {
            let by =
                endpoint.enabledBy.map {
                    " (re-enabled by \(OperatorIdentity.display(actor: $0)) at \(endpoint.enabledAt ?? ""))"
                } ?? ""
            item.refusal = OperatorRefusal(.notDisabled, "is enabled\(by): nothing to do")
        }
        return item
    }
}
