/*
 * stub_abi.h -- the layout shared by circlesim and its user-mode stubs:
 * addresses in the stub process, and the control pages through which the
 * runner and a stub talk. Plain C types; no libc.
 *
 * Each slot (one per simulated CPU, plus a manager) has a "down" block
 * (runner -> stub; mapped read-only in the stub) and an "up" block
 * (stub -> runner). A command is published by bumping down.seq; a report
 * by bumping up.seq and up.doorbell. Every value the runner reads from an
 * up block is untrusted: guest code can write it.
 */
#ifndef SIM_STUB_ABI_H
#define SIM_STUB_ABI_H

#include <stdint.h>

#define STUB_USER_TOP 0x7f0000000000ull	/* guest user addresses below */
#define STUB_MAP_MAX_LEN 0x200000ull	/* bytes one map operation may cover */
#define STUB_IMAGE 0x7f8000000000ull	/* the stub's text and data */
#define STUB_CTL 0x7f9000000000ull	/* control region */
#define STUB_STACKS 0x7fa000000000ull	/* slot threads' stacks */

#define STUB_MAX_SLOTS 65		/* 64 CPUs + the manager */
#define STUB_SLOT_BYTES 0x4000ull	/* one down or up block */
#define STUB_DOWN_OFF 0ull
#define STUB_UP_OFF (STUB_MAX_SLOTS * STUB_SLOT_BYTES)
#define STUB_HDR_OFF (2 * STUB_MAX_SLOTS * STUB_SLOT_BYTES)
#define STUB_CTL_BYTES (STUB_HDR_OFF + 0x1000ull)
#define STUB_STACK_BYTES 0x8000ull	/* per slot: thread stack + altstack */

#define STUB_RAM_FD 3			/* the machine's RAM memfd */
#define STUB_CTL_FD 4			/* the control memfd (closed at start) */

#define STUB_MAGIC 0x43535442u		/* "CSTB" */
#define STUB_FP_BYTES 4096		/* room for the FPU/vector state */
#define STUB_MAP_MAX 32
#define STUB_MAP_POPULATE 0x8000	/* MAP_POPULATE: no second fault */

/* down.cmd */
#define STUB_CMD_RUN 1		/* apply maps, load regs, run guest code */
#define STUB_CMD_MAP 2		/* manager: apply maps, report */
#define STUB_CMD_EXIT 3		/* leave */

/* stub_map.op */
#define STUB_OP_MAP 1
#define STUB_OP_UNMAP 2

/* up.state */
#define STUB_ST_IDLE 1		/* waiting for a first command */
#define STUB_ST_TRAP 2		/* guest trapped: regs and cause valid */
#define STUB_ST_DONE 3		/* manager: command done, up.result set */

struct stub_map {
	uint64_t va;
	uint64_t len;
	uint64_t off;		/* offset in RAM */
	uint32_t prot;		/* PROT_READ|PROT_WRITE|PROT_EXEC */
	uint32_t op;
};

/*
 * Registers of a guest thread. x86_64: gregs in the order of Linux's
 * struct sigcontext (r8..r15 rdi rsi rbp rbx rdx rax rcx rsp rip eflags),
 * then fs_base. aarch64: x0..x30, sp, pc, pstate, tpidr_el0.
 */
struct stub_regs {
	uint64_t r[36];
	uint32_t fp_size;	/* bytes of fp[] in use; 0 = initial state */
	uint32_t pad;
	uint8_t fp[STUB_FP_BYTES] __attribute__((aligned(64)));
};

struct stub_down {
	uint32_t seq;		/* futex: bumped for each command */
	uint32_t cmd;
	uint32_t nmap;
	uint32_t map_gen;	/* RUN: maps valid only if the flush generation
				 * (gen of the manager's block) still equals it */
	uint32_t gen;		/* manager block: bumped before each flush */
	uint32_t nflush;	/* RUN: the first nflush maps are deferred
				 * flushes, applied whatever map_gen says */
	uint32_t pad[2];
	struct stub_map map[STUB_MAP_MAX];
	struct stub_regs regs;
} __attribute__((aligned(64)));

struct stub_up {
	uint32_t seq;		/* bumped for each report */
	uint32_t doorbell;	/* futex the runner waits on */
	uint32_t state;
	int32_t result;		/* maps: 0 or a negative errno */
	int32_t signo;		/* host signal of the trap */
	int32_t code;		/* its si_code */
	uint64_t addr;		/* si_addr */
	uint64_t err;		/* x86 error code / aarch64 ESR */
	uint64_t trapno;
	uint64_t sysnr;		/* SIGSYS: the system call number */
	int32_t tid;		/* host thread id of this slot */
	uint32_t sleeping;	/* the slot sleeps on down.seq: wake it */
	uint32_t waiter;	/* the runner sleeps on doorbell: wake it */
	uint32_t pad2;
	struct stub_regs regs;
} __attribute__((aligned(64)));

struct stub_hdr {
	uint32_t magic;
	uint32_t nslots;	/* slots 0..nslots-2 are CPUs, the last the manager */
	uint32_t ready;		/* futex: 1 once the filter is on */
	int32_t pid;
	uint64_t fsgsbase;	/* the CPU lets user code set FS directly */
	uint64_t ip_syscall;	/* where the stub's own system calls return */
	uint64_t ip_sigreturn;
	uint32_t maplock;	/* stub-internal: refill maps vs flushes */
};

/*
 * The template: one stub started in "template" mode forks every other
 * stub (a fork of a tiny process is far cheaper than an exec). Its page:
 * the runner asks for a stub by bumping req with the number of the
 * control memfd in its own fd table; the template answers with the new
 * pid in `pid` and bumps done. It reports ended stubs (pid, wait status)
 * in a ring.
 */
#define STUB_TMPL 0x7f8f00000000ull	/* where the template maps its page */
#define STUB_TMPL_RING 256

struct stub_tmpl {
	uint32_t req;		/* futex: bumped by the runner */
	uint32_t done;		/* futex: bumped by the template */
	int32_t ctl_fd;		/* the runner's fd of the new stub's control memfd */
	int32_t runner_pid;
	int32_t pid;		/* answer: the new stub, or -errno */
	uint32_t ended;		/* futex: entries ever written to the ring */
	struct {
		int32_t pid;
		int32_t status;	/* as waitid's si_code/si_status: >0 exit, <0 signal */
	} ring[STUB_TMPL_RING];
};

_Static_assert(sizeof(struct stub_down) <= STUB_SLOT_BYTES, "down block");
_Static_assert(sizeof(struct stub_up) <= STUB_SLOT_BYTES, "up block");

#endif
