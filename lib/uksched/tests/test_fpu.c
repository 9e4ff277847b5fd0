/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Floating point in threads: every thread keeps its own FP registers and
 * FP control state (x86_64: x87, SSE, MXCSR; riscv64: f0-f31, fcsr)
 * across voluntary switches and, with the preemptive scheduler, across
 * preemption from the timer interrupt. This file is compiled with
 * $(ARCH_FP_CFLAGS), as an application that computes in floating point.
 */
#include <string.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>
#include "fpu_regs.h"

#define FP_THREADS	4
#define FP_ROUNDS	2000
#define FP_YIELD_EVERY	50
#define FP_YIELDS	10
/* bound of the spin waiting for preemption; TCG runs it in about 1 s */
#define FP_SPINS	(1L << 28)

/*
 * A recurrence whose every step rounds, so that any lost or foreign
 * register or rounding mode changes the result. noipa: the run with
 * yields executes the same instructions as the reference run.
 */
static __attribute__((noipa)) double recurrence(double seed, bool yield)
{
	double x = seed, y = 1.0 / seed, acc = 0.0;
	float f = (float)seed;
	int i;

	for (i = 0; i < FP_ROUNDS; i++) {
		x = x * 1.0000001 + y;
		y = y * 0.9999993 - x * 1e-9;
		f = f * 1.0001f + (float)y;
		acc += x * y + f;
		if (yield && i % FP_YIELD_EVERY == 0)
			uk_sched_yield();
	}
	return acc + x + y;
}

static uint64_t bits(double d)
{
	uint64_t u;

	memcpy(&u, &d, sizeof(u));
	return u;
}

struct fp_job {
	double seed;
	double result;
};

static void *fp_worker(void *arg)
{
	struct fp_job *job = arg;

	job->result = recurrence(job->seed, true);
	return NULL;
}

UK_TESTCASE(uksched_fpu, computations_are_exact_across_switches)
{
	struct fp_job jobs[FP_THREADS];
	double expected[FP_THREADS];
	struct uk_thread *t[FP_THREADS];
	double mine = recurrence(0.5, false);
	int i;

	for (i = 0; i < FP_THREADS; i++) {
		jobs[i].seed = 1.0 + i * 0.37;
		jobs[i].result = 0.0;
		expected[i] = recurrence(jobs[i].seed, false);
	}
	for (i = 0; i < FP_THREADS; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "fp", fp_worker,
						&jobs[i], 0) == 0);
	/* this thread computes meanwhile, between the others' slices */
	UK_TEST_EXPECT_UNUM_EQ(bits(recurrence(0.5, true)), bits(mine));
	for (i = 0; i < FP_THREADS; i++) {
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
		UK_TEST_EXPECT_UNUM_EQ(bits(jobs[i].result),
				       bits(expected[i]));
	}
}

/* Register images ------------------------------------------------------ */

/* Distinct values in every register and control field for thread @id. */
static void regs_fill(struct fpu_regs *r, unsigned int id)
{
	unsigned int n;

	memset(r, 0, sizeof(*r));
#if CONFIG_ARCH_X86_64
	for (n = 0; n < 16; n++) {
		r->xmm[n][0] = 0x3ff0000000000000UL | (id << 16) | (n << 8);
		r->xmm[n][1] = 0xc000000000000000UL | (id << 16) | (n << 8) | 1;
	}
	for (n = 0; n < 8; n++)
		r->st[n] = (int64_t)(id + 1) * 1000 + n;
	/* all exceptions masked; rounding mode and sticky flags per id */
	r->mxcsr = 0x1f80 | (id % 4) << 13 | (id & 0x3f);
	r->fcw = 0x037f | (id % 4) << 10;
#else
	for (n = 0; n < 32; n++)
		r->f[n] = 0x4000000000000000UL | ((uint64_t)id << 16) | n;
	/* rounding mode (0-4 are valid) and accrued flags per id */
	r->fcsr = (id % 5) << 5 | (id & 0x1f);
#endif
}

/* Every register and control field of @out as loaded from @in. */
static void regs_expect_equal(UK_TEST_CTX_PARAM, const struct fpu_regs *in,
			      const struct fpu_regs *out)
{
	unsigned int n;

#if CONFIG_ARCH_X86_64
	for (n = 0; n < 16; n++) {
		UK_TEST_EXPECT_UNUM_EQ(out->xmm[n][0], in->xmm[n][0]);
		UK_TEST_EXPECT_UNUM_EQ(out->xmm[n][1], in->xmm[n][1]);
	}
	for (n = 0; n < 8; n++)
		UK_TEST_EXPECT_SNUM_EQ(out->st[n], in->st[n]);
	UK_TEST_EXPECT_UNUM_EQ(out->mxcsr, in->mxcsr);
	UK_TEST_EXPECT_UNUM_EQ(out->fcw, in->fcw);
#else
	for (n = 0; n < 32; n++)
		UK_TEST_EXPECT_UNUM_EQ(out->f[n], in->f[n]);
	UK_TEST_EXPECT_UNUM_EQ(out->fcsr, in->fcsr);
#endif
}

