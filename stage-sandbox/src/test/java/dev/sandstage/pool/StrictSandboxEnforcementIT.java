package dev.sandstage.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import dev.sandstage.host.DockerClients;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves the strict profile bites: one-shot containers from the real spec run small scripts
 * that try what a hostile tool would, under runc and runsc, and report {@code key=value}. No
 * packet can leave: the containers have no network, so the connect attempt has nowhere to go.
 */
class StrictSandboxEnforcementIT {

    private static DockerClient docker;
    private static SandboxProbe probe;

    @BeforeAll
    static void connect() {
        docker = DockerClients.connect();
        probe = new SandboxProbe(docker, StrictSandboxEnforcementIT.class);
    }

    @AfterAll
    static void close() throws Exception {
        docker.close();
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void rootIsReadOnlyAndWritablePathsAreOwnedByNobodyButNotExecutable(SandboxRuntime runtime) throws Exception {
        // /var/tmp is world-writable in the image, so only the read-only root can refuse it (EROFS).
        Map<String, String> r = probe.run(runtime, """
                echo uid=$(id -u):$(id -g)
                touch /rootfile 2>/dev/null && echo root=writable || echo root=denied
                touch /var/tmp/x 2>&1 | grep -q 'Read-only' && echo root_erofs=yes
                for d in /workspace /tmp; do
                  echo x > $d/f && echo "write$d=ok"
                  cp /bin/true $d/t && $d/t; echo "exec$d=$?"
                done
                for d in /var/tmp /dev/mqueue /dev/shm /etc /home; do
                  touch $d/x 2>/dev/null && echo "write$d=ok" || echo "write$d=denied"
                done
                """);
        assertThat(r).containsEntry("uid", "65534:65534")
                .containsEntry("root", "denied").containsEntry("root_erofs", "yes")
                .containsEntry("write/workspace", "ok").containsEntry("write/tmp", "ok")
                .containsEntry("exec/workspace", "126").containsEntry("exec/tmp", "126")
                .containsEntry("write/var/tmp", "denied").containsEntry("write/dev/mqueue", "denied")
                .containsEntry("write/dev/shm", "denied").containsEntry("write/etc", "denied")
                .containsEntry("write/home", "denied");
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void onlyLoopbackExistsAndConnectingOutFails(SandboxRuntime runtime) throws Exception {
        Map<String, String> r = probe.run(runtime, """
                python3 - <<'EOF'
                import socket
                names = sorted(l.split(':')[0].strip() for l in open('/proc/net/dev').readlines()[2:])
                print('interfaces=' + ','.join(names))
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                try:
                    s.connect(('1.1.1.1', 53)); s.send(b'x'); print('connect=ok')
                except OSError as e:
                    print('connect=failed', e.errno)
                for name, family, kind in (('alg', 38, 5), ('vsock', 40, 1)):
                    try:
                        socket.socket(family, kind); print(name + '=ok')
                    except OSError as e:
                        print(name + '=failed', e.errno)
                EOF
                """);
        assertThat(r).containsEntry("interfaces", "lo");
        assertThat(r.get("connect")).startsWith("failed");
        assertThat(r.get("alg")).startsWith("failed");
        assertThat(r.get("vsock")).startsWith("failed");
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void noCapabilitiesAndNamespaceMountAndChrootAttemptsFail(SandboxRuntime runtime) throws Exception {
        Map<String, String> r = probe.run(runtime, """
                echo capeff=$(awk '/^CapEff/ {print $2}' /proc/self/status)
                echo nonewprivs=$(awk '/^NoNewPrivs/ {print $2}' /proc/self/status)
                echo nonewprivs_prctl=$(perl -e 'print syscall(157, 39, 0, 0, 0, 0)')
                unshare -U true 2>/dev/null && echo unshare=ok || echo unshare=failed
                unshare -m true 2>/dev/null && echo unshare_mnt=ok || echo unshare_mnt=failed
                mkdir -p /workspace/m; mount -t tmpfs x /workspace/m 2>/dev/null && echo mount=ok || echo mount=failed
                chroot / true 2>/dev/null && echo chroot=ok || echo chroot=failed
                echo '|/bin/sh' > /proc/sys/kernel/core_pattern 2>/dev/null && echo core_pattern=ok || echo core_pattern=failed
                echo h > /proc/sysrq-trigger 2>/dev/null && echo sysrq=ok || echo sysrq=failed
                cat /proc/kmsg >/dev/null 2>&1 && echo kmsg=readable || echo kmsg=unreadable
                if [ -r /proc/kallsyms ]; then
                  echo kallsyms_nonzero=$(grep -vc '^0000000000000000' /proc/kallsyms)
                else
                  echo kallsyms_nonzero=0
                fi
                """);
        assertThat(r).containsEntry("capeff", "0000000000000000").containsEntry("unshare", "failed")
                .containsEntry("unshare_mnt", "failed")
                .containsEntry("mount", "failed").containsEntry("chroot", "failed")
                .containsEntry("core_pattern", "failed").containsEntry("sysrq", "failed")
                .containsEntry("kmsg", "unreadable").containsEntry("kallsyms_nonzero", "0");
        // prctl(PR_GET_NO_NEW_PRIVS). gVisor (2022-12-19 and 2024-07-29 alike) sets no_new_privs on
        // every process it runs, with or without the option, but has no NoNewPrivs line in /proc/self/status.
        assertThat(r).containsEntry("nonewprivs_prctl", "1");
        if (runtime == SandboxRuntime.RUNC) {
            assertThat(r).containsEntry("nonewprivs", "1");
        }
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void seccompRefusesIoUringPtracePersonalityUserfaultfdKeyctlAndHighBitSocketFamilies(SandboxRuntime runtime)
            throws Exception {
        // Under runsc the profile is enforced by gVisor's kernel (prepare registers runsc with --oci-seccomp).
        Map<String, String> r = probe.run(runtime, """
                echo seccomp=$(awk '/^Seccomp:/ {print $2}' /proc/self/status)
                perl -e '
                  sub try { my ($name, $nr, @a) = @_; my $r = syscall($nr, @a); printf "%s=%d/%d\\n", $name, $r, $!+0 }
                  try("io_uring_setup", 425, 8, 0);
                  try("ptrace", 101, 0, 0, 0, 0);
                  try("personality", 135, 0x0040000);
                  try("userfaultfd", 323, 0);
                  try("keyctl", 250, 0, 0);
                  try("vsock_high_bits", 41, 0x100000028, 1, 0);
                  try("alg_high_bits", 41, 0x100000026, 5, 0);
                  try("unix_socket", 41, 1, 1, 0);'
                """);
        if (runtime == SandboxRuntime.RUNC) {
            assertThat(r).containsEntry("seccomp", "2");
        }
        assertThat(r).containsEntry("io_uring_setup", "-1/1").containsEntry("ptrace", "-1/1")
                .containsEntry("personality", "-1/1").containsEntry("userfaultfd", "-1/1")
                .containsEntry("keyctl", "-1/1").containsEntry("vsock_high_bits", "-1/1")
                .containsEntry("alg_high_bits", "-1/1");
        assertThat(r.get("unix_socket")).doesNotStartWith("-1");
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void fillingTheWorkspaceEndsInEnospcAtItsSize(SandboxRuntime runtime) throws Exception {
        long size = HardeningProfile.STRICT.defaultLimits().workspaceBytes();
        Map<String, String> r = probe.run(runtime, """
                python3 - <<'EOF'
                import errno
                total, chunk = 0, b'x' * (1 << 20)
                try:
                    for i in range(1000):
                        with open('/workspace/fill%d' % i, 'wb') as f:
                            for _ in range(8):
                                f.write(chunk); f.flush(); total += len(chunk)
                except OSError as e:
                    print('error=' + errno.errorcode[e.errno])
                print('written=%d' % total)
                EOF
                """);
        assertThat(r).containsEntry("error", "ENOSPC");
        assertThat(Long.parseLong(r.get("written"))).isBetween(size - (2L << 20), size);
    }

    @ParameterizedTest
    @EnumSource(SandboxRuntime.class)
    void memoryLimitIsVisibleInsideAndAllocatingBeyondItFails(SandboxRuntime runtime) throws Exception {
        long limit = HardeningProfile.STRICT.defaultLimits().memoryBytes();
        Map<String, String> r = probe.run(runtime, """
                echo cgroup_limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || echo none)
                echo memtotal_kib=$(awk '/^MemTotal/ {print $2}' /proc/meminfo)
                python3 -c 'b = bytearray(512 << 20); print("allocated=yes")'
                echo python_exit=$?
                """);
        assertThat(r).doesNotContainKey("allocated");
        assertThat(r.get("python_exit")).isNotEqualTo("0");
        if (runtime == SandboxRuntime.RUNC) {
            assertThat(r).containsEntry("cgroup_limit", Long.toString(limit));
        } else {
            assertThat(Long.parseLong(r.get("memtotal_kib")) * 1024).isLessThanOrEqualTo(limit);
        }
    }
}
