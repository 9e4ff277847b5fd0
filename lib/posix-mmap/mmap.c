/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory mappings in the one address space. A mapping is a run of pages
 * taken from the default allocator, mapped a second time in the remap
 * window of uk/arch/paging.h (above the identity map), zeroed, with the
 * requested protection set page by page; PROT_NONE and unmapped pages
 * are not present, so touching them faults with a report. Where the
 * window cannot be used (riscv64 without Sv39), the identity address of
 * the run is the mapping.
 *
 * Layout randomization (lib/ukrandom, off with ukboot.aslr=0): the
 * mappings and the program break are placed upwards from a random page
 * in the lower half of the window (about 32 bits of entropy on x86_64,
 * 25 on riscv64), each above a random guard gap of 1 to 16 unmapped
 * pages. The gaps cost address space only, never memory.
 * munmap() may cut any page range out of a mapping: those pages become
 * not present at once, and the run goes back to the allocator when its
 * last page is unmapped. Private file mappings are filled by reading the
 * file (pread64 through the system call table). MAP_FIXED is only accepted
 * inside an existing mapping of the program's.
 *
 * Demand paging: anonymous private mappings and the program break are
 * only reserved in the window (without MAP_POPULATE). The first access
 * to a page takes a page fault, whose handler (ukarch_page_fill_set())
 * gives the page a zeroed frame of its own with the mapping's
 * protection; a device buffer is populated the same way before it is
 * translated (ukarch_page_fill()). A fault outside any mapping, on an
 * unmapped page or against the page's protection stays the crash or
 * SIGSEGV it was; out of memory there is SIGBUS. munmap(), MAP_FIXED
 * and madvise(MADV_DONTNEED) give such pages' frames back at once. A
 * reserved page costs no memory until it is touched (its byte of state
 * and, per 2 MiB, a page table). The fault handler runs with interrupts
 * off, so the mapping list and a page's state change with interrupts
 * off too (one CPU). File mappings are filled at mmap() time.
 *
 * Shared file mappings (with vfscore: shm_open, sem_open, any file): all
 * threads are one process, so every MAP_SHARED mapping of the same file,
 * offset and length is one region, returned again at the same address
 * with one more reference: what one thread writes, all see. The file is
 * read at the first mapping and written back (within its size) by msync
 * and when the last reference goes: munmap of a range that holds the
 * region's first page drops one reference (a munmap of other parts of a
 * shared region leaves it mapped). read()/write() of the file see the
 * mapped data only after such a write-back.
 *
 * RLIMIT_AS and RLIMIT_DATA (setrlimit, posix-process) bound the bytes the
 * program has mapped: its mmap()ed pages plus the program break. A mapping
 * or a brk() that would go over the lower of the two fails with -ENOMEM
 * (malloc, pthread_create and setenv then fail cleanly). The image and
 * the kernel's own memory are not counted.
 */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/list.h>
#include <uk/mutex.h>
#include <uk/print.h>
#include <uk/syscall.h>
#include <uk/arch/paging.h>
#include <uk/plat/lcpu.h>
#if CONFIG_LIBUKRANDOM
#include <uk/random.h>
#endif
#if CONFIG_LIBVFSCORE
#include <uk/vfs.h>
#endif

struct vma {
	unsigned long start;		/* first page (virtual) */
	unsigned long npages;
	unsigned long phys;		/* the allocator's run (not lazy) */
	unsigned long mapped;		/* pages not yet munmap()ed */
	uint8_t *state;			/* per page: 0 unmapped, else prot+1,
					 * ST_FRAME when a lazy page has one
					 */
	bool brk;			/* the program break's region, or a
					 * thread stack (not counted, munmap
					 * leaves it)
					 */
	bool lazy;			/* frames on demand, page by page */
	struct uk_list_head link;
#if CONFIG_LIBVFSCORE
	struct uk_file *file;		/* shared file mappings: held */
	off_t off;
	unsigned long refs;		/* mmap()s of it not yet undone */
#endif
};

static UK_LIST_HEAD(vmas);
/* bytes counted against RLIMIT_AS/DATA: mapped pages and the break */
static unsigned long mapped_bytes;

uint64_t uk_posix_rlimit(int res) __weak;

/* May the program map @more bytes more? (vma_lock held) */
static bool within_limits(unsigned long more)
{
	uint64_t lim;

	if (!uk_posix_rlimit)
		return true;
	lim = UK_MIN(uk_posix_rlimit(RLIMIT_AS), uk_posix_rlimit(RLIMIT_DATA));
	return mapped_bytes + more >= mapped_bytes && mapped_bytes + more <= lim;
}
static struct uk_mutex vma_lock = UK_MUTEX_INITIALIZER(vma_lock, 0);
/* mlockall(MCL_FUTURE): new mappings get their frames at mmap() */
static bool lock_future;