struct regs_job {
	struct fpu_regs in, out;
	long yields;
	long want;
	int reached;
};

static long arrived;

static void *regs_worker(void *arg)
{
	struct regs_job *job = arg;

	job->reached = fpu_regs_hold(&job->in, &job->out, job->yields,
				     &arrived, job->want, FP_SPINS);
	return NULL;
}

/* Run FP_THREADS threads through fpu_regs_hold(), check what they hold. */
static void regs_run(UK_TEST_CTX_PARAM, long yields, long want)
{
	static struct regs_job jobs[FP_THREADS];
	struct uk_thread *t[FP_THREADS];
	unsigned int i;

	arrived = 0;
	for (i = 0; i < FP_THREADS; i++) {
		regs_fill(&jobs[i].in, i + 1);
		memset(&jobs[i].out, 0xa5, sizeof(jobs[i].out));
		jobs[i].yields = yields;
		jobs[i].want = want;
		UK_TEST_ASSERT(uk_thread_create(&t[i], "fpregs", regs_worker,
						&jobs[i], 0) == 0);
	}
	for (i = 0; i < FP_THREADS; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	for (i = 0; i < FP_THREADS; i++) {
		UK_TEST_EXPECT_SNUM_EQ(jobs[i].reached, 1);
		regs_expect_equal(UK_TEST_CTX, &jobs[i].in, &jobs[i].out);
	}
}

/* Every register is live across uk_sched_yield(), temporaries too. */
UK_TESTCASE(uksched_fpu, all_registers_survive_yield)
{
	regs_run(UK_TEST_CTX, FP_YIELDS, 0);
}

#if CONFIG_LIBUKSCHED_DEFAULT_PREEMPT
/*
 * Each thread loads its registers, then spins until all have: only
 * preemption lets the others run, and each of them overwrites every
 * register meanwhile.
 */
UK_TESTCASE(uksched_fpu, all_registers_survive_preemption)
{
	regs_run(UK_TEST_CTX, 0, FP_THREADS);
}
#endif

/*
 * Interrupt handlers may run C library code that uses FP registers (in a
 * musl image the kernel prints with musl): the interrupted thread must
 * not notice. Here the exit hook of every interrupt loads other values
 * into all FP registers, and re-arms the timer until the spinning thread
 * has been interrupted HOOK_IRQS times with its registers loaded.
 */
#define HOOK_IRQS	3
#define HOOK_PERIOD_NS	(200 * UKPLAT_NSEC_PER_USEC)

static struct fpu_regs hook_regs;
static long hook_arrived;	/* 1 once the registers are loaded, +1 per irq */
static ukplat_irq_exit_hook_t hook_next;

static void clobbering_exit_hook(void)
{
	if (hook_arrived >= 1 && hook_arrived < 1 + HOOK_IRQS) {
		fpu_regs_load(&hook_regs);
		hook_arrived++;
	}
	if (hook_arrived < 1 + HOOK_IRQS)
		ukplat_time_set_deadline(ukplat_monotonic_clock() +
					 HOOK_PERIOD_NS);
	if (hook_next)
		hook_next();
}

UK_TESTCASE(uksched_fpu, registers_survive_interrupt_handlers_using_fp)
{
	static struct fpu_regs in, out;
	unsigned long flags;
	int reached;

	regs_fill(&in, 1);
	regs_fill(&hook_regs, 7);
	memset(&out, 0xa5, sizeof(out));
	hook_arrived = 0;
	flags = ukplat_lcpu_save_irqf();
	hook_next = ukplat_irq_set_exit_hook(clobbering_exit_hook);
	ukplat_time_set_deadline(ukplat_monotonic_clock() + HOOK_PERIOD_NS);
	ukplat_lcpu_restore_irqf(flags);
	reached = fpu_regs_hold(&in, &out, 0, &hook_arrived, 1 + HOOK_IRQS,
				FP_SPINS);
	flags = ukplat_lcpu_save_irqf();
	ukplat_irq_set_exit_hook(hook_next);
	ukplat_lcpu_restore_irqf(flags);
	UK_TEST_EXPECT_SNUM_EQ(reached, 1);
	regs_expect_equal(UK_TEST_CTX, &in, &out);
}
