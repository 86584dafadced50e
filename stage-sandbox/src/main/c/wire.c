/* Frame encoding and decoding; see the protocol description at the top of agent.c. */
#include "agent.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void grow(struct buf *b, size_t n) {
    if (b->len + n <= b->cap) return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    uint8_t *p = realloc(b->p, cap);
    if (!p) die("out of memory (%zu bytes)", cap);
    b->p = p;
    b->cap = cap;
}

void buf_raw(struct buf *b, const void *p, size_t n) {
    grow(b, n);
    if (n) memcpy(b->p + b->len, p, n);
    b->len += n;
}

void buf_u8(struct buf *b, uint8_t v) { buf_raw(b, &v, 1); }

void buf_u32(struct buf *b, uint32_t v) {
    uint8_t x[4] = {v >> 24, v >> 16, v >> 8, v};
    buf_raw(b, x, 4);
}

void buf_u64(struct buf *b, uint64_t v) {
    buf_u32(b, (uint32_t)(v >> 32));
    buf_u32(b, (uint32_t)v);
}

void buf_bytes(struct buf *b, const void *p, size_t n) {
    buf_u32(b, (uint32_t)n);
    buf_raw(b, p, n);
}

void buf_free(struct buf *b) {
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static const uint8_t *take(struct cursor *c, size_t n) {
    if (c->bad || c->len - c->off < n) {
        c->bad = 1;
        return NULL;
    }
    const uint8_t *p = c->p + c->off;
    c->off += n;
    return p;
}

uint8_t cur_u8(struct cursor *c) {
    const uint8_t *p = take(c, 1);
    return p ? p[0] : 0;
}

uint32_t cur_u32(struct cursor *c) {
    const uint8_t *p = take(c, 4);
    return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3] : 0;
}

uint64_t cur_u64(struct cursor *c) {
    uint64_t hi = cur_u32(c);
    return hi << 32 | cur_u32(c);
}

const uint8_t *cur_bytes(struct cursor *c, size_t *n) {
    *n = cur_u32(c);
    const uint8_t *p = take(c, *n);
    if (!p) *n = 0;
    return p;
}

/* A NUL-terminated copy; an embedded NUL makes the cursor bad because exec would cut there. */
char *cur_str(struct cursor *c) {
    size_t n;
    const uint8_t *p = cur_bytes(c, &n);
    if (c->bad || memchr(p, 0, n)) {
        c->bad = 1;
        return NULL;
    }
    char *s = malloc(n + 1);
    if (!s) die("out of memory");
    memcpy(s, p, n);
    s[n] = 0;
    return s;
}

void diag(const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    dprintf(2, "sandstage-agent[%d]: %s\n", (int)getpid(), line);
}

void die(const char *fmt, ...) {
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    diag("fatal: %s", line);
    _exit(2);
}

static void write_all(const uint8_t *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(1, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) die("cannot write to the stage: %s", strerror(errno));
        p += w;
        n -= (size_t)w;
    }
}

void send_frame(uint8_t type, const void *payload, size_t len) {
    uint8_t h[HEADER_LEN] = {PROTO_VERSION, type, len >> 24, len >> 16, len >> 8, len};
    /* One write for small frames: the stage reads with one syscall per frame. */
    struct buf b = {0};
    buf_raw(&b, h, HEADER_LEN);
    buf_raw(&b, payload, len);
    write_all(b.p, b.len);
    buf_free(&b);
}

void send_error(const char *fmt, ...) {
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag("error: %s", msg);
    send_frame(T_ERROR, msg, strlen(msg));
}

/* Fills p from fd 0; 0 when the stage closed the stream before the first byte. */
static int read_full(struct agent *a, uint8_t *p, size_t n, int eof_ok) {
    size_t got = 0;
    while (got < n) {
        struct pollfd fds[2] = {{0, POLLIN, 0}, {a->sigfd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            die("poll: %s", strerror(errno));
        }
        if (fds[1].revents & POLLIN) {
            struct signalfd_siginfo si;
            while (read(a->sigfd, &si, sizeof si) == sizeof si) {}
            reap_quietly();
        }
        if (!(fds[0].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t r = read(0, p + got, n - got);
        if (r < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (r < 0) die("read from the stage: %s", strerror(errno));
        if (r == 0) {
            if (got == 0 && eof_ok) return 0;
            die("the stage closed the stream inside a frame (%zu of %zu bytes)", got, n);
        }
        got += (size_t)r;
    }
    return 1;
}

uint8_t *read_frame(struct agent *a, uint8_t *type, uint32_t *len) {
    uint8_t h[HEADER_LEN];
    if (!read_full(a, h, HEADER_LEN, 1)) {
        sweep(a, 1, NULL, 0);
        diag("the stage closed the stream; exiting");
        _exit(0);
    }
    *type = h[1];
    *len = (uint32_t)h[2] << 24 | (uint32_t)h[3] << 16 | (uint32_t)h[4] << 8 | h[5];
    /* After a bad header the stream cannot be resynchronised: answer, then stop. */
    if (h[0] != PROTO_VERSION) {
        send_error("unsupported protocol version %u (agent speaks %u)", h[0], PROTO_VERSION);
        die("unsupported protocol version %u", h[0]);
    }
    if (*len > MAX_PAYLOAD) {
        send_error("frame payload of %u bytes exceeds the maximum of %u", *len, MAX_PAYLOAD);
        die("oversized frame (%u bytes)", *len);
    }
    uint8_t *p = malloc(*len ? *len : 1);
    if (!p) die("out of memory (%u bytes)", *len);
    read_full(a, p, *len, 0);
    return p;
}