#define PAGE UK_PAGE_SIZE

#define ST_FRAME	0x80
#define ST_PROT(st)	(((st) & 0x0f) - 1)

/* Most unmapped guard pages below a mapping (at least one). */
#define MMAP_GAP_MAX	16

static unsigned long random_pages(unsigned long max)
{
#if CONFIG_LIBUKRANDOM
	return uk_random_layout_offset(max * PAGE, PAGE) / PAGE;
#else
	return 0;
#endif
}

static int to_arch_prot(int prot)
{
	int p = 0;

	if (prot & (PROT_READ | PROT_WRITE | PROT_EXEC))
		p |= UKARCH_PROT_READ;
	if (prot & PROT_WRITE)
		p |= UKARCH_PROT_WRITE;
	if (prot & PROT_EXEC)
		p |= UKARCH_PROT_EXEC;
	return p;
}

/*
 * The mapping vma_find() found last: page faults and the per-page loops
 * of mprotect/munmap mostly hit the same mapping again, and a walk of
 * the whole list for each page made a thread's 4 MiB stack cost a
 * thousand walks (pthread_create's mprotect). Cleared when its mapping
 * leaves the list (interrupts off, as the fault handler reads it).
 */
static struct vma *vma_last;

static struct vma *vma_find(unsigned long va)
{
	struct vma *v = vma_last;

	if (v && va >= v->start && va < v->start + v->npages * PAGE)
		return v;
	uk_list_for_each_entry(v, &vmas, link)
		if (va >= v->start && va < v->start + v->npages * PAGE) {
			vma_last = v;
			return v;
		}
	return NULL;
}

static int page_set(struct vma *v, unsigned long i, int prot)
{
	unsigned long flags;
	int rc = 0;

	if (!v->lazy) {
		v->state[i] = (uint8_t)(prot + 1);
		return ukarch_page_set_prot(v->start + i * PAGE,
					    to_arch_prot(prot));
	}
	flags = ukplat_lcpu_save_irqf();
	v->state[i] = (uint8_t)((prot + 1) | (v->state[i] & ST_FRAME));
	if (v->state[i] & ST_FRAME)
		rc = ukarch_page_set_prot(v->start + i * PAGE,
					  to_arch_prot(prot));
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

/* Zero a frame without library code (which may use FPU registers). */
static void frame_zero(void *page)
{
#if defined(__x86_64__)
	unsigned long n = PAGE / 8;

	__asm__ __volatile__("rep stosq" : "+D"(page), "+c"(n) : "a"(0UL)
			     : "memory");
#else
	volatile unsigned long *w = page;
	unsigned long i;

	for (i = 0; i < PAGE / sizeof(*w); i++)
		w[i] = 0;
#endif
}

/*
 * Give page @i of lazy @v its frame back (if it has one); its state but
 * for ST_FRAME is left to the caller. Interrupts off.
 */
static void lazy_drop(struct vma *v, unsigned long i)
{
	unsigned long va = v->start + i * PAGE, pa;

	if (!(v->state[i] & ST_FRAME))
		return;
	/* a page made not present keeps its frame: make it visible */
	ukarch_page_set_prot(va, UKARCH_PROT_READ);
	pa = ukarch_virt_to_phys(va);
	ukarch_page_unmap(va);
	v->state[i] &= (uint8_t)~ST_FRAME;
	if (pa != UKARCH_NO_PHYS)
		uk_pfree(uk_alloc_get_default(), (void *)pa, 1);
}

static void lazy_drop_irqsafe(struct vma *v, unsigned long i)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	lazy_drop(v, i);
	ukplat_lcpu_restore_irqf(flags);
}

/*
 * Frames kept aside for faults taken with interrupts off: such code may
 * be inside the allocator (whose lock is "interrupts off"), on a stack
 * page touched for the first time, and the allocator must not be entered
 * again. Refilled whenever it is safe: a fault with interrupts on, a
 * direct fill from a caller with interrupts on, each new mapping. An
 * interrupt handler or the allocator itself takes a page or two of
 * stack; an empty reserve there is an out-of-memory fault (SIGBUS).
 */
#define RESERVE_FRAMES	16
static void *reserve[RESERVE_FRAMES];
static unsigned int reserve_n;

/* Interrupts off, the allocator not in a call. */
static void reserve_refill(void)
{
	void *f;

	while (reserve_n < RESERVE_FRAMES) {
		f = uk_palloc(uk_alloc_get_default(), 1);
		if (!f)
			break;
		reserve[reserve_n++] = f;
	}
}

