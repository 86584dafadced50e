/* RUN: spawn the tool in its own session, feed and drain it, enforce limits, answer RESULT. */
#include "agent.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Past this many bytes read after the tool ended, a background writer is ignored. */
#define DRAIN_AFTER_EXIT (1u << 20)

struct run_req {
    uint64_t timeout_ms, limits[L_COUNT], ceiling;
    int wipe;
    uint32_t caps[2];
    char *workdir, **argv, **envp;
    const uint8_t *in;
    size_t in_len;
};

struct capture { struct buf kept; uint32_t cap; uint64_t total; int fd; };

struct outcome {
    int reason, exit_code, signal, status, done;
    struct rusage ru;
    char message[512];
};

static uint64_t now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

static char **read_strings(struct cursor *c) {
    uint32_t n = cur_u32(c);
    if (c->bad || n > c->len) {
        c->bad = 1;
        return NULL;
    }
    char **v = calloc(n + 1, sizeof *v);
    if (!v) die("out of memory");
    for (uint32_t i = 0; i < n && !c->bad; i++) v[i] = cur_str(c);
    return v;
}

static void free_strings(char **v) {
    for (size_t i = 0; v && v[i]; i++) free(v[i]);
    free(v);
}

static int parse(struct cursor *c, struct run_req *r) {
    r->timeout_ms = cur_u64(c);
    r->wipe = cur_u8(c) & 1;
    for (int i = 0; i < L_COUNT; i++) r->limits[i] = cur_u64(c);
    r->caps[0] = cur_u32(c);
    r->caps[1] = cur_u32(c);
    r->ceiling = cur_u64(c);
    r->workdir = cur_str(c);
    r->argv = read_strings(c);
    r->envp = read_strings(c);
    r->in = cur_bytes(c, &r->in_len);
    return !c->bad && c->off == c->len && r->argv && r->argv[0] && (uint64_t)r->caps[0] + r->caps[1] < MAX_PAYLOAD - 4096;
}

/* In the child: tell the parent why exec did not happen, then give up. */
static void child_fail(int fd, const char *what) {
    char msg[512];
    int n = snprintf(msg, sizeof msg, "%s: %s", what, strerror(errno));
    if (write(fd, msg, (size_t)n) < 0) {}
    _exit(127);
}

/*
 * The child, between vfork() and exec: it shares the agent's memory and stack, so it only makes
 * system calls on its own process (signal dispositions, mask, session, fds, rlimits, cwd) and
 * never returns; the environment goes to execvpe, not through the shared `environ`.
 */
static void child(struct agent *a, struct run_req *r, int in, int out, int err, int report) {
    static const int res[L_COUNT] = {RLIMIT_CPU, RLIMIT_AS, RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_NPROC};
    static const char *names[L_COUNT] = {"setrlimit cpu", "setrlimit address space", "setrlimit file size",
                                         "setrlimit open files", "setrlimit processes"};
    sigset_t none;
    sigemptyset(&none);
    /* Ignored dispositions and the blocked mask survive exec; the tool gets neither. */
    for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
    sigprocmask(SIG_SETMASK, &none, NULL);
    setsid();
    if (!a->is_init) prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) child_fail(report, "dup2");
    for (int i = 0; i < L_COUNT; i++) {
        struct rlimit rl;
        if (r->limits[i] == 0 || getrlimit(res[i], &rl) != 0) continue;
        /* Only ever lower: a request above the container's hard limit gets the hard limit. */
        rlim_t hard = rl.rlim_max;
        rlim_t v = r->limits[i] < hard ? (rlim_t)r->limits[i] : hard;
        rl.rlim_cur = rl.rlim_max = v;
        /* CPU: SIGXCPU at the limit (reported as such), SIGKILL a second later if it is ignored. */
        if (res[i] == RLIMIT_CPU && v < hard) rl.rlim_max = v + 1;
        if (setrlimit(res[i], &rl) != 0) child_fail(report, names[i]);
    }
    if (r->workdir[0] && chdir(r->workdir) != 0) child_fail(report, "chdir");
    execvpe(r->argv[0], r->argv, r->envp);
    char what[300];
    snprintf(what, sizeof what, "exec %.250s", r->argv[0]);
    child_fail(report, what);
}

