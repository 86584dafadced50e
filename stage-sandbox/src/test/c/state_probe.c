/*
 * state-probe: leaves state behind from inside a sandbox and looks for it, for the state battery
 * (SandboxBatteryStateIT). Static, baked into a test image (StateProbeImage), because the strict
 * profile cannot exec from /workspace or /tmp.
 *
 *   state-probe plant        creates, each holding data: a SysV message queue, shared memory
 *                            segment and semaphore set under fixed keys, the same three as
 *                            IPC_PRIVATE with their mode then set to 0 (hidden from *_STAT), and a
 *                            POSIX message queue. One "planted KIND" or "cannot ..." line each.
 *   state-probe show         one "found ..." line per IPC object it can see or open: by key, by
 *                            name, by index (*_STAT_ANY), in /proc/sysvipc (Linux), by a scan of
 *                            ids (gVisor; hidden ones included), in /dev/mqueue, with the data it
 *                            can read; "none" when it finds nothing.
 *   state-probe hold FILE    forks a holder that outlives this process (own session, stdio on
 *                            /dev/null): it binds the abstract unix socket @sandstage-probe,
 *                            takes a flock, a POSIX record lock and an OFD lock on FILE, and arms
 *                            a periodic timerfd and a periodic POSIX timer (every 100 ms) that
 *                            append "timerfd" / "posix-timer" lines to FILE.ticks. Prints "holding"
 *                            once all of that is in place.
 *   state-probe check FILE   after 500 ms (five timer periods), one line each: "socket:
 *                            connected|refused", "flock|fcntl|ofd: held|free", "timers:
 *                            ticking|silent" (whether FILE.ticks grew meanwhile).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define KEY_MSG 0x5a5a0001
#define KEY_SHM 0x5a5a0002
#define KEY_SEM 0x5a5a0003
#define MQ_NAME "/sandstage-probe"
#define SOCKET_NAME "\0sandstage-probe"
#define TICK_NS 100000000L

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; };
struct message { long type; char text[64]; };

static int failures;

static void fail(const char *what) {
    printf("cannot %s: %s\n", what, strerror(errno));
    failures++;
}

static int plant_msg(key_t key, int hide) {
    int id = msgget(key, IPC_CREAT | 0600);
    if (id < 0) return fail("msgget"), -1;
    struct message m = {1, "secret-msg"};
    if (msgsnd(id, &m, sizeof m.text, 0) != 0) return fail("msgsnd"), -1;
    if (hide) {
        struct msqid_ds ds;
        if (msgctl(id, IPC_STAT, &ds) != 0) return fail("msgctl IPC_STAT"), -1;
        ds.msg_perm.mode = 0;
        if (msgctl(id, IPC_SET, &ds) != 0) return fail("msgctl IPC_SET"), -1;
    }
    printf("planted msg%s\n", hide ? " hidden" : "");
    return 0;
}

static int plant_shm(key_t key, int hide) {
    int id = shmget(key, 4096, IPC_CREAT | 0600);
    if (id < 0) return fail("shmget"), -1;
    char *p = shmat(id, NULL, 0);
    if (p == (void *)-1) return fail("shmat"), -1;
    strcpy(p, "secret-shm");
    shmdt(p);
    if (hide) {
        struct shmid_ds ds;
        if (shmctl(id, IPC_STAT, &ds) != 0) return fail("shmctl IPC_STAT"), -1;
        ds.shm_perm.mode = 0;
        if (shmctl(id, IPC_SET, &ds) != 0) return fail("shmctl IPC_SET"), -1;
    }
    printf("planted shm%s\n", hide ? " hidden" : "");
    return 0;
}

static int plant_sem(key_t key, int hide) {
    int id = semget(key, 3, IPC_CREAT | 0600);
    if (id < 0) return fail("semget"), -1;
    union semun arg = {.val = 42};
    if (semctl(id, 0, SETVAL, arg) != 0) return fail("semctl SETVAL"), -1;
    if (hide) {
        struct semid_ds ds;
        union semun a = {.buf = &ds};
        if (semctl(id, 0, IPC_STAT, a) != 0) return fail("semctl IPC_STAT"), -1;
        ds.sem_perm.mode = 0;
        if (semctl(id, 0, IPC_SET, a) != 0) return fail("semctl IPC_SET"), -1;
    }
    printf("planted sem%s\n", hide ? " hidden" : "");
    return 0;
}

static int plant_mq(void) {
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
    mqd_t q = mq_open(MQ_NAME, O_CREAT | O_RDWR, 0600, &attr);
    if (q == (mqd_t)-1) return fail("mq_open"), -1;
    if (mq_send(q, "secret-mq", 10, 0) != 0) return fail("mq_send"), -1;
    mq_close(q);
    printf("planted mq\n");
    return 0;
}

static int found;

static void show_by_key(void) {
    int id = msgget(KEY_MSG, 0);
    if (id >= 0) {
        struct message m = {0};
        ssize_t n = msgrcv(id, &m, sizeof m.text, 0, IPC_NOWAIT);
        printf("found msg by key: %s\n", n > 0 ? m.text : "(no data)");
        found++;
    }
    id = shmget(KEY_SHM, 0, 0);
    if (id >= 0) {
        char *p = shmat(id, NULL, SHM_RDONLY);
        printf("found shm by key: %s\n", p == (void *)-1 ? "(not attachable)" : p);
        found++;
    }
    id = semget(KEY_SEM, 0, 0);
    if (id >= 0) {
        printf("found sem by key: value %d\n", semctl(id, 0, GETVAL));
        found++;
    }
    mqd_t q = mq_open(MQ_NAME, O_RDONLY | O_NONBLOCK);
    if (q != (mqd_t)-1) {
        char text[64] = {0};
        ssize_t n = mq_receive(q, text, sizeof text, NULL);
        printf("found mq by name: %s\n", n > 0 ? text : "(no data)");
        found++;
    }
}

static void show_by_index(void) {
    struct msginfo mi;
    int max = msgctl(0, MSG_INFO, (struct msqid_ds *)&mi);
    for (int i = 0; i <= max; i++) {
        struct msqid_ds ds;
        int id = msgctl(i, MSG_STAT_ANY, &ds);
        if (id >= 0) printf("found msg by index %d: id %d, %lu messages\n", i, id, (unsigned long)ds.msg_qnum), found++;
    }
    struct shm_info si;
    max = shmctl(0, SHM_INFO, (struct shmid_ds *)&si);
    for (int i = 0; i <= max; i++) {
        struct shmid_ds ds;
        int id = shmctl(i, SHM_STAT_ANY, &ds);
        if (id >= 0) printf("found shm by index %d: id %d, %zu bytes\n", i, id, (size_t)ds.shm_segsz), found++;
    }
    struct seminfo sm;
    union semun arg = {.info = &sm};
    max = semctl(0, 0, SEM_INFO, arg);
    for (int i = 0; i <= max; i++) {
        struct semid_ds ds;
        union semun a = {.buf = &ds};
        int id = semctl(i, 0, SEM_STAT_ANY, a);
        if (id >= 0) printf("found sem by index %d: id %d, %lu semaphores\n", i, id, (unsigned long)ds.sem_nsems), found++;
    }
}

static int make_one(int kind) {
    switch (kind) {
    case 0: return msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    case 1: return shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    default: return semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    }
}

static int stat_id(int kind, int id) {
    struct msqid_ds m;
    struct shmid_ds s;
    struct semid_ds e;
    union semun arg = {.buf = &e};
    switch (kind) {
    case 0: return msgctl(id, IPC_STAT, &m);
    case 1: return shmctl(id, IPC_STAT, &s);
    default: return semctl(id, 0, IPC_STAT, arg);
    }
}

static void remove_one(int kind, int id) {
    if (kind == 0) msgctl(id, IPC_RMID, NULL);
    else if (kind == 1) shmctl(id, IPC_RMID, NULL);
    else semctl(id, 0, IPC_RMID);
}

/*
 * Where /proc/sysvipc is missing (gVisor), which hands out ids in increasing order: every id
 * below a fresh object's own that IPC_STAT does not answer EINVAL, hidden objects included
 * (EACCES). gVisor's SHM_INFO count never goes down, so counts are no evidence there.
 */