/*
 * The page fault handler's filler (uk/arch/paging.h): a zeroed frame for
 * the reserved page @va of a lazy mapping. Runs with interrupts off on
 * the fault's stack: no sleeping, no locks but the allocator's, and the
 * allocator only when the faulting code had interrupts on.
 */
static int lazy_fill(unsigned long va, int access)
{
	bool may_alloc = (access & UKARCH_FILL_FAULT) ?
			 !(access & UKARCH_FILL_IRQS_OFF) :
			 !ukplat_lcpu_irqs_disabled();
	unsigned long flags = ukplat_lcpu_save_irqf();
	unsigned long i;
	struct vma *v = vma_find(va);
	void *frame;
	int prot, rc;

	access &= UKARCH_PROT_READ | UKARCH_PROT_WRITE | UKARCH_PROT_EXEC;

	if (!v || !v->lazy) {
		rc = -EFAULT;
		goto out;
	}
	i = (va - v->start) / PAGE;
	if (!v->state[i] || (v->state[i] & ST_FRAME)) {
		rc = -EFAULT;
		goto out;
	}
	prot = to_arch_prot(ST_PROT(v->state[i]));
	if (!prot || (access & ~prot)) {
		rc = -EACCES;
		goto out;
	}
	frame = NULL;
	if (may_alloc) {
		reserve_refill();
		frame = uk_palloc(uk_alloc_get_default(), 1);
	}
	if (!frame && reserve_n)
		frame = reserve[--reserve_n];
	if (!frame) {
		rc = -ENOMEM;
		goto out;
	}
	frame_zero(frame);
	rc = ukarch_page_map(va, (unsigned long)frame, prot);
	if (rc < 0) {
		if (reserve_n < RESERVE_FRAMES)
			reserve[reserve_n++] = frame;
		else	/* (only when allocated here: may_alloc) */
			uk_pfree(uk_alloc_get_default(), frame, 1);
		rc = rc == -ENOMEM ? -ENOMEM : -EFAULT;
		goto out;
	}
	v->state[i] |= ST_FRAME;
out:
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

#if CONFIG_LIBVFSCORE
/* Write a shared file mapping back, within the file's size. */
static void shared_writeback(struct vma *v)
{
	struct uk_vattr va;
	size_t len = v->npages * PAGE;

	if (!v->file || (v->file->flags & O_ACCMODE) == O_RDONLY)
		return;
	if (uk_file_getattr(v->file, &va) < 0 || va.size <= v->off)
		return;
	if ((uint64_t)(va.size - v->off) < len)
		len = (size_t)(va.size - v->off);
	uk_file_pwrite(v->file, (void *)v->start, len, v->off);
}
#endif

/* Take @v off the list, which the fault handler reads. */
static void vma_unlink(struct vma *v)
{
	unsigned long flags = ukplat_lcpu_save_irqf();

	uk_list_del(&v->link);
	if (vma_last == v)
		vma_last = NULL;
	ukplat_lcpu_restore_irqf(flags);
}

static void vma_free(struct vma *v)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned long i;

#if CONFIG_LIBVFSCORE
	if (v->file)
		uk_file_release(v->file);
#endif
	if (!v->brk)
		mapped_bytes -= v->mapped * PAGE;
	if (v->lazy) {
		unsigned long flags = ukplat_lcpu_save_irqf();

		for (i = 0; i < v->npages; i++) {
			lazy_drop(v, i);
			ukarch_page_unmap(v->start + i * PAGE);
		}
		uk_list_del(&v->link);
		if (vma_last == v)
			vma_last = NULL;
		ukplat_lcpu_restore_irqf(flags);
		uk_free(a, v->state);
		uk_free(a, v);
		return;
	} else if (v->start != v->phys) {
		for (i = 0; i < v->npages; i++)
			ukarch_page_unmap(v->start + i * PAGE);
	} else {
		/* give the allocator back plain read-write memory */
		for (i = 0; i < v->npages; i++)
			ukarch_page_set_prot(v->start + i * PAGE,
					     UKARCH_PROT_READ |
					     UKARCH_PROT_WRITE);
	}
	vma_unlink(v);
	uk_pfree(a, (void *)v->phys, v->npages);
	uk_free(a, v->state);
	uk_free(a, v);
}

/* Lowest page of the window that mappings are placed upwards from. */
static unsigned long win_base;

/*
 * A free stretch of the window for @npages above a random guard gap,
 * with a guard page above it too, at or after @from; 0 if none. The vma
 * list is kept sorted by address.
 */
