package dev.sandstage.pool;

import static dev.sandstage.pool.DockerPoolFixture.python;
import static dev.sandstage.pool.DockerPoolFixture.sh;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sandstage.agent.RunReason;
import dev.sandstage.pool.DockerPoolFixture.Call;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adversarial battery through a real pool, part 2: a tool trying to get out of its sandbox
 * (filesystem, exec, network, kernel interfaces, privileges). Each attempt must fail in the way
 * the tool sees it, the call still ends normally, and the sandbox stays in service.
 */
class SandboxBatteryWallsIT {

    private static final DockerPools POOLS = new DockerPools(SandboxBatteryWallsIT.class);

    @AfterAll
    static void closePools() throws Exception {
        POOLS.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void writesOutsideTheWorkspaceAndTmpAreRefused(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("""
                for d in /workspace /tmp / /etc /usr/local/bin /var/tmp /dev/shm /dev/mqueue /home; do
                  if echo x > $d/probe 2>/dev/null; then echo "$d ok"; else echo "$d refused"; fi
                done
                """));

        assertThat(call.result().succeeded()).isTrue();
        assertThat(call.stdout()).isEqualTo("""
                /workspace ok
                /tmp ok
                / refused
                /etc refused
                /usr/local/bin refused
                /var/tmp refused
                /dev/shm refused
                /dev/mqueue refused
                /home refused
                """);
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aBinaryCopiedIntoTheWorkspaceOrTmpCannotBeExecuted(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("""
                cp /bin/echo /workspace/e && /workspace/e escaped; echo "workspace $?"
                cp /bin/echo /tmp/e && /tmp/e escaped; echo "tmp $?"
                """));

        assertThat(call.result().succeeded()).isTrue();
        assertThat(call.stdout()).isEqualTo("workspace 126\ntmp 126\n");
        assertThat(call.stderr()).contains("Permission denied").doesNotContain("escaped");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void onlyLoopbackExistsAndConnectingOutFails(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(python("""
                import socket
                print('interfaces', sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:]))
                for kind, addr in ((socket.SOCK_STREAM, ('1.1.1.1', 443)), (socket.SOCK_DGRAM, ('8.8.8.8', 53))):
                    s = socket.socket(socket.AF_INET, kind)
                    s.settimeout(2)
                    try:
                        s.connect(addr); s.send(b'x'); print(kind.name, 'connected')
                    except OSError as e:
                        print(kind.name, 'failed')
                """));

        assertThat(call.result().succeeded()).as("%s", call.result()).isTrue();
        assertThat(call.stdout()).isEqualTo("interfaces ['lo']\nSOCK_STREAM failed\nSOCK_DGRAM failed\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void rawPacketAndAfAlgSocketsCannotBeOpened(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(python("""
                import socket
                for name, family, kind, proto in (('raw', socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP),
                                                  ('packet', 17, socket.SOCK_RAW, 0),
                                                  ('alg', 38, socket.SOCK_SEQPACKET, 0)):
                    try:
                        socket.socket(family, kind, proto); print(name, 'opened')
                    except OSError as e:
                        print(name, 'refused')
                """));

        assertThat(call.result().succeeded()).as("%s", call.result()).isTrue();
        assertThat(call.stdout()).isEqualTo("raw refused\npacket refused\nalg refused\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void unshareMountAndChrootFail(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("""
                unshare -U true 2>/dev/null && echo "unshare-user ok" || echo "unshare-user failed"
                unshare -m true 2>/dev/null && echo "unshare-mount ok" || echo "unshare-mount failed"
                mkdir -p /workspace/m
                mount -t tmpfs x /workspace/m 2>/dev/null && echo "mount ok" || echo "mount failed"
                chroot / true 2>/dev/null && echo "chroot ok" || echo "chroot failed"
                """));

        assertThat(call.result().succeeded()).isTrue();
        assertThat(call.stdout()).isEqualTo("unshare-user failed\nunshare-mount failed\nmount failed\nchroot failed\n");
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void kernelKnobsCannotBeWrittenAndKernelSecretsCannotBeRead(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("""
                echo '|/workspace/x' > /proc/sys/kernel/core_pattern 2>/dev/null && echo "core_pattern written" || echo "core_pattern refused"
                echo b > /proc/sysrq-trigger 2>/dev/null && echo "sysrq written" || echo "sysrq refused"
                head -c 1 /proc/kmsg > /dev/null 2>&1 && echo "kmsg read" || echo "kmsg refused"
                if [ -r /proc/kallsyms ]; then echo "kallsyms addresses $(grep -c -v '^0000000000000000 ' /proc/kallsyms)"
                else echo "kallsyms addresses none"; fi
                """));

        assertThat(call.result().succeeded()).isTrue();
        // runc shows the host's kallsyms with every address zeroed; gVisor has no kallsyms at all.
        assertThat(call.stdout()).isEqualTo("""
                core_pattern refused
                sysrq refused
                kmsg refused
                kallsyms addresses %s
                """.formatted(runtime.equals("runc") ? "0" : "none"));
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void everyCapabilitySetIsEmpty(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        Call call = pool.call(sh("grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb)' /proc/self/status"));

        assertThat(call.result().succeeded()).isTrue();
        assertThat(call.stdout().lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).endsWith("\t0000000000000000"));
        pool.assertReusedAndHealthy(call);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"runc", "runsc"})
    void aSetuidRootBinaryRunsWithoutRaisingItsEffectiveUid(String runtime) {
        DockerPoolFixture pool = POOLS.of(runtime);

        // su is setuid root in the image; it blocks at its password prompt on a FIFO, which
        // leaves time to read its uids. Without no-new-privileges they would read 65534 0 0 0.
        Call call = pool.call(sh("""
                test -u /usr/bin/su && echo "su is setuid"
                mkfifo /tmp/pw
                su root < /tmp/pw > /tmp/out 2>&1 &
                exec 3> /tmp/pw
                for i in $(seq 50); do grep -q Password /tmp/out && break; sleep 0.1; done
                grep '^Uid:' /proc/$!/status | tr '\\t' ' '
                perl -e 'print "perl uid=$< euid=$>\\n"'
                """));

        assertThat(call.result().reason()).isEqualTo(RunReason.EXITED);
        assertThat(call.stdout()).isEqualTo("su is setuid\nUid: 65534 65534 65534 65534\nperl uid=65534 euid=65534\n");
        pool.assertReusedAndHealthy(call);
    }
}
