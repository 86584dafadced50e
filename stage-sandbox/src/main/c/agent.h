/* Shared declarations of the sandstage agent; the protocol is documented in agent.c. */
#ifndef SANDSTAGE_AGENT_H
#define SANDSTAGE_AGENT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROTO_VERSION 1
#define HEADER_LEN 6
#define MAX_PAYLOAD (16u * 1024u * 1024u)
#define MAX_PATHS 16

enum frame_type {
    T_RUN = 0x01, T_PING = 0x02, T_RESET = 0x03,
    T_RESULT = 0x81, T_PONG = 0x82, T_READY = 0x83, T_ERROR = 0x84
};

enum run_reason {
    R_EXITED = 0, R_TIMEOUT = 1, R_OUTPUT_LIMIT = 2, R_KILLED = 3, R_OOM = 4, R_SPAWN_FAILED = 5
};

enum limit_index { L_CPU, L_AS, L_FSIZE, L_NOFILE, L_NPROC, L_COUNT };

/* Process-wide state, owned by the single agent thread. */
struct agent {
    int is_init;            /* getpid() == 1: the only case where kill(-1) is allowed */
    int sigfd;              /* signalfd for SIGCHLD */
    const char *workspace;  /* kept when a run says wipe=0 */
    const char *wipe[MAX_PATHS];
    int wipe_count;
    pid_t groups[64];       /* process groups this agent created since the last cleanup */
    int group_count;
};

struct buf { uint8_t *p; size_t len, cap; };
struct cursor { const uint8_t *p; size_t len, off; int bad; };

void buf_u8(struct buf *b, uint8_t v);
void buf_u32(struct buf *b, uint32_t v);
void buf_u64(struct buf *b, uint64_t v);
void buf_raw(struct buf *b, const void *p, size_t n);
void buf_bytes(struct buf *b, const void *p, size_t n);
void buf_free(struct buf *b);

uint8_t cur_u8(struct cursor *c);
uint32_t cur_u32(struct cursor *c);
uint64_t cur_u64(struct cursor *c);
const uint8_t *cur_bytes(struct cursor *c, size_t *n);
char *cur_str(struct cursor *c);

void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void send_frame(uint8_t type, const void *payload, size_t len);
void send_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Reads one frame from fd 0, reaping children while it waits. Returns the payload (malloc'd)
 * or exits when the stage closed the stream; header problems are answered and fatal. */
uint8_t *read_frame(struct agent *a, uint8_t *type, uint32_t *len);

/* agent.c */
void after_run(struct agent *a, int wipe_workspace);

/* run.c */
void handle_run(struct agent *a, struct cursor *req);

/* ipc.c: removes every SysV IPC object (only as PID 1); 0, or -1 with err filled */
int ipc_sweep(struct agent *a, char *err, size_t errlen);

/* sweep.c */
void reap_quietly(void);
int sweep(struct agent *a, int wipe_workspace, char *err, size_t errlen);
uint64_t oom_kills(void);

#endif