static unsigned long win_place(unsigned long from, unsigned long npages)
{
	unsigned long need = (1 + random_pages(MMAP_GAP_MAX) + npages + 1);
	unsigned long cand = from;
	struct vma *v;

	if (npages > (UKARCH_REMAP_END - UKARCH_REMAP_START) / PAGE / 4)
		return 0;
	need *= PAGE;
	uk_list_for_each_entry(v, &vmas, link) {
		unsigned long end = v->start + v->npages * PAGE;

		if (!ukarch_in_remap_window(v->start) || end <= cand)
			continue;
		if (v->start >= cand && v->start - cand >= need)
			break;
		cand = end;
	}
	if (cand > UKARCH_REMAP_END || UKARCH_REMAP_END - cand < need)
		return 0;
	return cand + need - (npages + 1) * PAGE;
}

/* Put @v in the address-sorted list. */
static void vma_insert(struct vma *v)
{
	unsigned long flags = ukplat_lcpu_save_irqf();
	struct vma *w;

	uk_list_for_each_entry(w, &vmas, link)
		if (w->start > v->start) {
			uk_list_add_tail(&v->link, &w->link);
			ukplat_lcpu_restore_irqf(flags);
			return;
		}
	uk_list_add_tail(&v->link, &vmas);
	ukplat_lcpu_restore_irqf(flags);
}

/*
 * A free stretch of @npages in the window: from a random base chosen
 * once (layout randomization), else from its start; 0 if none.
 */
static unsigned long win_find(unsigned long npages)
{
	unsigned long va;

	if (!win_base)
		win_base = UKARCH_REMAP_START +
			   random_pages((UKARCH_REMAP_END -
					 UKARCH_REMAP_START) / 2 / PAGE) * PAGE;
	va = win_place(win_base, npages);
	if (!va)
		va = win_place(UKARCH_REMAP_START, npages);
	return va;
}

/*
 * Map the run at @phys in the window: its address, or 0 when the window
 * cannot be used (then the identity address serves) or is full.
 */
static unsigned long win_map(unsigned long phys, unsigned long npages)
{
	unsigned long va, i;
	int rc;

	va = win_find(npages);
	if (!va)
		return 0;
	for (i = 0; i < npages; i++) {
		rc = ukarch_page_map(va + i * PAGE, phys + i * PAGE,
				     UKARCH_PROT_READ | UKARCH_PROT_WRITE);
		if (rc < 0) {
			while (i--)
				ukarch_page_unmap(va + i * PAGE);
			return 0;
		}
	}
	return va;
}

/*
 * Can pages of the window be mapped one by one (paging is on)? Tried once
 * by recording a frame-less entry and forgetting it.
 */
static bool window_usable(void)
{
	static int usable = -1;

	if (usable < 0) {
		usable = ukarch_page_map(UKARCH_REMAP_START, 0, 0) == 0;
		if (usable)
			ukarch_page_unmap(UKARCH_REMAP_START);
	}
	return usable;
}

/*
 * The page tables of [@va, +@npages) made now (a page per 2 MiB), so that
 * a fault there needs none: a fault with interrupts off must not
 * allocate. Mappings above TABLES_AHEAD_MAX get them as they are touched.
 */
#define TABLES_AHEAD_MAX	(64UL << 20)
#define TABLE_SPAN		(2UL << 20)

static void tables_ahead(unsigned long va, unsigned long npages)
{
	unsigned long end = va + npages * PAGE;

	if (npages * PAGE > TABLES_AHEAD_MAX)
		return;
	while (va < end) {
		if (ukarch_page_map(va, 0, 0) == 0)
			ukarch_page_unmap(va);
		va = UK_ALIGN_DOWN(va, TABLE_SPAN) + TABLE_SPAN;
	}
}

/* A reserved stretch of the window for a lazy mapping; 0 if none. */
static unsigned long win_reserve(unsigned long npages)
{
	if (!window_usable())
		return 0;
	return win_find(npages);
}

/* A new mapping of @npages at v->start made known: counted and listed. */
static struct vma *vma_commit(struct vma *v, unsigned long npages, bool brk)
{
	v->npages = npages;
	v->mapped = npages;
	v->brk = brk;
	if (!brk)
		mapped_bytes += npages * PAGE;
	vma_insert(v);
	return v;
}

/*
 * A mapping of @npages, counted against the limits unless it is the
 * break; @lazy: frames on demand where the window allows it.
 */
static struct vma *vma_new(unsigned long npages, bool brk, bool lazy)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vma *v;
	void *mem;

	if (!brk && !within_limits(npages * PAGE))
		return NULL;
	v = uk_calloc(a, 1, sizeof(*v));
	if (!v)
		return NULL;
	v->state = uk_calloc(a, npages, 1);
	if (v->state && lazy && (v->start = win_reserve(npages))) {
		unsigned long flags = ukplat_lcpu_save_irqf();

		reserve_refill();
		ukplat_lcpu_restore_irqf(flags);
		tables_ahead(v->start, npages);
		ukarch_page_fill_set(lazy_fill);
		v->lazy = true;
		return vma_commit(v, npages, brk);
	}
	mem = v->state ? uk_palloc(a, npages) : NULL;
	if (!mem) {
		uk_free(a, v->state);
		uk_free(a, v);
		return NULL;
	}
	v->phys = (unsigned long)mem;
	v->start = win_map(v->phys, npages);
	if (!v->start)
		v->start = v->phys;	/* no window: the identity address */
	memset((void *)v->start, 0, npages * PAGE);
	return vma_commit(v, npages, brk);
}

