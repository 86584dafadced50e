/* Restoring the sandbox: kill and reap every other process, remove IPC objects (ipc.c), wipe the
 * writable paths. */
#include "agent.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SWEEP_TIMEOUT_MS 5000
#define MAX_DEPTH 128

void reap_quietly(void) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {}
}

/* Not PID 1: kill only our own children; as a subreaper their orphans become ours next round. */
static int kill_own_children(void) {
    DIR *d = opendir("/proc");
    int found = 0;
    if (!d) return 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (!isdigit((unsigned char)e->d_name[0])) continue;
        char path[300], stat[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, stat, sizeof stat - 1);
        close(fd);
        if (n <= 0) continue;
        stat[n] = 0;
        char *rp = strrchr(stat, ')'); /* the command name may contain spaces and parentheses */
        int ppid;
        if (rp && sscanf(rp + 1, " %*c %d", &ppid) == 1 && ppid == getpid()) {
            kill((pid_t)atoi(e->d_name), SIGKILL);
            found = 1;
        }
    }
    closedir(d);
    return found;
}

static int kill_everything(struct agent *a) {
    if (a->is_init) {
        /* ESRCH: nothing left to signal in the whole pid namespace. */
        return kill(-1, SIGKILL) == 0;
    }
    for (int i = 0; i < a->group_count; i++) kill(-a->groups[i], SIGKILL);
    return kill_own_children();
}

static int kill_and_reap(struct agent *a) {
    sigset_t chld;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    struct timespec tick = {0, 2 * 1000 * 1000};
    for (int waited = 0; waited < SWEEP_TIMEOUT_MS; waited += 2) {
        int signalled = kill_everything(a);
        reap_quietly();
        if (!signalled && waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD) {
            a->group_count = 0;
            return 0;
        }
        sigtimedwait(&chld, NULL, &tick);
    }
    return -1;
}

static int wipe_dir(int dfd, dev_t dev, int depth) {
    if (depth > MAX_DEPTH) return 1;
    int failures = 0, copy = dup(dfd);
    DIR *d = copy < 0 ? NULL : fdopendir(copy);
    if (!d) return 1;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (st.st_dev != dev) continue; /* a mount point inside: leave it, never cross */
            int sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0 && fchmodat(dfd, e->d_name, 0700, 0) == 0) {
                sub = openat(dfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            }
            if (sub < 0) {
                failures++;
                continue;
            }
            fchmod(sub, 0700); /* a tool may have made its directory read-only */
            failures += wipe_dir(sub, dev, depth + 1);
            close(sub);
            if (unlinkat(dfd, e->d_name, AT_REMOVEDIR) != 0) failures++;
        } else if (unlinkat(dfd, e->d_name, 0) != 0) {
            failures++;
        }
    }
    closedir(d);
    return failures;
}

/*
 * Removes what is inside path, not path itself (it is usually a mount point). A path that does
 * not exist or lies on a read-only mount holds nothing a call could have left.
 */
static int wipe_path(const char *path, char *err, size_t errlen) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 0;
        if (err) snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct statvfs vfs;
    if (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
        close(fd);
        return 0;
    }
    struct stat st;
    int failures = fstat(fd, &st) == 0 ? wipe_dir(fd, st.st_dev, 0) : 1;
    close(fd);
    if (failures && err) snprintf(err, errlen, "%d entries of %s could not be removed", failures, path);
    return failures ? -1 : 0;
}

int sweep(struct agent *a, int wipe_workspace, char *err, size_t errlen) {
    if (kill_and_reap(a) != 0) {
        if (err) snprintf(err, errlen, "processes still alive after %d ms", SWEEP_TIMEOUT_MS);
        return -1;
    }
    if (ipc_sweep(a, err, errlen) != 0) return -1;
    int rc = 0;
    for (int i = 0; i < a->wipe_count; i++) rc |= wipe_path(a->wipe[i], err, errlen);
    if (wipe_workspace && a->workspace) rc |= wipe_path(a->workspace, err, errlen);
    return rc;
}

/* The value of `key` in a cgroup file of "name value" lines, read from the start of fd. */
static int counter(int fd, const char *key, uint64_t *value) {
    char text[1024];
    ssize_t n = pread(fd, text, sizeof text - 1, 0);
    if (n < 0) return -1;
    text[n] = 0;
    size_t klen = strlen(key);
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (strncmp(line, key, klen) == 0 && line[klen] == ' ') {
            *value = strtoull(line + klen + 1, NULL, 10);
            return 0;
        }
    }
    *value = 0;
    return 0;
}

/*
 * The container's OOM-kill count: cgroup v1 memory.oom_control, else v2 memory.events; 0 when
 * neither can be read. The file is opened once and re-read from offset 0 on every call (a path
 * walk into cgroupfs on each run was a tenth of the agent's time); a failed read drops the fd so
 * the next call opens it again.
 */
uint64_t oom_kills(void) {
    static const char *paths[] = {"/sys/fs/cgroup/memory/memory.oom_control", "/sys/fs/cgroup/memory.events"};
    static int fd = -1;
    for (int attempt = 0; attempt < 2; attempt++) {
        for (size_t i = 0; fd < 0 && i < sizeof paths / sizeof paths[0]; i++) {
            fd = open(paths[i], O_RDONLY | O_CLOEXEC);
        }
        if (fd < 0) return 0;
        uint64_t v;
        if (counter(fd, "oom_kill", &v) == 0) return v;
        close(fd);
        fd = -1;
    }
    return 0;
}