static void show_scanned(void) {
    static const char *names[] = {"msg", "shm", "sem"};
    if (access("/proc/sysvipc", F_OK) == 0) return;
    for (int kind = 0; kind < 3; kind++) {
        int top = make_one(kind);
        for (int id = 0; id < top && id < 65536; id++) {
            if (stat_id(kind, id) == 0 || errno != EINVAL) printf("found %s id %d by scan\n", names[kind], id), found++;
        }
        if (top >= 0) remove_one(kind, top);
    }
}

static void show_proc(const char *kind) {
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind);
    FILE *f = fopen(path, "r");
    if (!f) return;
    for (int first = 1; fgets(line, sizeof line, f); first = 0) {
        if (first) continue; /* the header */
        line[strcspn(line, "\n")] = 0;
        printf("found %s in %s: %s\n", kind, path, line);
        found++;
    }
    fclose(f);
}

static void show_mqueue_dir(void) {
    DIR *d = opendir("/dev/mqueue");
    if (!d) return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        printf("found mq in /dev/mqueue: %s\n", e->d_name);
        found++;
    }
    closedir(d);
}

/* The abstract socket's address; its name starts with a NUL byte and is not NUL-terminated. */
static socklen_t abstract_address(struct sockaddr_un *addr) {
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    memcpy(addr->sun_path, SOCKET_NAME, sizeof SOCKET_NAME - 1);
    return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + sizeof SOCKET_NAME - 1);
}

static volatile sig_atomic_t posix_ticks;

static void on_posix_timer(int sig) {
    (void)sig;
    posix_ticks++;
}

static void append(const char *path, const char *line) {
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd < 0) return;
    if (write(fd, line, strlen(line)) < 0) {}
    close(fd);
}