/* Fill [@addr, +@len) from @fd at @off; 0 or a negative errno. */
static long file_fill(void *addr, size_t len, int fd, off_t off)
{
	size_t done = 0;
	long n;

	while (done < len) {
		n = uk_syscall(SYS_pread64, fd, (long)((char *)addr + done),
			       (long)(len - done), (long)(off + done), 0, 0);
		if (n < 0)
			return n;
		if (n == 0)
			break;		/* past the end: stays zero */
		done += (size_t)n;
	}
	return 0;
}

/* MAP_SHARED of file @fd at @off: one region per (file, offset, size). */
static long map_shared_file(unsigned long npages, int prot, int fd, off_t off)
{
#if CONFIG_LIBVFSCORE
	struct uk_file *f = uk_fd_get(fd);
	int acc;
	unsigned long i;
	struct vma *v;
	long rc;

	if (!f)
		return -EBADF;
	acc = f->flags & O_ACCMODE;
	if (S_ISDIR(f->vn->type) ||
	    acc == O_WRONLY || ((prot & PROT_WRITE) && acc != O_RDWR)) {
		rc = S_ISDIR(f->vn->type) ? -ENODEV : -EACCES;
		uk_file_release(f);
		return rc;
	}
	uk_mutex_lock(&vma_lock);
	uk_list_for_each_entry(v, &vmas, link) {
		if (v->file && v->file->vn == f->vn && v->off == off &&
		    v->npages == npages) {
			v->refs++;
			uk_mutex_unlock(&vma_lock);
			uk_file_release(f);
			return (long)v->start;
		}
	}
	v = vma_new(npages, false, false);
	if (!v) {
		uk_mutex_unlock(&vma_lock);
		uk_file_release(f);
		return -ENOMEM;
	}
	rc = file_fill((void *)v->start, npages * PAGE, fd, off);
	if (rc < 0) {
		vma_free(v);
		uk_mutex_unlock(&vma_lock);
		uk_file_release(f);
		return rc == -ESPIPE ? -ENODEV : rc;
	}
	v->file = f;
	v->off = off;
	v->refs = 1;
	for (i = 0; i < npages; i++)
		page_set(v, i, prot);
	uk_mutex_unlock(&vma_lock);
	return (long)v->start;
#else
	return -ENODEV;		/* no files without vfscore */
#endif
}

/* MAP_FIXED over pages of existing mappings: refill them. */
static long map_fixed(unsigned long addr, unsigned long npages, int prot)
{
	unsigned long i;
	struct vma *v;

	for (i = 0; i < npages; i++) {
		v = vma_find(addr + i * PAGE);
		if (!v || !v->state[(addr + i * PAGE - v->start) / PAGE])
			return -ENOMEM;
	}
	for (i = 0; i < npages; i++) {
		unsigned long va = addr + i * PAGE;

		v = vma_find(va);
		if (v->lazy) {
			/* a fresh zero page at the next touch */
			lazy_drop_irqsafe(v, (va - v->start) / PAGE);
		} else {
			ukarch_page_set_prot(va, UKARCH_PROT_READ |
					     UKARCH_PROT_WRITE);
			memset((void *)va, 0, PAGE);
		}
		page_set(v, (va - v->start) / PAGE, prot);
	}
	return (long)addr;
}

