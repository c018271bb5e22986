import AgoraEval
import Testing

@Suite struct RougeTests {
    static let reference = "The team discussed the remote control design.\nThey agreed on a rubber case and voice recognition.\nThe budget was a problem for the LCD screen."
    static let candidate = "We discussed designing the remote controls.\nThe rubber case is agreed, with voice recognition features.\nThe LCD display costs too much for our budget."

    /// Expected figures (precision, recall, F1 × 100) from Google's rouge-score 0.1.2:
    /// `python -c 'from rouge_score import rouge_scorer as r; s = r.RougeScorer(["rouge1","rouge2","rougeL","rougeLsum"], use_stemmer=True); print(s.score(REF, CAND))'`
    /// with REF and CAND the two strings above (see /tmp/rouge_fixture.py in the commit message's session).
    @Test func matchesRougeScore() {
        let s = Rouge().score(reference: Self.reference, candidate: Self.candidate)
        let expected: [(RougeScore, Double, Double, Double)] = [
            (s.rouge1, 62.5, 60.0, 61.2245),
            (s.rouge2, 21.7391, 20.8333, 21.2766),
            (s.rougeL, 41.6667, 40.0, 40.8163),
            (s.rougeLsum, 45.8333, 44.0, 44.898),
        ]
        for (score, precision, recall, f1) in expected {
            #expect(abs(score.precision * 100 - precision) < 0.1)
            #expect(abs(score.recall * 100 - recall) < 0.1)
            #expect(abs(score.f1 * 100 - f1) < 0.1)
        }
    }

    @Test func tokenizesLikeRougeScore() {
        #expect(RougeTokenizer().tokenize("The L_C_D_ costs 12.5 Euros; it's cheap!") == ["the", "l", "c", "d", "cost", "12", "5", "euro", "it", "s", "cheap"])
        #expect(RougeTokenizer(stemming: false).tokenize("Running dogs") == ["running", "dogs"])
    }

    @Test func identicalTextScoresOneAndDisjointScoresZero() {
        let same = Rouge().score(reference: "a red button\nthe case", candidate: "a red button\nthe case")
        #expect(same.rouge1.f1 == 1 && same.rouge2.f1 == 1 && same.rougeL.f1 == 1 && same.rougeLsum.f1 == 1)
        let none = Rouge().score(reference: "red button", candidate: "blue wheel")
        #expect(none.rouge1.f1 == 0 && none.rougeLsum.f1 == 0)
        #expect(Rouge().score(reference: "", candidate: "x").rougeL == .zero)
    }

    @Test func summaryLevelLCSUsesLineOrderWithinSentences() {
        // Same words, one line reversed: ROUGE-1 is perfect, ROUGE-Lsum is not.
        let s = Rouge().score(reference: "alpha beta gamma\ndelta epsilon", candidate: "gamma beta alpha\ndelta epsilon")
        #expect(s.rouge1.f1 == 1)
        #expect(s.rougeLsum.f1 < 1 && s.rougeLsum.f1 > 0.5)
    }
}
