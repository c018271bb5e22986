@testable import AgoraHTTP
import Foundation
import Testing

/// Error messages say each thing once and carry no secret.
@Suite struct ErrorMessageTests {
    @Test func aStallSaysStalledOnce() {
        let stalled = HTTPBackendError.timedOut(endpoint: "http://h/v1", kind: .stalled, reason: "no byte for 30 s")
        #expect(stalled.description == "http://h/v1: stalled: no byte for 30 s")
        let timedOut = HTTPBackendError.timedOut(endpoint: "http://h/v1", kind: .requestTimeout, reason: "took 60 s")
        #expect(timedOut.description == "http://h/v1: timed out (requestTimeout): took 60 s")
    }

    @Test func theRedactorHidesKeysPasswordsAndCredentialHeaders() {
        let redactor = CredentialRedactor(
            apiKey: "sk-live-key", baseURLs: ["http://alice:p%40ss@h/v1", "http://h2/v1"],
            headers: [HTTPHeader("Authorization", "Bearer tok-123"), HTTPHeader("X-Api-Key", "kkkk-9"), HTTPHeader("X-Request-Tag", "visible")])
        let basic = Data("alice:p%40ss".utf8).base64EncodedString()
        let decodedBasic = Data("alice:p@ss".utf8).base64EncodedString()
        let text = redactor.redact("sk-live-key tok-123 Bearer tok-123 kkkk-9 p@ss alice:p%40ss \(basic) \(decodedBasic) visible")
        #expect(text == "*** *** *** *** *** *** *** *** visible", "\(text)")
        #expect(redactedURL("http://alice:p@ss@h/v1?x=1") == "http://h/v1")
    }
}