UK_SYSCALL_DEFINE6(mmap, void *, addr, size_t, len, int, prot, int, flags,
		   int, fd, off_t, off)
{
	unsigned long npages, i;
	int type = flags & MAP_TYPE;
	struct vma *v;
	long rc;

	if (!len || len > (1UL << 40))
		return len ? -ENOMEM : -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED &&
	    type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (off % (off_t)PAGE || off < 0)
		return -EINVAL;
	npages = UK_ALIGN_UP(len, PAGE) / PAGE;
	if (!(flags & MAP_ANONYMOUS) && type != MAP_PRIVATE &&
	    !(flags & MAP_FIXED))
		return map_shared_file(npages, prot, fd, off);

	uk_mutex_lock(&vma_lock);
	if (flags & MAP_FIXED) {
		if ((unsigned long)addr % PAGE) {
			rc = -EINVAL;
		} else if (!(flags & MAP_ANONYMOUS)) {
			rc = -EINVAL;	/* file over a fixed range: unsupported */
		} else {
			rc = map_fixed((unsigned long)addr, npages, prot);
		}
		uk_mutex_unlock(&vma_lock);
		return rc;
	}
	/* anonymous memory is populated as it is touched */
	v = vma_new(npages, false, (flags & MAP_ANONYMOUS) &&
		    !(flags & MAP_POPULATE) && !lock_future);
	if (!v) {
		uk_mutex_unlock(&vma_lock);
		return -ENOMEM;
	}
	if (!(flags & MAP_ANONYMOUS)) {
		rc = file_fill((void *)v->start, len, fd, off);
		if (rc < 0) {
			vma_free(v);
			uk_mutex_unlock(&vma_lock);
			return rc == -ESPIPE ? -ENODEV : rc;
		}
	}
	for (i = 0; i < npages; i++) {
		rc = page_set(v, i, prot);
		if (rc < 0) {
			vma_free(v);
			uk_mutex_unlock(&vma_lock);
			return -ENOMEM;
		}
	}
	uk_mutex_unlock(&vma_lock);
	return (long)v->start;
}

/*
 * A demand-paged thread stack for uksched (the main thread's): @bytes of
 * the window, read-write but for the lowest page, the guard, which never
 * gets a frame. Like the break it is not counted against the limits and
 * munmap() leaves it alone; it is never given back. NULL when the window
 * cannot be used (uksched then takes pages of its own) or the mapping
 * lock is busy (uksched calls with interrupts off: no blocking).
 */
void *uk_posix_stack_reserve(size_t bytes);
void *uk_posix_stack_reserve(size_t bytes)
{
	unsigned long npages = UK_ALIGN_UP(bytes, PAGE) / PAGE, i;
	struct vma *v;

	if (npages < 2 || uk_mutex_trylock(&vma_lock) != 0)
		return NULL;
	v = vma_new(npages, true, true);
	if (v && !v->lazy) {
		vma_free(v);
		v = NULL;
	}
	if (v) {
		v->state[0] = PROT_NONE + 1;
		for (i = 1; i < npages; i++)
			v->state[i] = (PROT_READ | PROT_WRITE) + 1;
	}
	uk_mutex_unlock(&vma_lock);
	return v ? (void *)v->start : NULL;
}

/* Check [@addr, +@len) for munmap/mprotect; the page count or <0. */
static long range_pages(unsigned long addr, size_t len)
{
	if (addr % PAGE || !len)
		return -EINVAL;
	if (addr + len < addr)
		return -EINVAL;
	return (long)(UK_ALIGN_UP(len, PAGE) / PAGE);
}

UK_SYSCALL_DEFINE2(munmap, void *, addr, size_t, len)
{
	unsigned long va = (unsigned long)addr, i;
	long n = range_pages(va, len);
	struct vma *v;

	if (n < 0)
		return n;
	uk_mutex_lock(&vma_lock);
	for (i = 0; i < (unsigned long)n; i++, va += PAGE) {
		unsigned long p;

		v = vma_find(va);
		if (!v || v->brk)
			continue;	/* not ours (or the break): left */
#if CONFIG_LIBVFSCORE
		if (v->file) {
			/* shared: its first page drops a reference */
			if (va == v->start && --v->refs == 0) {
				unsigned long skip = v->npages - 1;

				shared_writeback(v);
				vma_free(v);
				i += skip;
				va += skip * PAGE;
			}
			continue;
		}
#endif
		p = (va - v->start) / PAGE;
		if (!v->state[p])
			continue;
		if (v->lazy) {
			unsigned long flags = ukplat_lcpu_save_irqf();

			lazy_drop(v, p);
			v->state[p] = 0;
			ukplat_lcpu_restore_irqf(flags);
		} else {
			v->state[p] = 0;
			ukarch_page_set_prot(va, 0);
		}
		mapped_bytes -= PAGE;
		if (--v->mapped == 0)
			vma_free(v);
	}
	uk_mutex_unlock(&vma_lock);
	return 0;
}

UK_SYSCALL_DEFINE3(mprotect, void *, addr, size_t, len, int, prot)
{
	unsigned long va = (unsigned long)addr, i;
	long n = range_pages(va, len);
	struct vma *v;

	if (n < 0)
		return n == -EINVAL && len == 0 && !(va % PAGE) ? 0 : n;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	uk_mutex_lock(&vma_lock);
	for (i = 0; i < (unsigned long)n; i++) {
		v = vma_find(va + i * PAGE);
		if (!v || !v->state[(va + i * PAGE - v->start) / PAGE]) {
			uk_mutex_unlock(&vma_lock);
			return -ENOMEM;
		}
	}
	for (i = 0; i < (unsigned long)n; i++) {
		v = vma_find(va + i * PAGE);
		page_set(v, (va + i * PAGE - v->start) / PAGE, prot);
	}
	uk_mutex_unlock(&vma_lock);
	return 0;
}

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT	0x01
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT	4
#endif

