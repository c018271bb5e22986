/// Word lists for spoken English: fillers, backchannels, discourse markers and stop words.
///
/// All entries are lowercase; look words up by their ``SpokenToken/core`` (lowercased, surrounding punctuation
/// removed).
public enum Lexicon {
    /// Hesitations that never carry meaning: removed wherever they occur.
    public static let fillers: Set<String> = [
        "uh", "um", "uhm", "umm", "uhh", "hmm", "hm", "mm", "mmm", "mm-hmm", "mm-hm", "mhm", "uh-huh", "uh-hum",
        "ah", "er", "erm", "eh", "huh", "ooh", "oh", "mah", "uh-oh", "um-hmm",
    ]

    /// Acknowledgements ("yeah", "okay"): removed at the start of a sentence; the ``looseBackchannels`` also
    /// wherever a comma sets them off.
    public static let backchannels: Set<String> = [
        "yeah", "yep", "yup", "yes", "okay", "ok", "alright", "right", "sure", "wow", "cool",
    ]

    /// Backchannels that are removed mid-sentence too when a comma sets them off ("we, yeah, could").
    public static let looseBackchannels: Set<String> = ["yeah", "yep", "yup", "okay", "ok", "alright"]

    /// Words that open a spoken sentence without adding to it ("so", "well", "and").
    public static let leadingMarkers: Set<String> = Set<String>([
        "so", "and", "but", "well", "also", "anyway", "actually", "basically", "like", "now", "or", "then",
        "because", "cause", "'cause",
    ]).union(fillers).union(backchannels)

    /// Words that number the items of a spoken list.
    public static let enumerators: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "first", "second", "third", "fourth", "fifth", "firstly", "secondly", "thirdly", "lastly",
    ]

    /// The cardinal numbers among the enumerators: after a comma they may start a count, not a list.
    public static let cardinals: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

    /// What follows a cardinal when the speaker is counting or estimating ("two, maybe three"), not listing.
    public static let countContinuations: Set<String> = cardinals.union([
        "maybe", "perhaps", "possibly", "or", "eleven", "twelve", "fifteen", "twenty", "thirty", "fifty", "hundred",
    ])

    /// Hedges that add nothing a reader needs ("just", "really"): removed anywhere, which leaves more of the
    /// word budget to content.
    public static let hedges: Set<String> = ["just", "really", "actually", "basically", "literally", "kinda", "sorta"]

    /// Vague tails ("or something", "and stuff"): removed wherever they occur.
    public static let vagueTails: [(String, String)] = [
        ("or", "something"), ("or", "whatever"), ("or", "anything"), ("and", "stuff"), ("and", "everything"),
        ("and", "things"), ("or", "so"),
    ]

    /// Two-word openers ("I think", "you know") stripped from the start of a sentence.
    public static let leadingPhrases: [(String, String)] = [
        ("i", "think"), ("i", "guess"), ("i", "mean"), ("you", "know"), ("you", "see"), ("i", "suppose"),
        ("i", "believe"), ("of", "course"),
    ]

    /// Words that end an unfinished spoken sentence ("... and", "... so").
    public static let trailingMarkers: Set<String> = Set<String>([
        "so", "and", "but", "or", "because", "cause",
    ]).union(fillers).union(backchannels)

    /// Subject pronouns and their contractions: one followed by another is a restart (`we I dunno`).
    public static let subjects: Set<String> = subjectOnly.union(["it", "you", "it's", "you're", "you've", "you'll", "you'd"])

    /// Subject forms that are never objects: followed by another subject, they were abandoned.
    public static let subjectOnly: Set<String> = [
        "i", "we", "they", "he", "she", "i'm", "we're", "they're", "he's", "she's", "i've", "we've", "they've",
        "i'll", "we'll", "they'll", "i'd", "we'd", "they'd",
    ]

    /// Short tokens without a vowel that are real words or abbreviations, not false starts.
    public static let consonantWords: Set<String> = [
        "mr", "mrs", "ms", "dr", "st", "vs", "tv", "pc", "pcs", "cd", "cds", "dvd", "mp", "nth", "lcd", "shh",
        "psst", "brr", "pst", "sh", "tsk", "fx", "dsp", "html", "xml", "db", "km", "kg", "cm", "mph", "hr", "ltd",
    ]

    /// English function words plus the fillers: a term is a *content word* when it is not in this set.
    public static let stopWords: Set<String> = {
        let words: [String] = """
        a about above after again against all also am an and any are aren't as at be because been before being \
        below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down \
        during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here \
        here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself \
        let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves out \
        over own same shan't she she'd she'll she's should shouldn't so some such than that that's the their \
        theirs them themselves then there there's these they they'd they'll they're they've this those through to \
        too under until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where \
        where's which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've your \
        yours yourself yourselves will just gonna wanna gotta kinda sorta really actually basically mean know \
        think guess like well sort kind thing things stuff lot lots maybe probably get got go going gone say said \
        says see one two yeah yes okay ok alright right sure oh um uh hmm mm mm-hmm uh-huh huh wow let us \
        also even still much many way something anything everything nothing bit quite pretty whatever \
        that'd there'd it'd it'll there'll that'll what'll who'd
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        return Set(words).union(fillers).union(backchannels)
    }()

    /// Abbreviations whose period does not end a sentence (lowercase, without the final period).
    public static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "jr", "sr", "inc", "ltd", "corp", "e.g", "i.e", "cf", "approx",
        "dept", "fig", "vol", "a.m", "p.m", "u.s", "u.k", "mt", "sgt", "lt", "capt", "eq", "etc",
    ]
}
