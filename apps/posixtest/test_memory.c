/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/* mmap, munmap, mprotect, brk, madvise, malloc over them; demand paging. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/test.h>

#define PAGE 4096

UK_TESTCASE(posix_memory, anonymous_mappings_are_zeroed_and_aligned)
{
	unsigned char *p = mmap(NULL, 5 * PAGE + 10, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t i, nonzero = 0;

	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_EXPECT_UNUM_EQ((uintptr_t)p % PAGE, 0);
	for (i = 0; i < 6 * PAGE; i++)
		nonzero += p[i] != 0;
	UK_TEST_EXPECT_UNUM_EQ(nonzero, 0);
	memset(p, 0xab, 6 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 6 * PAGE), 0);
}

UK_TESTCASE(posix_memory, partial_munmap_and_mprotect)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	UK_TEST_ASSERT(p != MAP_FAILED);
	p[0] = 1;
	p[3 * PAGE] = 4;
	/* cut out the middle, the ends stay usable */
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + PAGE, 2 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[0] + p[3 * PAGE], 5);
	/* mprotect over an unmapped page fails with ENOMEM */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, 2 * PAGE, PROT_READ), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_READ), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[0], 1);	/* still readable */
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
	p[0] = 2;
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + 3 * PAGE, PAGE), 0);
	/* unmapping what is not mapped is fine, as on Linux */
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 4 * PAGE), 0);
}

UK_TESTCASE(posix_memory, bad_arguments)
{
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0) == MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(munmap((void *)0x1001, PAGE), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED);	/* neither private nor shared */
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT(mmap(NULL, (size_t)1 << 50, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		       MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
}

UK_TESTCASE(posix_memory, brk_grows_and_shrinks)
{
	char *base = sbrk(0), *p;

	UK_TEST_ASSERT(base != (char *)-1);
	p = (char *)syscall(SYS_brk, base + 3 * PAGE);
	UK_TEST_EXPECT(p == base + 3 * PAGE);
	base[3 * PAGE - 1] = 9;
	UK_TEST_EXPECT_SNUM_EQ(base[0], 0);
	p = (char *)syscall(SYS_brk, base);
	UK_TEST_EXPECT(p == base);
	/* past the limit: the break stays */
	p = (char *)syscall(SYS_brk, base + (1UL << 40));
	UK_TEST_EXPECT(p == base);
}

UK_TESTCASE(posix_memory, malloc_many_sizes)
{
	void *blocks[200];
	size_t sz;
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		sz = (size_t)(i * 977) % 70000 + 1;
		blocks[i] = malloc(sz);
		if (!blocks[i]) {
			bad++;
			continue;
		}
		memset(blocks[i], i, sz);
	}
	for (i = 0; i < 200; i++) {
		sz = (size_t)(i * 977) % 70000 + 1;
		if (blocks[i] && ((unsigned char *)blocks[i])[sz - 1] !=
				 (unsigned char)i)
			bad++;
		free(blocks[i]);
	}
	UK_TEST_EXPECT_SNUM_EQ(bad, 0);
	/* a large block through mmap, then realloc (mremap falls back) */
	char *big = malloc(4 << 20);

	UK_TEST_ASSERT(big != NULL);
	memset(big, 1, 4 << 20);
	big = realloc(big, 8 << 20);
	UK_TEST_ASSERT(big != NULL);
	UK_TEST_EXPECT_SNUM_EQ(big[(4 << 20) - 1], 1);
	free(big);
}

/*
 * Demand paging (lib/posix-mmap): an anonymous mapping costs no frames
 * until its pages are touched; each touched page is zeroed; munmap gives
 * the frames back.
 */
#define LAZY_PAGES	1024	/* 4 MiB */
/* the mapping's own bookkeeping: its state bytes, its page tables */
#define LAZY_SLACK	(8 * PAGE)

static size_t avail(void)
{
	return uk_alloc_availmem(uk_alloc_get_default());
}