static void collect(struct capture *c, int limit) {
    uint8_t chunk[65536];
    uint64_t read_now = 0;
    while (c->fd >= 0 && (!limit || read_now < DRAIN_AFTER_EXIT)) {
        ssize_t n = read(c->fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0 || errno != EAGAIN) {
                close(c->fd);
                c->fd = -1;
            }
            return;
        }
        read_now += (uint64_t)n;
        c->total += (uint64_t)n;
        if (c->kept.len < c->cap) {
            size_t keep = c->cap - c->kept.len < (size_t)n ? c->cap - c->kept.len : (size_t)n;
            buf_raw(&c->kept, chunk, keep);
        }
        if (!limit) return; /* back to poll, so the other stream and the clock get their turn */
    }
}

static void reap_tool(pid_t tool, struct outcome *o) {
    int st;
    struct rusage ru;
    pid_t p;
    /* wait4(-1) with rusage: reaps orphans too without losing the tool's usage. */
    while ((p = wait4(-1, &st, WNOHANG, &ru)) > 0) {
        if (p == tool) {
            o->status = st;
            o->ru = ru;
            o->done = 1;
        }
    }
}

static void kill_tool(pid_t tool, struct outcome *o, int reason) {
    if (o->reason >= 0) return;
    o->reason = reason;
    kill(-tool, SIGKILL);
}

static void supervise(struct agent *a, struct run_req *r, pid_t tool, int in, struct capture cap[2], struct outcome *o) {
    uint64_t deadline = now_us() + r->timeout_ms * 1000u;
    size_t fed = 0;
    while (!o->done) {
        struct pollfd fds[4] = {{a->sigfd, POLLIN, 0}, {cap[0].fd, POLLIN, 0}, {cap[1].fd, POLLIN, 0}, {in, POLLOUT, 0}};
        uint64_t now = now_us();
        int wait_ms = o->reason >= 0 ? 100 : (int)((deadline > now ? deadline - now : 0) / 1000u) + 1;
        if (poll(fds, 4, wait_ms) < 0 && errno != EINTR) die("poll: %s", strerror(errno));
        if (fds[0].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(a->sigfd, &si, sizeof si) == sizeof si) {}
            reap_tool(tool, o);
        }
        for (int i = 0; i < 2; i++) {
            if (fds[i + 1].revents) collect(&cap[i], 0);
        }
        if (in >= 0 && fds[3].revents) {
            ssize_t w = write(in, r->in + fed, r->in_len - fed);
            if (w > 0) fed += (size_t)w;
            if ((w < 0 && errno != EAGAIN && errno != EINTR) || fed == r->in_len) {
                close(in); /* EPIPE included: a tool may ignore its stdin */
                in = -1;
            }
        }
        if (r->ceiling && cap[0].total + cap[1].total > r->ceiling) kill_tool(tool, o, R_OUTPUT_LIMIT);
        if (now_us() >= deadline) kill_tool(tool, o, R_TIMEOUT);
    }
    if (in >= 0) close(in);
    for (int i = 0; i < 2; i++) collect(&cap[i], 1);
}

static void classify(struct run_req *r, struct capture cap[2], struct outcome *o, uint64_t oom_before) {
    if (WIFEXITED(o->status)) o->exit_code = WEXITSTATUS(o->status);
    if (WIFSIGNALED(o->status)) o->signal = WTERMSIG(o->status);
    if (o->reason < 0 && r->ceiling && cap[0].total + cap[1].total > r->ceiling) o->reason = R_OUTPUT_LIMIT;
    if (o->reason >= 0) return;
    if (WIFEXITED(o->status)) {
        o->reason = R_EXITED;
    } else if (o->signal == SIGKILL && oom_kills() > oom_before) {
        o->reason = R_OOM;
        snprintf(o->message, sizeof o->message, "killed by the kernel's OOM killer");
    } else {
        o->reason = R_KILLED;
    }
}