/*
 * mlock and friends. Kast never swaps: a page that has a frame stays
 * resident. Locking makes a lazy mapping's reserved pages resident now,
 * so that they never fault later (as Linux's mlock faults them in);
 * PROT_NONE pages stay without a frame, as on Linux. Pages outside the
 * program's mappings (the image, the kernel's heap) are always resident.
 * The process is root: RLIMIT_MEMLOCK does not apply. -ENOMEM for a page
 * that is not mapped, -EAGAIN when there is no memory to lock it.
 */
static long lock_pages(unsigned long va, unsigned long n, bool fill,
		       bool holes)
{
	struct vma *v;
	unsigned long i, p;
	int prot;

	for (i = 0; i < n; i++, va += PAGE) {
		v = vma_find(va);
		if (!v) {
			if (ukarch_page_get_prot(va) < 0)
				return -ENOMEM;
			continue;
		}
		p = (va - v->start) / PAGE;
		if (!v->state[p]) {
			if (holes)	/* munmap()ed inside a mapping */
				continue;
			return -ENOMEM;
		}
		if (!fill || !v->lazy || (v->state[p] & ST_FRAME))
			continue;
		prot = to_arch_prot(ST_PROT(v->state[p]));
		if (prot && lazy_fill(va, prot) == -ENOMEM)
			return -EAGAIN;
	}
	return 0;
}

static long lock_range(void *addr, size_t len, bool fill)
{
	unsigned long va = UK_ALIGN_DOWN((unsigned long)addr, PAGE);
	long rc;

	if (!len)
		return 0;
	if ((unsigned long)addr + len < (unsigned long)addr)
		return -ENOMEM;
	len += (unsigned long)addr - va;
	uk_mutex_lock(&vma_lock);
	rc = lock_pages(va, UK_ALIGN_UP(len, PAGE) / PAGE, fill, false);
	uk_mutex_unlock(&vma_lock);
	return rc;
}

UK_SYSCALL_DEFINE2(mlock, const void *, addr, size_t, len)
{
	return lock_range((void *)addr, len, true);
}

UK_SYSCALL_DEFINE3(mlock2, const void *, addr, size_t, len, unsigned int,
		   flags)
{
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return lock_range((void *)addr, len, !(flags & MLOCK_ONFAULT));
}

UK_SYSCALL_DEFINE2(munlock, const void *, addr, size_t, len)
{
	return lock_range((void *)addr, len, false);
}

UK_SYSCALL_DEFINE1(mlockall, int, flags)
{
	struct vma *v;
	long rc = 0;

	if (!(flags & (MCL_CURRENT | MCL_FUTURE)) ||
	    (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)))
		return -EINVAL;
	uk_mutex_lock(&vma_lock);
	if ((flags & MCL_CURRENT) && !(flags & MCL_ONFAULT)) {
		uk_list_for_each_entry(v, &vmas, link) {
			rc = lock_pages(v->start, v->npages, true, true);
			if (rc < 0)
				break;
		}
	}
	if (rc == 0 && (flags & MCL_FUTURE))
		lock_future = !(flags & MCL_ONFAULT);
	uk_mutex_unlock(&vma_lock);
	return rc;
}

UK_SYSCALL_DEFINE0(munlockall)
{
	uk_mutex_lock(&vma_lock);
	lock_future = false;
	uk_mutex_unlock(&vma_lock);
	return 0;
}

/*
 * mincore: 1 for a page with a frame (resident), 0 for a lazy page not
 * touched yet (or PROT_NONE); -ENOMEM past the program's mapped memory.
 */
UK_SYSCALL_DEFINE3(mincore, void *, addr, size_t, len, unsigned char *, vec)
{
	unsigned long va = (unsigned long)addr, n, i, p;
	unsigned char r;
	struct vma *v;
	long rc = 0;

	if (va % PAGE)
		return -EINVAL;
	if (va + len < va)
		return -ENOMEM;
	n = UK_ALIGN_UP(len, PAGE) / PAGE;
	if (!uk_access_ok(vec, n, UKARCH_PROT_WRITE))
		return -EFAULT;
	uk_mutex_lock(&vma_lock);
	for (i = 0; i < n; i++, va += PAGE) {
		v = vma_find(va);
		if (!v) {
			if (ukarch_page_get_prot(va) < 0) {
				rc = -ENOMEM;
				break;
			}
			r = 1;
		} else {
			p = (va - v->start) / PAGE;
			if (!v->state[p]) {
				rc = -ENOMEM;
				break;
			}
			r = !v->lazy || (v->state[p] & ST_FRAME);
		}
		vec[i] = r;
	}
	uk_mutex_unlock(&vma_lock);
	return rc;
}

