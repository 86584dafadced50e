package dev.sandstage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ToolOutputTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"hi\"}\n", "[1,2,3]", "  \"text\"  ", "42", "null", "true",
            "{\"nested\":{\"a\":[{}]}}"})
    void oneJsonValueIsJson(String stdout) {
        assertThat(ToolOutput.isJson(utf8(stdout))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "hello", "{\"a\":1}{\"b\":2}", "{\"a\":1", "1 2", "{'a':1}",
            "{\"a\":1}\ntrailing"})
    void textOrSeveralValuesIsNotJson(String stdout) {
        assertThat(ToolOutput.isJson(utf8(stdout))).isFalse();
    }

    @Test
    void bytesThatAreNotUtf8AreNotJson() {
        assertThat(ToolOutput.isJson(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'})).isFalse();
    }

    @Test
    void anObjectIsKeptCompactWithMembersInTheirOrder() {
        String pretty = "{\n  \"state\" : \"running\",\n  \"tags\" : { \"team\" : \"data\" },\n  \"a\" : [ 1, 2 ]\n}\n";

        assertThat(ToolOutput.compactJson(utf8(pretty)))
                .contains("{\"state\":\"running\",\"tags\":{\"team\":\"data\"},\"a\":[1,2]}");
    }

    @Test
    void anArrayIsKeptCompact() {
        assertThat(ToolOutput.compactJson(utf8("[ {\"a\": true}, null, \"x\", [ ] ]")))
                .contains("[{\"a\":true},null,\"x\",[]]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"  {\"a\":1}", "{\"a\":1}\n", "\r\n\t {\"a\":1} \t\r\n", "\n\n{ \"a\" :\n 1 }\n\n"})
    void whitespaceAroundAndInsideIsDropped(String stdout) {
        assertThat(ToolOutput.compactJson(utf8(stdout))).contains("{\"a\":1}");
    }

    @Test
    void numbersKeepTheTextTheToolWrote() {
        String stdout = "[0.1000000000000000000001, 12345678901234567890123, 1.50, -0, 1e400, 2E-3]";

        assertThat(ToolOutput.compactJson(utf8(stdout)))
                .contains("[0.1000000000000000000001,12345678901234567890123,1.50,-0,1e400,2E-3]");
    }

    @Test
    void stringsAreReescapedMinimallySoEqualTextsHaveOneForm() {
        String stdout = "{\"path\":\"a\\/b\",\"name\":\"caf\\u00e9\",\"raw\":\"café ✓\",\"tab\":\"a\\tb\",\"q\":\"\\\"\"}";

        assertThat(ToolOutput.compactJson(utf8(stdout)))
                .contains("{\"path\":\"a/b\",\"name\":\"café\",\"raw\":\"café ✓\",\"tab\":\"a\\tb\",\"q\":\"\\\"\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"text\"", "true", "null", " 3.5\n"})
    void aBareScalarIsNotKept(String stdout) {
        assertThat(ToolOutput.isJson(utf8(stdout))).isTrue();
        assertThat(ToolOutput.compactJson(utf8(stdout))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " \n", "hello", "{\"a\":1}{\"b\":2}", "[1] [2]", "{\"a\":1}\ntrailing", "{'a':1}",
            "{a:1}", "[1,]", "[NaN]", "[01]", "{\"a\":1", "[\"unterminated", "// comment\n{}"})
    void textThatIsNotOneJsonObjectOrArrayIsNotKept(String stdout) {
        assertThat(ToolOutput.compactJson(utf8(stdout))).isEmpty();
    }

    @Test
    void aTruncatedDocumentIsNotKept() {
        byte[] whole = utf8("{\"instance_id\":\"i-0abc1234\",\"tags\":{\"team\":\"data\"}}");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);

        assertThat(ToolOutput.compactJson(whole)).isPresent();
        assertThat(ToolOutput.compactJson(cut)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "invalid continuation, 7B 22 61 22 3A 22 C3 28 22 7D",
        "lone continuation byte, 5B 22 80 22 5D",
        "overlong slash, 5B 22 C0 AF 22 5D",
        "encoded surrogate, 5B 22 ED A0 80 22 5D",
        "cut multibyte sequence, 5B 22 E2 9C",
        "latin-1 text, 5B 22 63 61 66 E9 22 5D",
        "utf-16le, 5B 00 31 00 5D 00",
        "utf-8 byte order mark, EF BB BF 5B 31 5D"
    })
    void bytesThatAreNotUtf8JsonAreNotKept(String what, String hex) {
        byte[] bytes = java.util.HexFormat.ofDelimiter(" ").parseHex(hex);

        assertThat(ToolOutput.compactJson(bytes)).as(what).isEmpty();
    }

    @Test
    void nestingUpToTheBoundIsKeptAndDeeperIsNot() {
        int max = ToolOutput.MAX_NESTING_DEPTH;
        String atBound = "[".repeat(max) + "]".repeat(max);
        String deeper = "[".repeat(max + 1) + "]".repeat(max + 1);

        assertThat(ToolOutput.compactJson(utf8(atBound))).contains(atBound);
        assertThat(ToolOutput.compactJson(utf8(deeper))).isEmpty();
    }

    @Test
    void hugeNestingIsRefusedWithoutExhaustingTheStack() {
        byte[] deep = utf8("{\"a\":".repeat(200_000) + "1" + "}".repeat(200_000));
        byte[] open = utf8("[".repeat(1_000_000));

        assertThat(ToolOutput.compactJson(deep)).isEmpty();
        assertThat(ToolOutput.compactJson(open)).isEmpty();
    }
}