/* In the holder: report what failed on the readiness pipe and end. */
static void holder_fail(int report, const char *what) {
    char msg[256];
    int n = snprintf(msg, sizeof msg, "cannot %s: %s", what, strerror(errno));
    if (write(report, msg, (size_t)n) < 0) {}
    _exit(1);
}

static void holder(const char *file, int report) {
    setsid();
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(null, 2);
    struct sockaddr_un addr;
    socklen_t len = abstract_address(&addr);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    if (s < 0 || bind(s, (struct sockaddr *)&addr, len) != 0 || listen(s, 4) != 0) holder_fail(report, "bind the abstract socket");
    int fd = open(file, O_RDWR | O_CREAT, 0600);
    if (fd < 0) holder_fail(report, "open the lock file");
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) holder_fail(report, "flock");
    struct flock record = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    if (fcntl(fd, F_SETLK, &record) != 0) holder_fail(report, "take a POSIX record lock");
    int ofd = open(file, O_RDWR);
    struct flock description = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1};
    if (ofd < 0 || fcntl(ofd, F_OFD_SETLK, &description) != 0) holder_fail(report, "take an OFD lock");
    struct itimerspec every = {{0, TICK_NS}, {0, TICK_NS}};
    int tfd = timerfd_create(CLOCK_MONOTONIC, 0);
    if (tfd < 0 || timerfd_settime(tfd, 0, &every, NULL) != 0) holder_fail(report, "arm a timerfd");
    struct sigaction sa = {.sa_handler = on_posix_timer, .sa_flags = SA_RESTART};
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
    timer_t timer;
    if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0 || timer_settime(timer, 0, &every, NULL) != 0) {
        holder_fail(report, "arm a POSIX timer");
    }
    char ticks[4096];
    snprintf(ticks, sizeof ticks, "%s.ticks", file);
    if (write(report, "x", 1) < 0) {}
    close(report);
    for (;;) {
        uint64_t expirations;
        if (read(tfd, &expirations, sizeof expirations) == sizeof expirations) append(ticks, "timerfd\n");
        if (posix_ticks) {
            posix_ticks = 0;
            append(ticks, "posix-timer\n");
        }
    }
}

static int hold(const char *file) {
    int ready[2];
    if (pipe(ready) != 0) return perror("pipe"), 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) return perror("fork"), 1;
    if (pid == 0) {
        close(ready[0]);
        holder(file, ready[1]);
    }
    close(ready[1]);
    char answer[256] = {0};
    ssize_t n = read(ready[0], answer, sizeof answer - 1);
    if (n == 1 && answer[0] == 'x') {
        printf("holding\n");
        return 0;
    }
    printf("holder failed: %s\n", n > 0 ? answer : "(no answer)");
    return 1;
}

static long size_of(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : 0;
}

static int check(const char *file) {
    char ticks[4096];
    snprintf(ticks, sizeof ticks, "%s.ticks", file);
    long before = size_of(ticks);
    struct timespec wait = {0, 5 * TICK_NS};
    nanosleep(&wait, NULL);
    long after = size_of(ticks);

    struct sockaddr_un addr;
    socklen_t len = abstract_address(&addr);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("socket: %s\n", s >= 0 && connect(s, (struct sockaddr *)&addr, len) == 0 ? "connected" : "refused");

    int fd = open(file, O_RDWR | O_CREAT, 0600);
    if (fd < 0) return perror("open the lock file"), 1;
    int flocked = flock(fd, LOCK_EX | LOCK_NB) != 0;
    printf("flock: %s\n", flocked ? "held" : "free");
    struct flock record = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1};
    fcntl(fd, F_GETLK, &record);
    printf("fcntl: %s\n", record.l_type != F_UNLCK ? "held" : "free");
    struct flock description = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 1, .l_len = 1};
    fcntl(fd, F_OFD_GETLK, &description);
    printf("ofd: %s\n", description.l_type != F_UNLCK ? "held" : "free");
    printf("timers: %s\n", after > before ? "ticking" : "silent");
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "plant") == 0) {
        plant_msg(KEY_MSG, 0);
        plant_shm(KEY_SHM, 0);
        plant_sem(KEY_SEM, 0);
        plant_msg(IPC_PRIVATE, 1);
        plant_shm(IPC_PRIVATE, 1);
        plant_sem(IPC_PRIVATE, 1);
        plant_mq();
        return failures ? 1 : 0;
    }
    if (argc == 2 && strcmp(argv[1], "show") == 0) {
        show_by_key();
        show_by_index();
        show_scanned();
        show_proc("msg");
        show_proc("shm");
        show_proc("sem");
        show_mqueue_dir();
        if (!found) printf("none\n");
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "hold") == 0) return hold(argv[2]);
    if (argc == 3 && strcmp(argv[1], "check") == 0) return check(argv[2]);
    fprintf(stderr, "usage: state-probe plant|show|hold FILE|check FILE\n");
    return 2;
}