static void answer(struct capture cap[2], struct outcome *o, uint64_t wall_us) {
    struct buf b = {0};
    uint64_t cpu = (uint64_t)o->ru.ru_utime.tv_sec * 1000000u + (uint64_t)o->ru.ru_utime.tv_usec
                   + (uint64_t)o->ru.ru_stime.tv_sec * 1000000u + (uint64_t)o->ru.ru_stime.tv_usec;
    buf_u8(&b, (uint8_t)o->reason);
    buf_u32(&b, (uint32_t)o->exit_code);
    buf_u32(&b, (uint32_t)o->signal);
    buf_u64(&b, wall_us);
    buf_u64(&b, cpu);
    buf_u64(&b, (uint64_t)o->ru.ru_maxrss * 1024u);
    for (int i = 0; i < 2; i++) {
        buf_u64(&b, cap[i].total);
        buf_u8(&b, cap[i].total > cap[i].kept.len);
        buf_bytes(&b, cap[i].kept.p, cap[i].kept.len);
    }
    buf_bytes(&b, o->message, strlen(o->message));
    send_frame(T_RESULT, b.p, b.len);
    buf_free(&b);
}

/* The pipes of one run: the agent's end and the tool's end of each. */
struct pipes {
    int stdin_w, stdin_r;   /* the agent writes the tool's stdin */
    int stdout_r, stdout_w; /* the agent reads the tool's stdout */
    int stderr_r, stderr_w;
    int report_r, report_w; /* the child writes why exec failed; closed on exec when it worked */
};

static int make_pipe(int *read_end, int *write_end) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    *read_end = fds[0];
    *write_end = fds[1];
    return 0;
}

static int make_pipes(struct pipes *p) {
    if (make_pipe(&p->stdin_r, &p->stdin_w) != 0 || make_pipe(&p->stdout_r, &p->stdout_w) != 0
        || make_pipe(&p->stderr_r, &p->stderr_w) != 0 || make_pipe(&p->report_r, &p->report_w) != 0) {
        return -1;
    }
    return 0;
}

static void execute(struct agent *a, struct run_req *r) {
    struct pipes p = {-1, -1, -1, -1, -1, -1, -1, -1};
    struct capture cap[2] = {{{0}, r->caps[0], 0, -1}, {{0}, r->caps[1], 0, -1}};
    struct outcome o = {.reason = -1, .exit_code = -1};
    if (make_pipes(&p) != 0) die("pipe2: %s", strerror(errno));
    uint64_t oom_before = oom_kills(), start = now_us();
    /* vfork: no copy of the agent's page tables and no copy-on-write faults afterwards; the agent
     * waits until the child has exec'd (or failed, reported on the report pipe). */
    pid_t tool = vfork();
    if (tool < 0) die("vfork: %s", strerror(errno));
    if (tool == 0) child(a, r, p.stdin_r, p.stdout_w, p.stderr_w, p.report_w);
    if (a->group_count < (int)(sizeof a->groups / sizeof a->groups[0])) a->groups[a->group_count++] = tool;
    close(p.stdin_r);
    close(p.stdout_w);
    close(p.stderr_w);
    close(p.report_w);
    ssize_t n = read(p.report_r, o.message, sizeof o.message - 1);
    close(p.report_r);
    fcntl(p.stdin_w, F_SETFL, O_NONBLOCK);
    fcntl(p.stdout_r, F_SETFL, O_NONBLOCK);
    fcntl(p.stderr_r, F_SETFL, O_NONBLOCK);
    cap[0].fd = p.stdout_r;
    cap[1].fd = p.stderr_r;
    if (n > 0) {
        o.reason = R_SPAWN_FAILED;
        o.message[n] = 0;
        close(p.stdin_w);
        p.stdin_w = -1;
    } else if (r->in_len == 0) {
        close(p.stdin_w);
        p.stdin_w = -1;
    }
    supervise(a, r, tool, p.stdin_w, cap, &o);
    classify(r, cap, &o, oom_before);
    if (o.reason == R_SPAWN_FAILED) o.exit_code = -1;
    answer(cap, &o, now_us() - start);
    buf_free(&cap[0].kept);
    buf_free(&cap[1].kept);
}

void handle_run(struct agent *a, struct cursor *c) {
    struct run_req r = {0};
    if (!parse(c, &r)) {
        send_error("malformed RUN payload (%zu bytes)", c->len);
    } else {
        execute(a, &r);
        after_run(a, r.wipe);
    }
    free(r.workdir);
    free_strings(r.argv);
    free_strings(r.envp);
}