UK_TESTCASE(posix_memory, untouched_pages_cost_no_memory)
{
	size_t before = avail(), mapped, touched;
	unsigned char *p;
	int i, nonzero = 0;

	p = mmap(NULL, LAZY_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	mapped = avail();
	UK_TEST_EXPECT(before - mapped <= LAZY_SLACK);
	/* 16 pages written, 16 only read: each gets a zeroed frame */
	for (i = 0; i < 16; i++) {
		nonzero += p[i * 64 * PAGE + 5] != 0;
		p[i * 64 * PAGE + 7] = (unsigned char)(i + 1);
		nonzero += p[(i * 64 + 33) * PAGE + PAGE - 1] != 0;
	}
	UK_TEST_EXPECT_SNUM_EQ(nonzero, 0);
	touched = avail();
	UK_TEST_EXPECT(mapped - touched >= 32 * PAGE);
	UK_TEST_EXPECT(mapped - touched <= 32 * PAGE + LAZY_SLACK);
	for (i = 0; i < 16; i++)
		nonzero += p[i * 64 * PAGE + 7] != (unsigned char)(i + 1);
	UK_TEST_EXPECT_SNUM_EQ(nonzero, 0);
	/* MADV_DONTNEED gives a page back; it reads as zeros again */
	UK_TEST_EXPECT_SNUM_EQ(madvise(p, PAGE, MADV_DONTNEED), 0);
	UK_TEST_EXPECT(avail() - touched == PAGE);
	UK_TEST_EXPECT_SNUM_EQ(p[7], 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, LAZY_PAGES * PAGE), 0);
	UK_TEST_EXPECT(before - avail() <= LAZY_SLACK);
}

UK_TESTCASE(posix_memory, mapping_larger_than_free_memory)
{
	size_t len = UK_ALIGN_UP(avail() * 2, PAGE), before;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	UK_TEST_ASSERT(p != MAP_FAILED);
	before = avail();
	p[0] = 1;
	p[len - 1] = 2;
	UK_TEST_EXPECT_SNUM_EQ(p[0] + p[len - 1] + p[len / 2], 3);
	UK_TEST_EXPECT(before - avail() >= 3 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, len), 0);
}

UK_TESTCASE(posix_memory, map_populate_and_map_fixed)
{
	size_t before = avail();
	unsigned char *p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
				-1, 0);

	UK_TEST_ASSERT(p != MAP_FAILED);
	/* MAP_POPULATE: the frames at once */
	UK_TEST_EXPECT(before - avail() >= 8 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 8 * PAGE), 0);
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	memset(p, 0x5a, 4 * PAGE);
	/* MAP_FIXED over touched pages: zeros, read-only */
	UK_TEST_EXPECT(mmap(p + PAGE, 2 * PAGE, PROT_READ,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) ==
		       p + PAGE);
	UK_TEST_EXPECT_SNUM_EQ(p[0] + p[PAGE] + p[3 * PAGE - 1], 0x5a);
	UK_TEST_EXPECT_SNUM_EQ(p[3 * PAGE], 0x5a);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 4 * PAGE), 0);
}

static sigjmp_buf lazy_jb;
static volatile int lazy_faults;
static volatile int lazy_code;

static void on_lazy_segv(int sig, siginfo_t *si, void *uc)
{
	lazy_faults++;
	lazy_code = si->si_code;
	siglongjmp(lazy_jb, 1);
}

/* Touch @p (write when @w); 1 if that faulted. */
static int faults(volatile unsigned char *p, int w)
{
	int before = lazy_faults;

	if (!sigsetjmp(lazy_jb, 1)) {
		if (w)
			*p = 1;
		else
			(void)*p;
	}
	return lazy_faults - before;
}

UK_TESTCASE(posix_memory, untouched_pages_keep_their_protection)
{
	struct sigaction sa;
	unsigned char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	size_t before;

	UK_TEST_ASSERT(p != MAP_FAILED);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_lazy_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_NONE), 0);
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p + PAGE, PAGE, PROT_READ), 0);
	before = avail();
	/* PROT_NONE: no access, no frame spent on it */
	UK_TEST_EXPECT_SNUM_EQ(faults(p, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(faults(p, 1), 1);
	UK_TEST_EXPECT(avail() == before);
	/* read-only: reads zeros, a write faults */
	UK_TEST_EXPECT_SNUM_EQ(faults(p + PAGE, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[PAGE + 9], 0);
	UK_TEST_EXPECT_SNUM_EQ(faults(p + PAGE, 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(lazy_code, SEGV_ACCERR);
	/* the guard gap below and the page above the mapping */
	UK_TEST_EXPECT_SNUM_EQ(faults(p - 1, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(faults(p + 4 * PAGE, 1), 1);
	/* unmapped pages fault, touched or not */
	p[2 * PAGE] = 3;
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + 2 * PAGE, 2 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(faults(p + 2 * PAGE, 0), 1);
	UK_TEST_EXPECT_SNUM_EQ(faults(p + 3 * PAGE, 1), 1);
	UK_TEST_EXPECT_SNUM_EQ(lazy_code, SEGV_MAPERR);
	/* made writable again: the page works */
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p, PAGE, PROT_READ | PROT_WRITE), 0);
	UK_TEST_EXPECT_SNUM_EQ(faults(p, 1), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[0], 1);
	signal(SIGSEGV, SIG_DFL);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 2 * PAGE), 0);
}

/* System calls write into pages not touched yet (pipe: a copy). */
UK_TESTCASE(posix_memory, system_calls_fill_untouched_pages)
{
	unsigned char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char msg[] = "through a pipe";
	int fds[2];

	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_ASSERT(pipe(fds) == 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fds[1], msg, sizeof(msg)), sizeof(msg));
	/* across a page boundary, both pages untouched */
	UK_TEST_EXPECT_SNUM_EQ(read(fds[0], p + PAGE - 4, sizeof(msg)),
			       sizeof(msg));
	UK_TEST_EXPECT_SNUM_EQ(memcmp(p + PAGE - 4, msg, sizeof(msg)), 0);
	UK_TEST_EXPECT_SNUM_EQ(p[PAGE - 5] + p[PAGE + 20], 0);
	/* getrandom checks its buffer (uk_access_ok) */
	UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_getrandom, p + 2 * PAGE, 16, 0), 16);
	close(fds[0]);
	close(fds[1]);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 3 * PAGE), 0);
}

