/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What an attacker inside a Kast program would like to know in advance,
 * printed one "name=value" per line (support/kast/attack.py boots it
 * several times and compares), and attacks on the protections:
 *
 *   layout        the stack-protector canary, addresses of text, data,
 *                 heap (small and large malloc), stack, mmap, and 8
 *                 bytes of getrandom()
 *   smash         a stack buffer overflow that writes back every byte of
 *                 the frame as it was (the same saved frame pointer and
 *                 return address) except the canary, which it guesses
 *                 (0, what it was on x86_64 before it was random): the
 *                 epilogue must catch it ("stack smashing")
 *   exec-heap     a return into a buffer on the heap holding code: the
 *                 heap is never executable, so it faults
 *   double-free   free() of the same pointer twice: musl's malloc checks
 *                 its slot metadata and stops the program (a_crash)
 *   heap-overflow a malloc buffer overflowed up to the next chunk, over
 *                 its in-band header (its slot index and offset), then
 *                 that chunk freed: musl's malloc must notice
 *   relro         a write over a function pointer in read-only data that
 *                 the boot code relocated (the image moves at every
 *                 boot): relocated data is read-only once the final page
 *                 tables are up (RELRO), so it faults
 *
 * Built with -fstack-protector-strong by the check.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>

int global_data = 1;
extern uintptr_t __stack_chk_guard;

static uintptr_t canary(void)
{
	uintptr_t c;

#ifdef __x86_64__
	__asm__ __volatile__("mov %%fs:0x28, %0" : "=r"(c));
#else
	c = __stack_chk_guard;
#endif
	return c;
}

static int layout(void)
{
	int local = 0;
	void *small = malloc(64), *big = malloc(1 << 20);
	void *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t r = 0;

	if (!small || !big || m == MAP_FAILED ||
	    getrandom(&r, sizeof(r), 0) != sizeof(r)) {
		printf("layout: allocation or getrandom failed\n");
		return 1;
	}
	printf("canary=%#lx\n", (unsigned long)canary());
	printf("text=%p\n", (void *)layout);
	printf("data=%p\n", (void *)&global_data);
	printf("heap=%p\n", small);
	printf("heap_big=%p\n", big);
	printf("stack=%p\n", (void *)&local);
	printf("mmap=%p\n", m);
	printf("getrandom=%#llx\n", (unsigned long long)r);
	return 0;
}

/*
 * The frame above buf as the attacker would write it: a copy of what is
 * there, with the canary's word replaced by the guess 0. Then the copy
 * goes back over buf and beyond, as an unchecked memcpy would.
 */
static __attribute__((noinline)) int smash(void)
{
	static unsigned char frame[256];	/* not in the frame it copies */
	char buf[16];
	char *top = (char *)__builtin_frame_address(0) + 2 * sizeof(void *);
	size_t n = (size_t)(top - buf), i, hits = 0;
	uintptr_t c = canary(), w;

	if (n > sizeof(frame)) {
		printf("smash: frame of %zu bytes is larger than expected\n",
		       n);
		return 1;
	}
	memset(buf, 'A', sizeof(buf));
	memcpy(frame, buf, n);
	for (i = sizeof(buf); i + sizeof(w) <= n; i += sizeof(w)) {
		memcpy(&w, frame + i, sizeof(w));
		if (w == c) {
			memset(frame + i, 0, sizeof(w));
			hits++;
		}
	}
	printf("smash: %zu bytes written over a 16-byte buffer, canary "
	       "found %zu time(s)\n", n, hits);
	fflush(stdout);
	/* what an overflow does: the compiler cannot see the bound */
	__asm__ __volatile__("" : : "r"(frame) : "memory");
	memcpy(buf, frame, n);
	__asm__ __volatile__("" : : "r"(buf) : "memory");
	return 0;
}

static int exec_heap(void)
{
	/* x86_64 "ret"; riscv64 "ret" (jalr x0, 0(ra)) */
#ifdef __x86_64__
	static const unsigned char code[] = { 0xc3 };
#else
	static const unsigned char code[] = { 0x67, 0x80, 0x00, 0x00 };
#endif
	void *p = malloc(64);
	void (*fn)(void);

	if (!p)
		return 1;
	memcpy(p, code, sizeof(code));
	printf("exec-heap: calling %p\n", p);
	fflush(stdout);
	fn = (void (*)(void))p;
	__asm__ __volatile__("" : "+r"(fn));
	fn();
	return 0;
}

static int double_free(void)
{
	char *p = malloc(24), *keep = malloc(24);
	/* the compiler must not see that it is the same pointer */
	char *volatile again = p;

	if (!p || !keep)
		return 1;
	printf("double-free: freeing %p twice\n", (void *)p);
	fflush(stdout);
	free(p);
	free(again);
	return 0;
}

static int heap_overflow(void)
{
	char *p = malloc(24), *q = malloc(24);
	size_t n;

	if (!p || !q || q <= p)
		return 1;
	n = (size_t)(q - p);
	printf("heap-overflow: writing %zu bytes into %p, up to %p\n", n,
	       (void *)p, (void *)q);
	fflush(stdout);
	__asm__ __volatile__("" : : "r"(p) : "memory");
	memset(p, 'A', n);
	__asm__ __volatile__("" : : "r"(p) : "memory");
	free(q);
	return 0;
}

/* an address the boot code relocates, in read-only data */
static int (*const handlers[])(void) = { layout };

static int relro(void)
{
	volatile uintptr_t *p = (volatile uintptr_t *)&handlers[0];

	__asm__ __volatile__("" : "+r"(p));
	printf("relro: %p holds %#lx, layout is at %p: %s\n", (void *)p,
	       (unsigned long)*p, (void *)layout,
	       *p == (uintptr_t)layout ? "relocated" : "NOT relocated");
	fflush(stdout);
	if (*p != (uintptr_t)layout)
		return 1;
	*p = 0;
	return 0;
}

int main(int argc, char *argv[])
{
	const char *what = argc > 1 ? argv[1] : "layout";

	if (!strcmp(what, "layout"))
		return layout();
	if (!strcmp(what, "smash")) {
		if (smash())
			return 1;
	} else if (!strcmp(what, "exec-heap")) {
		if (exec_heap())
			return 1;
	} else if (!strcmp(what, "double-free")) {
		if (double_free())
			return 1;
	} else if (!strcmp(what, "heap-overflow")) {
		if (heap_overflow())
			return 1;
	} else if (!strcmp(what, "relro")) {
		if (relro())
			return 1;
	} else {
		printf("usage: layout [layout|smash|exec-heap|double-free|"
		       "heap-overflow|relro]\n");
		return 2;
	}
	printf("%s: not detected\n", what);
	return 3;
}
