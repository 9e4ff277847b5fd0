/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Deliberate faults, one per run, to prove that each is caught with a
 * clear report and a non-zero exit status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/assert.h>
#if CONFIG_LIBUKSCHED
#include <uk/thread.h>
#endif

typedef void (*fn_t)(void);

static void null_deref(void)
{
	volatile int *p = NULL;

	printf("reading from NULL\n");
	printf("value: %d\n", *p);
}

static void write_text(void)
{
	volatile unsigned char *p = (unsigned char *)(unsigned long)&null_deref;

	printf("writing to text at %p\n", (void *)p);
	*p = 0xc3;
}

static void exec_stack(void)
{
	/* a return instruction on both architectures' encodings is not
	 * needed: the fetch itself must fault */
	unsigned char code[16] = { 0xc3, 0x00, 0x80, 0x82 };
	fn_t f = (fn_t)(unsigned long)code;

	printf("executing from the stack at %p\n", (void *)code);
	f();
}

static unsigned char data_code[16] = { 0xc3, 0x00, 0x80, 0x82 };

static void exec_data(void)
{
	fn_t f = (fn_t)(unsigned long)data_code;

	printf("executing from .data at %p\n", (void *)data_code);
	f();
}

static int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	return recurse(n + 1) + pad[0];
}

#if CONFIG_LIBUKSCHED
static void *overflow_thread(void *arg)
{
	printf("%d\n", recurse(0));
	return NULL;
}

/* The guard page below a thread's stack names the thread. */
static void thread_stack_overflow(void)
{
	struct uk_thread *t;

	if (uk_thread_create(&t, "overflower", overflow_thread, NULL, 0) < 0) {
		printf("crashtest: cannot create a thread\n");
		return;
	}
	uk_thread_join(t, NULL);
}
#endif

static void stack_smash(const char *s)
{
	char buf[8];
	size_t n = strlen(s);

	/* deliberately ignores the size of buf */
	memcpy(buf, s, n + 1);
	printf("copied %s\n", buf);
}

/* an instruction that is undefined on the architecture */
static void illegal_insn(void)
{
	printf("executing an undefined instruction\n");
#if defined(__x86_64__)
	__asm__ __volatile__("ud2");
#elif defined(__riscv)
	/* all-zero is the defined illegal instruction */
	__asm__ __volatile__(".4byte 0");
#endif
}

/* integer division by zero traps on x86_64 only (riscv64 gives -1) */
static void divide_by_zero(void)
{
	volatile int zero = 0, x = 7;

	printf("dividing by zero\n");
	printf("%d\n", x / zero);
}

#if defined(__riscv)
extern uint8_t riscv_trap_stack[];

/*
 * As if inside a trap (sscratch 0) with the trap stack used up to its
 * last bytes: the next store lands in its guard page. The entry code
 * must take that frame elsewhere and the report name the exception stack.
 */
static void exception_stack_overflow(void)
{
	printf("overflowing the trap stack\n");
	__asm__ __volatile__("csrw sscratch, zero\n\t"
			     "mv sp, %0\n\t"
			     "sd zero, -16(sp)"
			     : : "r"(riscv_trap_stack + UK_PAGE_SIZE + 8)
			     : "memory");
}
#endif

static int usage(void)
{
	printf("usage: crashtest null|write-text|exec-stack|exec-data|panic|"
	       "assert|stack-overflow|thread-stack-overflow|stack-smash|"
	       "illegal|div0|exception-stack-overflow (riscv64)|exit N\n");
	return 2;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "null"))
		null_deref();
	else if (!strcmp(what, "write-text"))
		write_text();
	else if (!strcmp(what, "exec-stack"))
		exec_stack();
	else if (!strcmp(what, "exec-data"))
		exec_data();
	else if (!strcmp(what, "panic"))
		UK_CRASH("explicit panic requested (%s)", what);
	else if (!strcmp(what, "assert"))
		UK_ASSERT(argc == 1000);
	else if (!strcmp(what, "stack-overflow"))
		printf("%d\n", recurse(0));
#if CONFIG_LIBUKSCHED
	else if (!strcmp(what, "thread-stack-overflow"))
		thread_stack_overflow();
#endif
	else if (!strcmp(what, "stack-smash"))
		stack_smash("this string is far longer than eight bytes");
	else if (!strcmp(what, "illegal"))
		illegal_insn();
#if defined(__riscv)
	else if (!strcmp(what, "exception-stack-overflow"))
		exception_stack_overflow();
#endif
	else if (!strcmp(what, "div0"))
		divide_by_zero();
	else if (!strcmp(what, "exit") && argc > 2)
		return atoi(argv[2]);
	else
		return usage();
	printf("crashtest: '%s' did not fault\n", what);
	return 3;
}
