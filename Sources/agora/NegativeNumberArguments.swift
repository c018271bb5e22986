/// argument-parser reads `-5` after `--words` (or `-k`) as a short flag, not as the option's value, and answers "Missing value
/// for '--words'" — wrong, for a value that was given. Joining the two as `--words=-5` hands the number to the
/// option, so its own check says what is wrong with it ("--words must be at least 1 (got -5)"); a flag given a
/// number this way is refused as a flag that takes no value, as it was refused before as an unknown option.
enum NegativeNumberArguments {
    static func attach(_ arguments: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(arguments.count)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            // After `--`, everything is positional and stays as written.
            if argument == "--" {
                result += arguments[index...]
                break
            }
            let next = index + 1
            if isOptionName(argument), next < arguments.endIndex, isNegativeNumber(arguments[next]) {
                result.append(argument + "=" + arguments[next])
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }

    /// `--name` or `-k`, without a value of its own.
    static func isOptionName(_ text: String) -> Bool {
        if text.hasPrefix("--") { return text.count > 2 && !text.contains("=") }
        return text.count == 2 && text.hasPrefix("-") && text.last?.isLetter == true
    }

    /// `-5`, `-0.5`, `-1e3`.
    static func isNegativeNumber(_ text: String) -> Bool {
        text.count > 1 && text.hasPrefix("-") && Double(text.dropFirst()) != nil && text.dropFirst().first?.isNumber == true
    }
}