/*
 * mlock makes a lazy mapping's pages resident at once (never a fault
 * later); mincore tells which pages have frames; MCL_FUTURE populates
 * later mappings at mmap().
 */
static char lock_global[64];

UK_TESTCASE(posix_memory, mlock_populates_and_mincore_reports)
{
	unsigned char vec[16], *p, *q;
	size_t before;
	int i, n;

	p = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(p != MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(mincore(p, 16 * PAGE, vec), 0);
	for (i = 0, n = 0; i < 16; i++)
		n += vec[i];
	UK_TEST_EXPECT_SNUM_EQ(n, 0);
	p[3 * PAGE] = 1;
	UK_TEST_EXPECT_SNUM_EQ(mincore(p, 16 * PAGE, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[3], 1);
	UK_TEST_EXPECT_SNUM_EQ(vec[4], 0);

	/* an unaligned start locks the pages it touches: 4, 5 and 6 */
	before = avail();
	UK_TEST_EXPECT_SNUM_EQ(mlock(p + 4 * PAGE + 100, 2 * PAGE), 0);
	UK_TEST_EXPECT(before - avail() >= 3 * PAGE);
	UK_TEST_EXPECT_SNUM_EQ(mincore(p, 16 * PAGE, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[4] + vec[5] + vec[6], 3);
	UK_TEST_EXPECT_SNUM_EQ(vec[7], 0);
	UK_TEST_EXPECT_SNUM_EQ(p[5 * PAGE], 0);
	UK_TEST_EXPECT_SNUM_EQ(munlock(p, 16 * PAGE), 0);

	/* PROT_NONE pages are locked without a frame; ONFAULT fills none */
	UK_TEST_EXPECT_SNUM_EQ(mprotect(p + 8 * PAGE, PAGE, PROT_NONE), 0);
	UK_TEST_EXPECT_SNUM_EQ(mlock(p + 8 * PAGE, PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(mlock2(p + 9 * PAGE, PAGE, MLOCK_ONFAULT), 0);
	UK_TEST_EXPECT_SNUM_EQ(mincore(p + 8 * PAGE, 2 * PAGE, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[0] + vec[1], 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mlock2(p, PAGE, 0x10), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);

	/* unmapped pages: ENOMEM; mincore wants an aligned start */
	UK_TEST_EXPECT_SNUM_EQ(munmap(p + 10 * PAGE, PAGE), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mlock(p + 10 * PAGE, PAGE), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mincore(p + 10 * PAGE, PAGE, vec), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMEM);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mincore(p + 1, PAGE, vec), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);

	/* the image's own data is always resident */
	UK_TEST_EXPECT_SNUM_EQ(mlock(lock_global, sizeof(lock_global)), 0);
	UK_TEST_EXPECT_SNUM_EQ(mincore((void *)((uintptr_t)lock_global &
						 ~(uintptr_t)(PAGE - 1)),
				       1, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[0], 1);

	/* MCL_FUTURE: later mappings come resident, until munlockall */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(mlockall(0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(mlockall(MCL_FUTURE), 0);
	q = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(q != MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(mincore(q, 4 * PAGE, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[0] + vec[1] + vec[2] + vec[3], 4);
	UK_TEST_EXPECT_SNUM_EQ(munmap(q, 4 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(munlockall(), 0);
	q = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	UK_TEST_ASSERT(q != MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(mincore(q, 4 * PAGE, vec), 0);
	UK_TEST_EXPECT_SNUM_EQ(vec[0] + vec[1] + vec[2] + vec[3], 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(q, 4 * PAGE), 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(p, 16 * PAGE), 0);
}
