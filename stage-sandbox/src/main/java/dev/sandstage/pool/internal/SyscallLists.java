package dev.sandstage.pool.internal;

import java.util.List;

/**
 * The syscall names behind {@link SeccompProfile}: what an unprivileged process may call, and
 * what is refused outright. Written for Sandstage, modelled on the set an engine's default profile
 * grants a container without capabilities (which this engine does not expose over its API).
 *
 * <p>Constants only.
 */
final class SyscallLists {

    /**
     * Allowed without conditions. Absent on purpose, besides {@link #DENIED}: {@code socket},
     * {@code clone} (allowed with argument rules), {@code clone3} (ENOSYS, so libc falls back to
     * {@code clone}, whose flags can be inspected), {@code socketcall} (the 32-bit multiplexer
     * hides its arguments from seccomp, so the {@code socket} family rule could be bypassed),
     * {@code modify_ldt} (16-bit code only) and everything needing a capability we drop anyway
     * (time setting, module loading, raw I/O ports, NUMA policy).
     */
    static final List<String> ALLOWED = List.of(
            "accept", "accept4", "access", "alarm", "arch_prctl", "bind", "brk", "cachestat", "capget", "capset",
            "chdir", "chmod", "chown", "chown32", "clock_getres", "clock_getres_time64", "clock_gettime",
            "clock_gettime64", "clock_nanosleep", "clock_nanosleep_time64", "close", "close_range", "connect",
            "copy_file_range", "creat", "dup", "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl",
            "epoll_ctl_old", "epoll_pwait", "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2",
            "execve", "execveat", "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64",
            "fallocate", "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat", "fcntl",
            "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr", "fsetxattr",
            "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate", "ftruncate64", "futex",
            "futex_requeue", "futex_time64", "futex_wait", "futex_waitv", "futex_wake", "futimesat", "getcpu",
            "getcwd", "getdents", "getdents64", "getegid", "getegid32", "geteuid", "geteuid32", "getgid",
            "getgid32", "getgroups", "getgroups32", "getitimer", "getpeername", "getpgid", "getpgrp", "getpid",
            "getppid", "getpriority", "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32",
            "getrlimit", "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt", "get_thread_area",
            "gettid", "gettimeofday", "getuid", "getuid32", "getxattr", "inotify_add_watch", "inotify_init",
            "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy", "io_getevents",
            "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set", "io_setup", "io_submit", "kill",
            "landlock_add_rule", "landlock_create_ruleset", "landlock_restrict_self", "lchown", "lchown32",
            "lgetxattr", "link", "linkat", "listen", "listxattr", "llistxattr", "_llseek", "lremovexattr", "lseek",
            "lsetxattr", "lstat", "lstat64", "madvise", "membarrier", "memfd_create", "mincore", "mkdir",
            "mkdirat", "mknod", "mknodat", "mlock", "mlock2", "mlockall", "mmap", "mmap2", "mprotect",
            "mremap", "msgctl", "msgget", "msgrcv", "msgsnd", "msync",
            "munlock", "munlockall", "munmap", "name_to_handle_at", "nanosleep", "newfstatat", "_newselect",
            "open", "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc",
            "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv",
            "preadv2", "prlimit64", "process_mrelease", "pselect6", "pselect6_time64", "pwrite64", "pwritev",
            "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv", "recv", "recvfrom", "recvmmsg",
            "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr", "rename", "renameat", "renameat2",
            "restart_syscall", "rmdir", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask",
            "rt_sigqueueinfo", "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
            "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr", "sched_getparam",
            "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler", "sched_rr_get_interval",
            "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr", "sched_setparam",
            "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl", "semget", "semop", "semtimedop",
            "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg", "sendmsg", "sendto", "setfsgid",
            "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32", "setgroups", "setgroups32", "setitimer",
            "setpgid", "setpriority", "setregid", "setregid32", "setresgid", "setresgid32", "setresuid",
            "setresuid32", "setreuid", "setreuid32", "setrlimit", "set_robust_list", "setsid", "setsockopt",
            "set_thread_area", "set_tid_address", "setuid", "setuid32", "setxattr", "shmat", "shmctl", "shmdt",
            "shmget", "shutdown", "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn",
            "socketpair", "splice", "stat", "stat64", "statfs", "statfs64", "statx", "symlink", "symlinkat",
            "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
            "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
            "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
            "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask", "uname",
            "unlink", "unlinkat", "utime", "utimensat", "utimensat_time64", "utimes", "vfork", "vmsplice", "wait4",
            "waitid", "waitpid", "write", "writev");

    /**
     * Refused with EPERM by an explicit rule, so the refusal is visible in the profile and in
     * {@code strace}. These give a process in the sandbox kernel attack surface or a way to inspect
     * other processes: async I/O rings (a long CVE record), tracing, execution-domain switches
     * (ADDR_NO_RANDOMIZE), page-fault handling from user space (a race-widening primitive), the
     * kernel keyring, namespaces and mounts, BPF and perf, module and kexec loading. {@code chroot}
     * is refused too: harmless without CAP_SYS_CHROOT, but no tool needs it.
     *
     * <p>POSIX message queues ({@code mq_*}) are refused because a queue outlives the call that made
     * it, in the container's IPC namespace, and gVisor offers no mqueue filesystem through which the
     * agent could list and remove queues between calls (under runc the engine's {@code /dev/mqueue}
     * would do, but one profile for both runtimes keeps a tool's behaviour the same under either);
     * gVisor does not implement {@code mq_timedsend} anyway, and {@code mq_notify} has a CVE record
     * of its own. Python's {@code multiprocessing} and {@code sem_open} do not use them (named
     * semaphores and {@code shm_open} are files in {@code /dev/shm}, which the agent wipes).
     * System V IPC stays allowed: the agent removes every object after each call.
     */
    static final List<String> DENIED = List.of(
            "io_uring_setup", "io_uring_enter", "io_uring_register",
            "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
            "personality", "userfaultfd",
            "keyctl", "add_key", "request_key",
            "mount", "umount", "umount2", "mount_setattr", "move_mount", "open_tree", "fsopen", "fsconfig",
            "fsmount", "fspick", "pivot_root", "chroot", "unshare", "setns",
            "bpf", "perf_event_open", "fanotify_init", "open_by_handle_at", "lookup_dcookie",
            "init_module", "finit_module", "delete_module", "create_module", "kexec_load", "kexec_file_load",
            "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "syslog", "_sysctl", "sysfs",
            "uselib", "ustat", "vm86", "vm86old", "iopl", "ioperm", "modify_ldt", "vhangup",
            "sethostname", "setdomainname", "settimeofday", "clock_settime", "clock_settime64", "stime",
            "adjtimex", "clock_adjtime", "clock_adjtime64", "nfsservctl", "get_kernel_syms", "query_module",
            "mq_open", "mq_unlink", "mq_timedsend", "mq_timedsend_time64", "mq_timedreceive",
            "mq_timedreceive_time64", "mq_notify", "mq_getsetattr");

    private SyscallLists() {}
}
