/// `--approve` approves one tool when a name follows it, and every tool when it stands alone. argument-parser has no
/// option whose value may be left out, so before parsing, a bare `--approve` (last, or followed by another option)
/// becomes `--approve=*`.
enum OptionalValueArguments {
    static let options = ["--approve": ToolCallOptions.everyTool]

    static func attach(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        for (index, argument) in arguments.enumerated() {
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            if let fill = options[argument], next == nil || next!.hasPrefix("-") {
                result.append(argument + "=" + fill)
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
