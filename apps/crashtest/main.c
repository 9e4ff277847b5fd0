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
#include <uk/alloc.h>
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

/*
 * Heap misuse through the kernel's allocator (ukalloc's malloc over
 * bbuddy). The image has CONFIG_LIBUKALLOC_POISON (defconfig), so a write
 * into freed memory is caught when the memory is handed out again.
 */
#define HEAP_OBJ	64	/* a bbuddy slab size class */
#define HEAP_TRIES	4096

static void heap_double_free(void)
{
	void *p = malloc(100);

	printf("freeing %p twice\n", p);
	free(p);
	free(p);
}

static void heap_use_after_free(void)
{
	char *keep = malloc(HEAP_OBJ), *p = malloc(HEAP_OBJ);

	/* @keep holds the slab page: @p's object stays a slab object */
	printf("writing into %p after free (slab kept by %p)\n", p, keep);
	free(p);
	p[8] = 'x';
	for (int i = 0; i < HEAP_TRIES; i++)
		malloc(HEAP_OBJ);	/* one of them is @p again */
}

/* Two neighbouring slab objects: @q right after @p. */
static void heap_neighbours(char **p, char **q)
{
	char *a = malloc(HEAP_OBJ), *b = malloc(HEAP_OBJ);

	while (b != a + HEAP_OBJ) {
		a = b;
		b = malloc(HEAP_OBJ);
	}
	*p = a;
	*q = b;
}

static void heap_overflow(void)
{
	char *p, *q;

	heap_neighbours(&p, &q);
	free(q);
	printf("overflowing %p by 16 bytes into the freed %p\n", p, q);
	memset(p, 'A', HEAP_OBJ + 16);
	for (int i = 0; i < HEAP_TRIES; i++)
		malloc(HEAP_OBJ);	/* one of them is @q again */
}

/*
 * An overflow of a page-sized block into the allocator's own metadata:
 * the header of the free block that follows it.
 */
static void heap_overflow_meta(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	char *p = uk_palloc(a, 1), *q = uk_palloc(a, 1);

	while (q != p + UK_PAGE_SIZE) {
		p = q;
		q = uk_palloc(a, 1);
	}
	uk_pfree(a, q, 1);
	printf("overflowing page %p by 32 bytes into the free block %p\n",
	       p, q);
	memset(p, 'A', UK_PAGE_SIZE + 32);
	for (int i = 0; i < HEAP_TRIES * 16; i++)
		uk_palloc(a, 1);	/* one of them is @q again */
	uk_pfree(a, p, 1);		/* or it merges with @p's block */
}

static int usage(void)
{
	printf("usage: crashtest null|write-text|exec-stack|exec-data|panic|"
	       "assert|stack-overflow|thread-stack-overflow|stack-smash|"
	       "illegal|div0|exception-stack-overflow (riscv64)|"
	       "double-free|use-after-free|heap-overflow|heap-overflow-meta|"
	       "exit N\n");
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
	else if (!strcmp(what, "double-free"))
		heap_double_free();
	else if (!strcmp(what, "use-after-free"))
		heap_use_after_free();
	else if (!strcmp(what, "heap-overflow"))
		heap_overflow();
	else if (!strcmp(what, "heap-overflow-meta"))
		heap_overflow_meta();
	else if (!strcmp(what, "exit") && argc > 2)
		return atoi(argv[2]);
	else
		return usage();
	printf("crashtest: '%s' did not fault\n", what);
	return 3;
}
