package dev.sandstage.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sandstage.broker.KafkaPorts;
import dev.sandstage.error.SandstageFatalException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigFileTest {

    @Test
    void rendersASingleNodeCombinedBrokerAndControllerOnLoopback() {
        Properties p = load(BrokerConfigFile.render(new KafkaPorts(19092, 19093)));

        assertThat(p)
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("controller.listener.names", "CONTROLLER")
                .containsEntry("log.dirs", "data");
    }

    @Test
    void rendersSingleReplicaInternalTopicsAndNoRebalanceDelay() {
        Properties p = load(BrokerConfigFile.render(KafkaPorts.DEFAULT));

        assertThat(p)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("min.insync.replicas", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void readsBackThePortsItRendered() {
        String text = BrokerConfigFile.render(new KafkaPorts(29092, 29093));

        assertThat(BrokerConfigFile.readPorts(text)).isEqualTo(new KafkaPorts(29092, 29093));
    }

    @Test
    void rewritingPortsChangesOnlyTheListenerKeys() {
        String original = BrokerConfigFile.render(KafkaPorts.DEFAULT)
                + "# my own note\nlog.retention.hours=1\n";

        String rewritten = BrokerConfigFile.withPorts(original, new KafkaPorts(19092, 19093));

        assertThat(BrokerConfigFile.readPorts(rewritten)).isEqualTo(new KafkaPorts(19092, 19093));
        assertThat(load(rewritten))
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("log.retention.hours", "1");
        assertThat(rewritten.lines().filter(l -> !BrokerConfigFile.LISTENER_KEYS.contains(l.split("=")[0])))
                .containsExactlyElementsOf(original.lines()
                        .filter(l -> !BrokerConfigFile.LISTENER_KEYS.contains(l.split("=")[0]))
                        .toList());
    }

    @Test
    void rewritingAppendsListenerKeysTheUserRemoved() {
        String rewritten = BrokerConfigFile.withPorts("node.id=1", new KafkaPorts(19092, 19093));

        assertThat(load(rewritten))
                .containsEntry("node.id", "1")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093");
    }

    @Test
    void rejectsAFileWhoseListenersLackTheControllerNamingTheKey() {
        assertThatThrownBy(() -> BrokerConfigFile.readPorts("listeners=PLAINTEXT://127.0.0.1:9092\n"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("key=listeners")
                .hasMessageContaining("CONTROLLER");
    }

    @Test
    void rejectsAFileWithoutListeners() {
        assertThatThrownBy(() -> BrokerConfigFile.readPorts("node.id=1\n"))
                .isInstanceOf(SandstageFatalException.class)
                .hasMessageContaining("no listeners");
    }

    private static Properties load(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }
}