UK_SYSCALL_DEFINE3(madvise, void *, addr, size_t, len, int, advice)
{
	unsigned long va = (unsigned long)addr, i, n;
	struct vma *v;

	if (va % PAGE)
		return -EINVAL;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_FREE:		/* pages may keep their contents */
		return 0;
	case MADV_DONTNEED:
		/* private anonymous memory reads back as zeros */
		n = UK_ALIGN_UP(len, PAGE) / PAGE;
		uk_mutex_lock(&vma_lock);
		for (i = 0; i < n; i++) {
			unsigned long p;

			v = vma_find(va + i * PAGE);
			if (!v)
				continue;
			p = (va + i * PAGE - v->start) / PAGE;
			if (v->lazy)	/* the frame goes back */
				lazy_drop_irqsafe(v, p);
			else if (v->state[p] &&
				 ST_PROT(v->state[p]) & PROT_WRITE)
				memset((void *)(va + i * PAGE), 0, PAGE);
		}
		uk_mutex_unlock(&vma_lock);
		return 0;
	default:
		return -EINVAL;
	}
}

UK_SYSCALL_DEFINE3(msync, void *, addr, size_t, len, int, flags)
{
	unsigned long va = (unsigned long)addr;
	struct vma *v;

	if (va % PAGE)
		return -EINVAL;
#if CONFIG_LIBVFSCORE
	/* shared file mappings in the range are written back */
	uk_mutex_lock(&vma_lock);
	uk_list_for_each_entry(v, &vmas, link)
		if (v->file && v->start < va + len &&
		    va < v->start + v->npages * PAGE)
			shared_writeback(v);
	uk_mutex_unlock(&vma_lock);
#else
	(void)v;
#endif
	return 0;
}

/*
 * The program break: one region, a mapping of its own (so that the
 * window places it and mprotect works on it), made on first use.
 */
#define BRK_PAGES (CONFIG_LIBPOSIX_MMAP_BRK_SIZE * 1024UL / PAGE)
static unsigned long brk_base, brk_cur, brk_end;
static struct vma *brk_vma;

/*
 * Zero [@from, @to) of the break for reuse: pages without a frame read
 * as zeros already.
 */
static void brk_zero(unsigned long from, unsigned long to)
{
	unsigned long pg, end;

	for (pg = UK_ALIGN_DOWN(from, PAGE); pg < to; pg += PAGE) {
		unsigned long i = (pg - brk_vma->start) / PAGE;

		if (brk_vma->lazy && !(brk_vma->state[i] & ST_FRAME))
			continue;
		end = UK_MIN(pg + PAGE, to);
		memset((void *)UK_MAX(pg, from), 0, end - UK_MAX(pg, from));
	}
}

/* A shrunk break gives back the frames of the whole pages above it. */
static void brk_release(unsigned long from, unsigned long to)
{
	unsigned long pg;

	if (!brk_vma->lazy)
		return;
	for (pg = UK_ALIGN_UP(from, PAGE); pg + PAGE <= to; pg += PAGE)
		lazy_drop_irqsafe(brk_vma, (pg - brk_vma->start) / PAGE);
}

UK_SYSCALL_DEFINE1(brk, void *, addr)
{
	unsigned long want = (unsigned long)addr, i;

	uk_mutex_lock(&vma_lock);
	if (!brk_base) {
		/* counted as it grows, not as mapped */
		struct vma *v = vma_new(BRK_PAGES, true, true);

		if (!v) {
			uk_mutex_unlock(&vma_lock);
			return 0;	/* no break at all: callers use mmap */
		}
		for (i = 0; i < BRK_PAGES; i++)	/* mapped read-write */
			v->state[i] = (PROT_READ | PROT_WRITE) + 1;
		brk_vma = v;
		brk_end = v->start + BRK_PAGES * PAGE;
		brk_base = brk_cur = v->start +
				     random_pages(BRK_PAGES / 8) * PAGE;
	}
	if (want >= brk_base && want <= brk_end &&
	    (want <= brk_cur || within_limits(want - brk_cur))) {
		if (want > brk_cur)
			brk_zero(brk_cur, want);
		else
			brk_release(want, brk_cur);
		mapped_bytes += want - brk_cur;
		brk_cur = want;
	}
	uk_mutex_unlock(&vma_lock);
	return (long)brk_cur;
}

UK_SYSCALL_DEFINE5(mremap, void *, old, size_t, old_len, size_t, new_len,
		   int, flags, void *, new_addr)
{
	/* callers (musl's realloc) fall back to allocate + copy */
	return -ENOMEM;
}
