/*
 * Restoring the sandbox, part 2: removing what a call left in the container's IPC namespace.
 * The namespace outlives every process in it, so a System V message queue, shared memory
 * segment or semaphore set made by one call would otherwise be readable by the next one.
 *
 * METHOD, per kind (msg, shm, sem), only as PID 1 (the container has its own IPC namespace;
 * on a host this would remove the host's objects):
 *   1. *_INFO counts the kind's objects (msgpool / used_ids / semusz). When the count equals
 *      the one read after the last successful sweep, nothing was made since: done. That is the
 *      usual case and costs one system call. (The recorded count is 0, except for gVisor's
 *      shm count, which counts every segment ever made and never goes down.)
 *   2. Linux (runc): the ids are read from /proc/sysvipc/<kind> and each is removed with
 *      *ctl(id, IPC_RMID); the count must then be 0. Every object in the sandbox was made by
 *      uid 65534, the agent's own uid, and IPC_RMID checks the creator's uid, not the mode
 *      bits, so a tool cannot make an object the agent may not remove (chmod 0 included).
 *   3. gVisor (runsc) has no /proc/sysvipc, *_STAT cannot see objects whose mode denies
 *      reading, and its IPC_RMID answers 0 for a message queue id that does not exist. It hands
 *      out ids in increasing order, never reusing a lower one while a higher one was handed
 *      out last; so the agent makes an object of the kind itself, whose id p is above every
 *      existing one, removes ids 0..p with IPC_RMID, and then checks each of them with
 *      IPC_STAT: every one must answer EINVAL (no such object; EACCES means it exists).
 *      p above SCAN_IDS fails instead of scanning further.
 *   4. Whatever fails makes the sweep fail: the agent answers ERROR instead of READY, and the
 *      stage destroys the container instead of reusing it.
 * POSIX message queues: the stage's seccomp profile refuses the mq_* calls (gVisor has no
 * mqueue filesystem through which they could be listed and removed), and the agent wipes
 * /dev/mqueue like /tmp should it ever be a writable mqueue mount (sweep.c).
 */
#include "agent.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

#define SCAN_IDS 65536

enum ipc_kind { K_MSG, K_SHM, K_SEM, K_COUNT };

static const char *const kind_names[K_COUNT] = {"msg", "shm", "sem"};
static const char *const kind_labels[K_COUNT] = {"message queues", "shared memory segments", "semaphore sets"};

union semun { int val; struct semid_ds *buf; unsigned short *array; struct seminfo *info; };

/* The count read after the last successful sweep, per kind (step 1). */
static long clean_count[K_COUNT];

/* How many objects of the kind *_INFO reports, or -1 when the kernel will not say. */
static long in_use(int kind) {
    switch (kind) {
    case K_MSG: {
        struct msginfo info = {0};
        return msgctl(0, MSG_INFO, (struct msqid_ds *)&info) < 0 ? -1 : info.msgpool;
    }
    case K_SHM: {
        struct shm_info info = {0};
        return shmctl(0, SHM_INFO, (struct shmid_ds *)&info) < 0 ? -1 : info.used_ids;
    }
    default: {
        struct seminfo info = {0};
        union semun arg = {.info = &info};
        return semctl(0, 0, SEM_INFO, arg) < 0 ? -1 : info.semusz;
    }
    }
}

static int make_one(int kind) {
    switch (kind) {
    case K_MSG: return msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    case K_SHM: return shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    default: return semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
    }
}

static int remove_id(int kind, int id) {
    switch (kind) {
    case K_MSG: return msgctl(id, IPC_RMID, NULL);
    case K_SHM: return shmctl(id, IPC_RMID, NULL);
    default: return semctl(id, 0, IPC_RMID);
    }
}

/* True when id names an object of the kind, readable or not. */
static int exists(int kind, int id) {
    int rc;
    switch (kind) {
    case K_MSG: {
        struct msqid_ds ds;
        rc = msgctl(id, IPC_STAT, &ds);
        break;
    }
    case K_SHM: {
        struct shmid_ds ds;
        rc = shmctl(id, IPC_STAT, &ds);
        break;
    }
    default: {
        struct semid_ds ds;
        union semun arg = {.buf = &ds};
        rc = semctl(id, 0, IPC_STAT, arg);
    }
    }
    return rc == 0 || errno != EINVAL;
}

/* Step 2. -2 when there is no /proc/sysvipc listing; -1 when objects remain. */
static int sweep_listed(int kind, char *err, size_t errlen) {
    char path[64], line[512];
    snprintf(path, sizeof path, "/proc/sysvipc/%s", kind_names[kind]);
    FILE *f = fopen(path, "re");
    if (!f) return -2;
    for (int header = 1; fgets(line, sizeof line, f); header = 0) {
        int key, id;
        if (!header && sscanf(line, "%d %d", &key, &id) == 2) remove_id(kind, id);
    }
    fclose(f);
    long left = in_use(kind);
    if (left == 0) return 0;
    if (err) snprintf(err, errlen, "%ld SysV %s could not be removed", left, kind_labels[kind]);
    return -1;
}

/* Step 3. */
static int sweep_scanned(int kind, char *err, size_t errlen) {
    int top = make_one(kind);
    if (top < 0) {
        if (err) snprintf(err, errlen, "cannot make a SysV %s probe: %s", kind_names[kind], strerror(errno));
        return -1;
    }
    if (top > SCAN_IDS) {
        remove_id(kind, top);
        if (err) snprintf(err, errlen, "SysV %s ids reached %d, beyond the %d scanned", kind_names[kind], top, SCAN_IDS);
        return -1;
    }
    for (int id = 0; id <= top; id++) remove_id(kind, id);
    for (int id = 0; id <= top; id++) {
        if (exists(kind, id)) {
            if (err) snprintf(err, errlen, "SysV %s id %d could not be removed", kind_names[kind], id);
            return -1;
        }
    }
    return 0;
}

int ipc_sweep(struct agent *a, char *err, size_t errlen) {
    if (!a->is_init) return 0;
    for (int kind = 0; kind < K_COUNT; kind++) {
        long count = in_use(kind);
        if (count < 0 && errno == ENOSYS) continue; /* no SysV IPC in this kernel: nothing to leave */
        if (count < 0) {
            if (err) snprintf(err, errlen, "cannot count SysV %s: %s", kind_labels[kind], strerror(errno));
            return -1;
        }
        if (count == clean_count[kind]) continue;
        int rc = sweep_listed(kind, err, errlen);
        if (rc == -2) rc = sweep_scanned(kind, err, errlen);
        if (rc != 0) return -1;
        clean_count[kind] = in_use(kind);
    }
    return 0;
}
