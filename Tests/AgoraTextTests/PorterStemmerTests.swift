import AgoraText
import Testing

@Suite struct PorterStemmerTests {
    /// Expected stems from NLTK: `python -c 'from nltk.stem import porter; p = porter.PorterStemmer(); print([p.stem(w) for w in WORDS])'`.
    @Test(arguments: [
        ("running", "run"), ("generalization", "gener"), ("agreed", "agre"), ("happily", "happili"), ("dying", "die"),
        ("skies", "sky"), ("ponies", "poni"), ("hopping", "hop"), ("relational", "relat"), ("conditional", "condit"),
        ("controls", "control"), ("designing", "design"), ("recognition", "recognit"), ("probably", "probabl"),
        ("meeting", "meet"), ("meetings", "meet"), ("caresses", "caress"), ("ties", "tie"), ("is", "is"),
    ])
    func stemsLikeNLTK(word: String, stem: String) {
        #expect(PorterStemmer.stem(word) == stem)
    }
}
