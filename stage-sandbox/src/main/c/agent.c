/*
 * sandstage-agent: PID 1 of every pooled Sandstage container. It runs tool calls for the stage
 * and restores the sandbox between them. The stage talks to it over the container's attached
 * stdin (requests) and stdout (responses); stderr carries diagnostic lines only. No TTY.
 *
 * PROTOCOL, version 1. Every message is one frame:
 *
 *   u8 version (1) | u8 type | u32 payload length (big-endian) | payload
 *
 * The payload is at most 16 MiB. Integers are big-endian; "bytes" and "str" are a u32 length
 * followed by that many bytes (str: UTF-8, no NUL). A bad version or an oversized length is
 * answered with ERROR and the agent exits (the stream cannot be resynchronised); an unknown
 * type or a malformed payload is answered with ERROR and the agent goes on. The stage treats
 * any ERROR as a broken sandbox. The agent never sends a frame unasked and never relies on
 * stdin EOF (Docker's attach does not forward it); EOF on stdin, when it comes, makes the
 * agent clean up and exit 0.
 *
 * Requests (stage -> agent):
 *   0x01 RUN    u64 timeout_ms | u8 flags (bit 0: wipe the workspace afterwards)
 *               | u64 cpu_seconds | u64 address_space_bytes | u64 file_size_bytes
 *               | u64 open_files | u64 processes          (each 0 = leave unchanged)
 *               | u32 stdout_cap | u32 stderr_cap | u64 output_ceiling (0 = none)
 *               | str workdir ("" = the agent's own) | u32 argc, argc x str
 *               | u32 envc, envc x str ("NAME=value") | bytes stdin
 *   0x02 PING   u64 nonce
 *   0x03 RESET  (empty)
 * Responses (agent -> stage):
 *   0x81 RESULT u8 reason (0 exited, 1 timeout, 2 output_limit, 3 killed, 4 oom,
 *               5 spawn_failed) | i32 exit_code (-1: none) | i32 signal (0: none)
 *               | u64 wall_us | u64 cpu_us | u64 peak_rss_bytes
 *               | u64 stdout_total | u8 stdout_truncated | bytes stdout
 *               | u64 stderr_total | u8 stderr_truncated | bytes stderr | str message
 *   0x82 PONG   u64 nonce (the PING's)
 *   0x83 READY  (empty)
 *   0x84 ERROR  UTF-8 message (the whole payload)
 *
 * Exchanges: PING -> PONG. RESET -> READY. RUN -> RESULT, then READY: RESULT goes out as soon
 * as the tool has ended, then the agent restores the sandbox and sends READY (or ERROR when it
 * could not restore it).
 *
 * RESTORE, after every RUN and on RESET (sweep.c, ipc.c): nothing of one call may be seen by the
 * next. (1) Kill every other process and reap them (sweep.c): with them go their timers, file
 * locks, sockets (abstract unix ones included) and memory. (2) Remove every System V message
 * queue, shared memory segment and semaphore set of the container's IPC namespace, which
 * outlives its processes (ipc.c says how, and why it is complete). (3) Wipe the writable paths:
 * /tmp, /dev/shm (POSIX shared memory and named semaphores), /dev/mqueue (POSIX message queues,
 * should it be a writable mqueue mount; the stage's seccomp profile refuses the mq_* calls and
 * mounts it read-only), /var/tmp, and /workspace unless the RUN said to keep it for a pinned
 * session; a
 * path that does not exist or is mounted read-only is passed over. Any step that fails makes
 * the answer ERROR, and the stage replaces the container.
 *
 * SAFETY. kill(-1, SIGKILL) only when getpid() == 1. Otherwise (tests on a host, possibly as
 * root) the agent becomes a child subreaper and kills only the process groups it created and
 * its own descendants. Wiped paths come from the command line (--workspace DIR, --wipe DIR,
 * repeatable) or SANDSTAGE_AGENT_WORKSPACE / SANDSTAGE_AGENT_WIPE (colon-separated); the
 * defaults /workspace, /tmp, /dev/shm, /dev/mqueue, /var/tmp apply only as PID 1, so a host run
 * wipes nothing unless told to, and IPC objects are removed only as PID 1.
 */
