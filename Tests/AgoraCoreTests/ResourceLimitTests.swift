import AgoraCore
import Testing

@Suite struct ResourceLimitTests {
    @Test func sizesAreWholeNumbersWithABinarySuffix() {
        #expect(ResourceLimit.parse("65536") == 65_536)
        #expect(ResourceLimit.parse("64K") == 64 << 10)
        #expect(ResourceLimit.parse("64m") == 64 << 20)
        #expect(ResourceLimit.parse(" 1G ") == 1 << 30)
        #expect(ResourceLimit.parse("0") == 0)
        for bad in ["", "M", "-5", "+5", "1.5M", "64MB", "lots", "99999999999999999999", "9999999999G", "٣"] {
            #expect(ResourceLimit.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aBadVariableIsNamedInOneLine() {
        #expect(throws: Never.self) { try ResourceLimit.checkEnvironment(["AGORA_MAX_INPUT_BYTES": "8M", "HOME": "/x"]) }
        #expect { try ResourceLimit.checkEnvironment(["AGORA_MAX_MCP_LINE_BYTES": "big"]) } throws: {
            "\($0)" == "AGORA_MAX_MCP_LINE_BYTES='big': expected a whole number, optionally with K, M or G (e.g. 64M)"
        }
    }

    @Test func theErrorSaysWhatPassedWhichLimitAndHowToRaiseIt() {
        #expect(ResourceLimit.responseBytes.exceeded("the response body") == "the response body passed the 64 MiB limit (set AGORA_MAX_RESPONSE_BYTES to raise it)")
        #expect(ResourceLimit.inputBytes.exceeded("Standard input", limit: 1_500) == "Standard input passed the 1500 bytes limit (set AGORA_MAX_INPUT_BYTES to raise it)")
        #expect(ResourceLimit.httpMinimumSpeed.describe(16) == "16 bytes/s")
    }
}
