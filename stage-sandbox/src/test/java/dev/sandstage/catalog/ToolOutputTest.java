package dev.sandstage.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolOutputTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"hi\"}\n", "[1,2,3]", "  \"text\"  ", "42", "null", "true",
            "{\"nested\":{\"a\":[{}]}}"})
    void oneJsonValueIsJson(String stdout) {
        assertThat(ToolOutput.isJson(stdout.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "hello", "{\"a\":1}{\"b\":2}", "{\"a\":1", "1 2", "{'a':1}",
            "{\"a\":1}\ntrailing"})
    void textOrSeveralValuesIsNotJson(String stdout) {
        assertThat(ToolOutput.isJson(stdout.getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void bytesThatAreNotUtf8AreNotJson() {
        assertThat(ToolOutput.isJson(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'})).isFalse();
    }
}
