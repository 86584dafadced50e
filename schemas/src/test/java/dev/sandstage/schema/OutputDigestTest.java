package dev.sandstage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.events.Output;
import dev.sandstage.events.ToolResult;
import dev.sandstage.testing.SampleEvents;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputDigestTest {

    @Test
    void hashesEachStreamAfterItsEightByteBigEndianLength() {
        // Independently: python3 -c "import hashlib,struct; o=b'out\n'; e=b'err\xff';
        //   print(hashlib.sha256(struct.pack('>Q',len(o))+o+struct.pack('>Q',len(e))+e).hexdigest())"
        assertThat(OutputDigest.sha256(utf8("out\n"), new byte[] {'e', 'r', 'r', (byte) 0xff}))
                .isEqualTo("cade912a0da25bb4060b4835e23ed8a222d58d7e92c0eac93978f88c930fe0c6");
    }

    @Test
    void noOutputAtAllIsTheHashOfTwoZeroLengths() {
        assertThat(OutputDigest.sha256(new byte[0], new byte[0]))
                .isEqualTo("374708fff7719dd5979ec875d56cd2286f6d3cf7ec317a3b25632aab28ec37bb");
    }

    @Test
    void movingBytesBetweenTheStreamsChangesTheHash() {
        assertThat(OutputDigest.sha256(utf8("ab"), utf8("c"))).isNotEqualTo(OutputDigest.sha256(utf8("a"), utf8("bc")));
        assertThat(OutputDigest.sha256(utf8("ab"), new byte[0])).isNotEqualTo(OutputDigest.sha256(new byte[0], utf8("ab")));
    }

    @Test
    void aResultHashesToTheDigestOfItsOwnDataFieldsAndKeepsItsBuffersUnmoved() {
        ToolResult result = SampleEvents.result();
        result.setStderr(new Output(ByteBuffer.wrap(utf8("warning\n")), false, 8L));

        String first = OutputDigest.of(result);

        assertThat(first).isEqualTo(OutputDigest.sha256(utf8("{\"state\":\"running\"}\n"), utf8("warning\n")));
        assertThat(OutputDigest.of(result)).as("reading the result twice").isEqualTo(first);
        assertThat(result.getStdout().getData().remaining()).isEqualTo(20);
    }

    @Test
    void bytesPastTheCapAreNotCoveredOnlyTheCapturedOnes() {
        ToolResult complete = SampleEvents.result();
        complete.setStdout(new Output(ByteBuffer.wrap(utf8("kept")), false, 4L));
        ToolResult truncated = SampleEvents.result();
        truncated.setStdout(new Output(ByteBuffer.wrap(utf8("kept")), true, 1_000_000L));

        assertThat(OutputDigest.of(truncated)).isEqualTo(OutputDigest.of(complete))
                .isEqualTo(OutputDigest.sha256(utf8("kept"), new byte[0]));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
