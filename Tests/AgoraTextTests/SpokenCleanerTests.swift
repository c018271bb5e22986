import AgoraText
import Testing

@Suite struct SpokenCleanerTests {
    @Test(arguments: [
        ("Um, the case is uh rubber.", "The case is rubber."),  // fillers
        ("It mm-hmm works, uh-huh.", "It works."),  // backchannel sounds
        ("Yeah, okay, the budget is fixed.", "The budget is fixed."),  // leading backchannels
        ("The price, yeah, is too high.", "The price, is too high."),  // backchannel set off by commas
        ("We need, you know, a bigger screen.", "We need, a bigger screen."),  // you know
        ("I mean the screen is small.", "The screen is small."),  // I mean
        ("It is kind of expensive.", "It is expensive."),  // kind of
        ("We need the the red button.", "We need the red button."),  // doubled word
        ("Which one which one is yours?", "Which one is yours?"),  // doubled phrase
        ("We m we may need th the batteries.", "We may need the batteries."),  // false starts
        ("So, well, I think we should go.", "We should go."),  // leading discourse markers
        ("And the design is done and", "The design is done."),  // dangling conjunction
        ("The chip is just really cheap or something.", "The chip is cheap."),  // hedges and vague tails
        ("The L_C_D_ screen, two L_C_D_s, a T_V_.", "The LCD screen, two LCDs, a TV."),  // AMI's spelled letters
        ("Excuse me, the case is rubber, I think.", "The case is rubber."),  // excuse me; a hedge set off at the end
        ("A snake_case name stays, so does a_b.", "A snake_case name stays, so does a_b."),  // not letters spelled out
        ("The case, I think, is rubber.", "The case, is rubber."),  // a hedge set off by commas mid-sentence
        ("We need we I dunno a new chip.", "We need a new chip."),  // I dunno; a subject dropped for another
        ("It I don't know a good way.", "I don't know a good way."),  // an abandoned subject at the start
        ("So it I think we should go.", "We should go."),  // exposed opener stripped too
        ("Once you understand it you like it.", "Once you understand it you like it."),  // an object stays
        ("We — we should use version numbers.", "We should use version numbers."),  // a stutter across a dash
        ("The plan – the new one – ships.", "The plan the new one ships."),  // dashes are punctuation, not words
        ("Two, the sync bug Tom found.", "The sync bug Tom found."),  // an agenda's enumerator
        ("One thing is clear to us.", "One thing is clear to us."),  // a number that is not an enumerator stays
        ("Two, maybe three weeks of work left.", "Two, maybe three weeks of work left."),  // an estimate, not a list
        ("Five, six people came to the meeting.", "Five, six people came to the meeting."),  // a count
        ("First, the budget is fixed.", "The budget is fixed."),  // an ordinal always lists
    ])
    func removesSpokenClutter(input: String, expected: String) {
        #expect(SpokenCleaner.clean(input) == expected)
    }

    /// Reducers find a sentence again by cleaning its cleaned text: cleaning must not change a cleaned sentence.
    @Test(arguments: [
        "So it I think we should go.", "Well it i I if it works, we we're done.", "Yeah, it it I mean the chip.",
        "And you we I you know, they should, I think, pay.", "Um I we I don't know, it's, I guess, fine.",
    ])
    func cleaningIsIdempotent(input: String) {
        let once = SpokenCleaner.clean(input)
        #expect(SpokenCleaner.clean(once) == once)
    }

    /// The cores handed out with the text are the core forms of the text's words, as a caller would compute them.
    @Test(arguments: [
        "Um, the case is uh rubber.", "The L_C_D_ screen, two L_C_D_s, a T_V_.", "We — we should use version numbers.",
        "-5 degrees, \"quoted\" words; .NET and C++ too!", "Uh, yeah. Okay.", "So it I think we should go?",
    ])
    func coresMatchTheCleanedWords(input: String) {
        let (text, cores) = SpokenCleaner.cleanWithCores(input)
        #expect(text == SpokenCleaner.clean(input))
        #expect(cores == text.split(separator: " ").map { SpokenCleaner.coreForm($0) })
    }

    @Test func leavesNothingOfPureFiller() {
        #expect(SpokenCleaner.clean("Uh, yeah. Okay.") == "")
    }

    @Test func keepsWordOrderAndWordsOnly() {
        let input = "So, um, the the remote should, you know, have a, uh, scroll wheel."
        let inputWords = input.lowercased().split(separator: " ").map { $0.filter(\.isLetter) }
        let outputWords = SpokenCleaner.clean(input).lowercased().split(separator: " ").map { $0.filter(\.isLetter) }
        var rest = inputWords[...]
        for word in outputWords {
            guard let at = rest.firstIndex(of: word) else { Issue.record("\(word) is not in order in the input"); return }
            rest = rest[(at + 1)...]
        }
    }

    @Test func candidateFilterWantsContent() {
        #expect(SpokenCleaner.isCandidate("The rubber case costs twelve euros."))
        #expect(!SpokenCleaner.isCandidate("I think that it is so."))
        #expect(!SpokenCleaner.isCandidate("Rubber case."))
    }
}