#include "agent.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void add_wipe(struct agent *a, const char *path) {
    if (a->wipe_count >= MAX_PATHS) die("too many wipe paths (max %d)", MAX_PATHS);
    a->wipe[a->wipe_count++] = path;
}

static void configure_paths(struct agent *a, int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--workspace") == 0) {
            a->workspace = argv[++i];
        } else if (i + 1 < argc && strcmp(argv[i], "--wipe") == 0) {
            add_wipe(a, argv[++i]);
        } else {
            die("usage: sandstage-agent [--workspace DIR] [--wipe DIR]...; got '%s'", argv[i]);
        }
    }
    const char *ws = getenv("SANDSTAGE_AGENT_WORKSPACE");
    if (!a->workspace && ws && *ws) a->workspace = ws;
    const char *env = getenv("SANDSTAGE_AGENT_WIPE");
    if (a->wipe_count == 0 && env && *env) {
        for (char *s = strdup(env), *tok; (tok = strsep(&s, ":")) != NULL;) {
            if (*tok) add_wipe(a, tok);
        }
    }
    if (a->is_init) {
        if (!a->workspace) a->workspace = "/workspace";
        if (a->wipe_count == 0) {
            add_wipe(a, "/tmp");
            add_wipe(a, "/dev/shm");
            add_wipe(a, "/dev/mqueue"); /* unlinking a queue's file removes the queue */
            add_wipe(a, "/var/tmp");    /* a tmpfs under the lenient profile; on the read-only root else */
        }
    }
}

/* Children get a clean slate again in run.c; here the agent protects itself. */
static void configure_signals(struct agent *a) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, NULL);
    a->sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
    if (a->sigfd < 0) die("signalfd failed");
    signal(SIGPIPE, SIG_IGN);
    if (a->is_init) {
        /* A tool shares our uid: it must not be able to stop the sandbox's init. */
        int ignored[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2,
                         SIGTSTP, SIGTTIN, SIGTTOU, SIGALRM, SIGVTALRM, SIGPROF};
        for (size_t i = 0; i < sizeof ignored / sizeof ignored[0]; i++) signal(ignored[i], SIG_IGN);
    } else if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
        die("PR_SET_CHILD_SUBREAPER failed");
    }
}

static void finish_cleanup(struct agent *a, int wipe_workspace) {
    char err[512];
    if (sweep(a, wipe_workspace, err, sizeof err) == 0) {
        send_frame(T_READY, NULL, 0);
    } else {
        send_error("sandbox not restored: %s", err);
    }
}

static void dispatch(struct agent *a, uint8_t type, const uint8_t *p, uint32_t len) {
    struct cursor c = {p, len, 0, 0};
    switch (type) {
    case T_PING: {
        uint64_t nonce = cur_u64(&c);
        if (c.bad || c.off != len) {
            send_error("PING payload must be 8 bytes, got %u", len);
            return;
        }
        struct buf b = {0};
        buf_u64(&b, nonce);
        send_frame(T_PONG, b.p, b.len);
        buf_free(&b);
        return;
    }
    case T_RESET:
        finish_cleanup(a, 1);
        return;
    case T_RUN:
        handle_run(a, &c);
        return;
    default:
        send_error("unknown request type 0x%02x", type);
    }
}

/* Called by run.c once RESULT is out. */
void after_run(struct agent *a, int wipe_workspace) { finish_cleanup(a, wipe_workspace); }

int main(int argc, char **argv) {
    struct agent a = {0};
    a.is_init = getpid() == 1;
    /* The tool runs under our uid: without this it could read /proc/1/mem and our fds. */
    if (prctl(PR_SET_DUMPABLE, 0) != 0) die("PR_SET_DUMPABLE failed");
    configure_paths(&a, argc, argv);
    configure_signals(&a);
    diag("protocol %d, init=%s, workspace=%s, wipe paths=%d", PROTO_VERSION, a.is_init ? "yes" : "no",
         a.workspace ? a.workspace : "(none)", a.wipe_count);
    for (;;) {
        uint8_t type;
        uint32_t len;
        uint8_t *payload = read_frame(&a, &type, &len);
        dispatch(&a, type, payload, len);
        free(payload);
    }
}
