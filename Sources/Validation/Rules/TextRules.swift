import ACH

// Rules 14–16 and 18: the free-text fields that end up in fixed-width NACHA records.
extension TransferRules {
    static let receiverNameInvalid = Rule(
        code: .receiverNameInvalid,
        description: "receiver name is present, at most 22 characters, NACHA-allowed characters"
    ) { f in
        TextChecks.fieldProblems("receiver name", f.transfer.receiverName, maxLength: 22, required: true)
    }

    static let receiverIDInvalid = Rule(
        code: .receiverIDInvalid,
        description: "receiver identification is at most 15 characters, NACHA-allowed characters"
    ) { f in
        TextChecks.fieldProblems("receiver_id", f.transfer.receiverID, maxLength: 15, required: false)
    }

    /// There is no "reversal" flag; a description that speaks of a reversal in any other form
    /// ("Reversal", "REVERSED") is caught, because NACHA recognises a reversing batch only by the
    /// exact word `REVERSAL`.
    static let entryDescriptionInvalid = Rule(
        code: .entryDescriptionInvalid,
        description: "entry description is present, at most 10 characters; reversals say exactly REVERSAL"
    ) { f in
        let text = f.transfer.entryDescription
        var problems: [String] = []
        if let field = TextChecks.fieldProblems("entry description", text, maxLength: 10, required: true) {
            problems.append(field)
        }
        if TextChecks.trimmed(text) != "REVERSAL" && TextChecks.containsIgnoringASCIICase(text, "REVERS") {
            problems.append("a reversal's entry description must be exactly REVERSAL")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    static let addendaTextInvalid = Rule(
        code: .addendaTextInvalid,
        description: "each addenda line is 1–80 NACHA-allowed characters"
    ) { f in
        var problems: [String] = []
        var more = 0
        for (index, line) in f.transfer.addenda.enumerated() {
            guard
                let problem = TextChecks.fieldProblems("addenda line \(index + 1)", line, maxLength: 80, required: true)
            else { continue }
            // A 9,999-line CTX can be wrong everywhere; three examples tell the operator enough.
            if problems.count < 3 { problems.append(problem) } else { more += 1 }
        }
        if more > 0 { problems.append("and \(more) more addenda lines") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}

extension TextChecks {
    /// Presence, length and character checks for one alphanumeric NACHA field, as one message.
    static func fieldProblems(_ name: String, _ text: String, maxLength: Int, required: Bool) -> String? {
        if required && isBlank(text) { return "\(name) is missing" }
        var problems: [String] = []
        let printable = isNachaPrintable(text)
        // Printable text is ASCII, where the UTF-8 length is the character count (and cheaper).
        let length = printable ? text.utf8.count : text.count
        if length > maxLength {
            problems.append("\(name) has \(length) characters; at most \(maxLength) fit")
        }
        if !printable {
            problems.append("\(name) contains characters NACHA does not allow (\(badCharacters(text)))")
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }
}
