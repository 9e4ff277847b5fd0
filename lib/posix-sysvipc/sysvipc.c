/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System V IPC for the image's one process: message queues, semaphore
 * sets and shared memory segments, shared by all its threads.
 *
 * Each kind has a table of CONFIG_LIBPOSIX_SYSVIPC_MAX_IDS slots. An id is
 * slot + MAX_IDS * sequence, the sequence moving on each time a slot is
 * reused, so a removed object's id stays invalid (-EINVAL) instead of
 * naming its successor. Keys: IPC_PRIVATE always creates; another key finds
 * its object, or creates it with IPC_CREAT (-EEXIST with IPC_EXCL,
 * -ENOENT without IPC_CREAT). The process is root (uid 0), which Linux
 * lets through every permission check: modes are recorded, reported and
 * changed by IPC_SET, not enforced.
 *
 * One mutex guards everything; a blocked msgsnd/msgrcv/semop waits on its
 * object's condition variable (semtimedop with a timeout: -EAGAIN when it
 * passes; IPC_NOWAIT: -EAGAIN, msgrcv -ENOMSG, at once). IPC_RMID wakes the
 * waiters, who return -EIDRM; the object is freed when the last one left.
 * Shared memory is one run of zeroed pages per segment: shmat() returns
 * its address (the same for every attach; one address space), shmdt()
 * detaches, and a removed segment is freed at its last detach. SHM_RDONLY
 * is accepted but not enforced (the pages are shared by all attaches).
 * SEM_UNDO is accepted: undo happens at process exit, which here ends the
 * image. The *_INFO and *_STAT commands are -EINVAL.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/condvar.h>
#include <uk/mutex.h>
#include <uk/syscall.h>
#include <uk/plat/time.h>

#define MAX_IDS		CONFIG_LIBPOSIX_SYSVIPC_MAX_IDS
#define IPC_64_FLAG	0x100		/* musl adds it to every ctl command */
#define MSGMNB		16384		/* default queue size, as Linux */
#define MSGMAX		8192		/* largest message, as Linux */
#define SEMMSL		32000		/* most semaphores in a set */
#define SEMOPM		500		/* most operations in one semop */
#define SEMVMX		32767		/* largest semaphore value */
#define SHMMIN		1
#define SHMMAX		(1UL << 32)
#define PAGE		UK_PAGE_SIZE
#define PID		1

struct ipc_obj {
	bool used;
	bool removed;
	key_t key;
	int seq;
	unsigned int waiters;		/* blocked threads; shm: attaches */
	struct ipc_perm perm;
	struct uk_condvar cv;
	time_t ctime;
};

struct msg {
	struct msg *next;
	long type;
	size_t len;
	char text[];
};

struct msq {
	struct ipc_obj o;
	struct msg *head, **tail;
	size_t bytes, qbytes, count;
	time_t stime, rtime;
};

struct semset {
	struct ipc_obj o;
	unsigned short *val;
	int nsems;
	time_t otime;
};

struct shmseg {
	struct ipc_obj o;
	void *mem;
	size_t size;
	unsigned long npages;
	unsigned long nattch;
	time_t atime, dtime;
};

static struct msq msqs[MAX_IDS];
static struct semset sems[MAX_IDS];
static struct shmseg shms[MAX_IDS];
static struct uk_mutex lock = UK_MUTEX_INITIALIZER(lock, 0);

static time_t now(void)
{
	return (time_t)(ukplat_wall_clock() / UKPLAT_NSEC_PER_SEC);
}

static struct uk_alloc *A(void)
{
	return uk_alloc_get_default();
}

/* The object of @id in a table of @size-byte entries, or NULL. */
static struct ipc_obj *lookup(void *tab, size_t size, int id)
{
	struct ipc_obj *o;

	if (id < 0)
		return NULL;
	o = (struct ipc_obj *)((char *)tab + (size_t)(id % MAX_IDS) * size);
	if (!o->used || o->removed || o->seq != id / MAX_IDS)
		return NULL;
	return o;
}

static int id_of(void *tab, size_t size, struct ipc_obj *o)
{
	return (int)(((char *)o - (char *)tab) / size) + o->seq * MAX_IDS;
}

/*
 * The object for @key: found (-EEXIST with IPC_CREAT|IPC_EXCL), or a free
 * slot made ready for the caller to fill (*@created set). Lock held.
 */
static struct ipc_obj *get(void *tab, size_t size, key_t key, int flg,
			   bool *created, int *err)
{
	struct ipc_obj *o, *free_slot = NULL;
	int i;

	*created = false;
	for (i = 0; i < MAX_IDS; i++) {
		o = (struct ipc_obj *)((char *)tab + (size_t)i * size);
		if (!o->used) {
			/* a removed object still has waiters: not reusable */
			if (!free_slot && !o->waiters)
				free_slot = o;
			continue;
		}
		if (key != IPC_PRIVATE && !o->removed && o->key == key) {
			if ((flg & IPC_CREAT) && (flg & IPC_EXCL)) {
				*err = -EEXIST;
				return NULL;
			}
			return o;
		}
	}
	if (key != IPC_PRIVATE && !(flg & IPC_CREAT)) {
		*err = -ENOENT;
		return NULL;
	}
	if (!free_slot) {
		*err = -ENOSPC;
		return NULL;
	}
	o = free_slot;
	o->seq = (o->seq + 1) & 0x3fff;
	o->used = true;
	o->removed = false;
	o->key = key;
	o->waiters = 0;
	memset(&o->perm, 0, sizeof(o->perm));
	o->perm.__ipc_perm_key = key;
	o->perm.mode = flg & 0777;
	o->perm.__ipc_perm_seq = o->seq;
	uk_condvar_init(&o->cv);
	o->ctime = now();
	*created = true;
	return o;
}

/* Wait on @o's condition (lock held); -EIDRM when it was removed meanwhile,
 * -EAGAIN when @deadline (0: none) passed, -EINTR for a signal or a
 * cancellation (posix-process). */
bool uk_posix_interrupted(void) __weak;

static int wait_on(struct ipc_obj *o, __nsec deadline)
{
	int rc = 0;

	o->waiters++;
	if (deadline && ukplat_monotonic_clock() >= deadline)
		rc = -ETIMEDOUT;
	else
		rc = uk_condvar_wait_intr(&o->cv, &lock, deadline,
					  uk_posix_interrupted);
	o->waiters--;
	if (o->removed)
		return -EIDRM;
	return rc == -ETIMEDOUT ? -EAGAIN : rc;
}

/* IPC_RMID: gone for new users; waiters wake and see -EIDRM. */
static void remove_obj(struct ipc_obj *o)
{
	o->removed = true;
	o->used = false;
	uk_condvar_broadcast(&o->cv);
}

static int perm_set(struct ipc_obj *o, const struct ipc_perm *p)
{
	o->perm.uid = p->uid;
	o->perm.gid = p->gid;
	o->perm.mode = (o->perm.mode & ~0777) | (p->mode & 0777);
	o->ctime = now();
	return 0;
}

/* Message queues ------------------------------------------------------ */

UK_SYSCALL_DEFINE2(msgget, key_t, key, int, flg)
{
	struct ipc_obj *o;
	struct msq *q;
	bool created;
	int err = 0;

	uk_mutex_lock(&lock);
	o = get(msqs, sizeof(msqs[0]), key, flg, &created, &err);
	if (o && created) {
		q = (struct msq *)o;
		q->head = NULL;
		q->tail = &q->head;
		q->bytes = q->count = 0;
		q->qbytes = MSGMNB;
		q->stime = q->rtime = 0;
	}
	err = o ? id_of(msqs, sizeof(msqs[0]), o) : err;
	uk_mutex_unlock(&lock);
	return err;
}

UK_SYSCALL_DEFINE4(msgsnd, int, id, const void *, buf, size_t, len, int, flg)
{
	struct msq *q;
	struct msg *m;
	long type;
	int rc;

	if (len > MSGMAX)
		return -EINVAL;
	if (uk_copy_from_user(&type, buf, sizeof(type)))
		return -EFAULT;
	if (type < 1)
		return -EINVAL;
	m = uk_malloc(A(), sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	if (uk_copy_from_user(m->text, (const char *)buf + sizeof(long), len)) {
		uk_free(A(), m);
		return -EFAULT;
	}
	m->type = type;
	m->len = len;
	m->next = NULL;
	uk_mutex_lock(&lock);
	q = (struct msq *)lookup(msqs, sizeof(msqs[0]), id);
	while (q && q->bytes + len > q->qbytes) {
		if (flg & IPC_NOWAIT) {
			rc = -EAGAIN;
			goto fail;
		}
		rc = wait_on(&q->o, 0);
		if (rc < 0)
			goto fail;
	}
	if (!q) {
		rc = -EINVAL;
		goto fail;
	}
	*q->tail = m;
	q->tail = &m->next;
	q->bytes += len;
	q->count++;
	q->stime = now();
	uk_condvar_broadcast(&q->o.cv);
	uk_mutex_unlock(&lock);
	return 0;
fail:
	uk_mutex_unlock(&lock);
	uk_free(A(), m);
	return rc;
}

/* The message msgrcv(@type, @flg) takes from @q: its link, or NULL. */
static struct msg **msg_pick(struct msq *q, long type, int flg)
{
	struct msg **p, **best = NULL;

	for (p = &q->head; *p; p = &(*p)->next) {
		long t = (*p)->type;

		if (type == 0)
			return p;
		if (type > 0 && ((flg & MSG_EXCEPT) ? t != type : t == type))
			return p;
		if (type < 0 && t <= -type && (!best || t < (*best)->type))
			best = p;
	}
	return best;
}

UK_SYSCALL_DEFINE5(msgrcv, int, id, void *, buf, size_t, len, long, type,
		   int, flg)
{
	struct msq *q;
	struct msg **p, *m;
	long rc;

	if ((long)len < 0)
		return -EINVAL;
	if (!uk_access_ok(buf, sizeof(long) + len, UKARCH_PROT_WRITE))
		return -EFAULT;
	uk_mutex_lock(&lock);
	for (;;) {
		q = (struct msq *)lookup(msqs, sizeof(msqs[0]), id);
		if (!q) {
			rc = -EINVAL;
			goto out;
		}
		p = msg_pick(q, type, flg);
		if (p)
			break;
		if (flg & IPC_NOWAIT) {
			rc = -ENOMSG;
			goto out;
		}
		rc = wait_on(&q->o, 0);
		if (rc < 0)
			goto out;
	}
	m = *p;
	if (m->len > len && !(flg & MSG_NOERROR)) {
		rc = -E2BIG;
		goto out;
	}
	*p = m->next;
	if (q->tail == &m->next)
		q->tail = p;
	q->bytes -= m->len;
	q->count--;
	q->rtime = now();
	uk_condvar_broadcast(&q->o.cv);
	uk_mutex_unlock(&lock);
	rc = (long)UK_MIN(len, m->len);
	memcpy(buf, &m->type, sizeof(long));
	memcpy((char *)buf + sizeof(long), m->text, (size_t)rc);
	uk_free(A(), m);
	return rc;
out:
	uk_mutex_unlock(&lock);
	return rc;
}

static void msq_free(struct msq *q)
{
	struct msg *m;

	while ((m = q->head)) {
		q->head = m->next;
		uk_free(A(), m);
	}
	q->tail = &q->head;
	q->bytes = q->count = 0;
}

UK_SYSCALL_DEFINE3(msgctl, int, id, int, cmd, struct msqid_ds *, ubuf)
{
	struct msqid_ds ds;
	struct msq *q;
	long rc = 0;

	cmd &= ~IPC_64_FLAG;
	if (cmd == IPC_SET && uk_copy_from_user(&ds, ubuf, sizeof(ds)))
		return -EFAULT;
	uk_mutex_lock(&lock);
	q = (struct msq *)lookup(msqs, sizeof(msqs[0]), id);
	if (!q) {
		rc = -EINVAL;
		goto out;
	}
	switch (cmd) {
	case IPC_STAT:
		memset(&ds, 0, sizeof(ds));
		ds.msg_perm = q->o.perm;
		ds.msg_stime = q->stime;
		ds.msg_rtime = q->rtime;
		ds.msg_ctime = q->o.ctime;
		ds.msg_cbytes = q->bytes;
		ds.msg_qnum = q->count;
		ds.msg_qbytes = q->qbytes;
		ds.msg_lspid = ds.msg_lrpid = q->count || q->rtime ? PID : 0;
		uk_mutex_unlock(&lock);
		return uk_copy_to_user(ubuf, &ds, sizeof(ds));
	case IPC_SET:
		if (ds.msg_qbytes == 0 || ds.msg_qbytes > (1UL << 30)) {
			rc = -EINVAL;
			break;
		}
		q->qbytes = ds.msg_qbytes;
		perm_set(&q->o, &ds.msg_perm);
		uk_condvar_broadcast(&q->o.cv);
		break;
	case IPC_RMID:
		msq_free(q);
		remove_obj(&q->o);
		break;
	default:
		rc = -EINVAL;
	}
out:
	uk_mutex_unlock(&lock);
	return rc;
}

/* Semaphores ---------------------------------------------------------- */

UK_SYSCALL_DEFINE3(semget, key_t, key, int, nsems, int, flg)
{
	struct ipc_obj *o;
	struct semset *s;
	bool created;
	int err = 0;

	if (nsems < 0 || nsems > SEMMSL)
		return -EINVAL;
	uk_mutex_lock(&lock);
	o = get(sems, sizeof(sems[0]), key, flg, &created, &err);
	s = (struct semset *)o;
	if (o && created) {
		s->val = nsems ? uk_calloc(A(), (size_t)nsems,
					   sizeof(*s->val)) : NULL;
		if (!nsems || !s->val) {
			o->used = false;
			err = nsems ? -ENOMEM : -EINVAL;
			o = NULL;
		} else {
			s->nsems = nsems;
			s->otime = 0;
		}
	} else if (o && nsems > s->nsems) {
		err = -EINVAL;
		o = NULL;
	}
	err = o ? id_of(sems, sizeof(sems[0]), o) : err;
	uk_mutex_unlock(&lock);
	return err;
}

/* Can all of @ops apply now? 0 yes, 1 must wait, <0 an error. */
static int sem_try(struct semset *s, const struct sembuf *ops, size_t n)
{
	size_t i;
	int v;

	for (i = 0; i < n; i++) {
		if (ops[i].sem_num >= s->nsems)
			return -EFBIG;
		v = s->val[ops[i].sem_num];
		/* earlier operations of the same call on the same semaphore */
		for (size_t j = 0; j < i; j++)
			if (ops[j].sem_num == ops[i].sem_num)
				v += ops[j].sem_op;
		if (ops[i].sem_op == 0 && v != 0)
			return 1;
		if (v + ops[i].sem_op < 0)
			return 1;
		if (v + ops[i].sem_op > SEMVMX)
			return -ERANGE;
	}
	return 0;
}

static long do_semop(int id, struct sembuf *uops, size_t n,
		     const struct timespec *uts)
{
	struct sembuf ops[32], *o = ops;
	struct timespec ts;
	__nsec deadline = 0;
	struct semset *s;
	bool nowait = false;
	size_t i;
	long rc;

	if (n == 0 || n > SEMOPM)
		return n ? -E2BIG : -EINVAL;
	if (uts) {
		if (uk_copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= (long)UKPLAT_NSEC_PER_SEC)
			return -EINVAL;
		deadline = ukplat_monotonic_clock() +
			   (__nsec)ts.tv_sec * UKPLAT_NSEC_PER_SEC +
			   (__nsec)ts.tv_nsec;
		if (!deadline)
			deadline = 1;
	}
	if (n > UK_ARRAY_SIZE(ops)) {
		o = uk_malloc(A(), n * sizeof(*o));
		if (!o)
			return -ENOMEM;
	}
	if (uk_copy_from_user(o, uops, n * sizeof(*o))) {
		rc = -EFAULT;
		goto free;
	}
	for (i = 0; i < n; i++)
		nowait |= !!(o[i].sem_flg & IPC_NOWAIT);
	uk_mutex_lock(&lock);
	for (;;) {
		s = (struct semset *)lookup(sems, sizeof(sems[0]), id);
		if (!s) {
			rc = -EINVAL;
			break;
		}
		rc = sem_try(s, o, n);
		if (rc <= 0)
			break;
		if (nowait) {
			rc = -EAGAIN;
			break;
		}
		rc = wait_on(&s->o, deadline);
		if (rc < 0)
			break;
	}
	if (rc == 0) {
		for (i = 0; i < n; i++)
			s->val[o[i].sem_num] += o[i].sem_op;
		s->otime = now();
		uk_condvar_broadcast(&s->o.cv);
	}
	uk_mutex_unlock(&lock);
free:
	if (o != ops)
		uk_free(A(), o);
	return rc;
}

#ifdef SYS_semop
UK_SYSCALL_DEFINE3(semop, int, id, struct sembuf *, ops, size_t, n)
{
	return do_semop(id, ops, n, NULL);
}
#endif

UK_SYSCALL_DEFINE4(semtimedop, int, id, struct sembuf *, ops, size_t, n,
		   const struct timespec *, ts)
{
	return do_semop(id, ops, n, ts);
}

/* Waiters that semctl's GETNCNT/GETZCNT count: not tracked per
 * semaphore; every waiter of the set is reported for both. */
UK_SYSCALL_DEFINE4(semctl, int, id, int, num, int, cmd, unsigned long, arg)
{
	struct semid_ds ds;
	struct semset *s;
	unsigned short *vals = NULL;
	long rc = 0;
	int i;

	cmd &= ~IPC_64_FLAG;
	uk_mutex_lock(&lock);
	s = (struct semset *)lookup(sems, sizeof(sems[0]), id);
	if (!s) {
		uk_mutex_unlock(&lock);
		return -EINVAL;
	}
	switch (cmd) {
	case IPC_STAT:
		memset(&ds, 0, sizeof(ds));
		ds.sem_perm = s->o.perm;
		ds.sem_otime = s->otime;
		ds.sem_ctime = s->o.ctime;
		ds.sem_nsems = (unsigned short)s->nsems;
		uk_mutex_unlock(&lock);
		return uk_copy_to_user((void *)arg, &ds, sizeof(ds));
	case IPC_SET:
		uk_mutex_unlock(&lock);
		if (uk_copy_from_user(&ds, (void *)arg, sizeof(ds)))
			return -EFAULT;
		uk_mutex_lock(&lock);
		s = (struct semset *)lookup(sems, sizeof(sems[0]), id);
		rc = s ? perm_set(&s->o, &ds.sem_perm) : -EINVAL;
		break;
	case IPC_RMID:
		uk_free(A(), s->val);
		s->val = NULL;
		remove_obj(&s->o);
		break;
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
		if (num < 0 || num >= s->nsems) {
			rc = -EINVAL;
			break;
		}
		rc = cmd == GETVAL ? s->val[num] : cmd == GETPID ?
		     (s->otime ? PID : 0) : (long)s->o.waiters;
		break;
	case SETVAL:
		if (num < 0 || num >= s->nsems ||
		    (int)arg < 0 || (int)arg > SEMVMX) {
			rc = num < 0 || num >= s->nsems ? -EINVAL : -ERANGE;
			break;
		}
		s->val[num] = (unsigned short)(int)arg;
		s->o.ctime = now();
		uk_condvar_broadcast(&s->o.cv);
		break;
	case GETALL:
		rc = uk_copy_to_user((void *)arg, s->val,
				     (size_t)s->nsems * sizeof(*s->val));
		break;
	case SETALL:
		vals = uk_malloc(A(), (size_t)s->nsems * sizeof(*vals));
		if (!vals) {
			rc = -ENOMEM;
			break;
		}
		rc = uk_copy_from_user(vals, (void *)arg,
				       (size_t)s->nsems * sizeof(*vals));
		for (i = 0; !rc && i < s->nsems; i++)
			if (vals[i] > SEMVMX)
				rc = -ERANGE;
		if (!rc) {
			memcpy(s->val, vals, (size_t)s->nsems * sizeof(*vals));
			s->o.ctime = now();
			uk_condvar_broadcast(&s->o.cv);
		}
		uk_free(A(), vals);
		break;
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&lock);
	return rc;
}

/* Shared memory -------------------------------------------------------- */

UK_SYSCALL_DEFINE3(shmget, key_t, key, size_t, size, int, flg)
{
	struct ipc_obj *o;
	struct shmseg *g;
	bool created;
	int err = 0;

	uk_mutex_lock(&lock);
	o = get(shms, sizeof(shms[0]), key, flg, &created, &err);
	g = (struct shmseg *)o;
	if (o && created) {
		if (size < SHMMIN || size > SHMMAX) {
			o->used = false;
			err = -EINVAL;
			o = NULL;
		} else {
			g->npages = UK_ALIGN_UP(size, PAGE) / PAGE;
			g->mem = uk_palloc(A(), g->npages);
			if (!g->mem) {
				o->used = false;
				err = -ENOMEM;
				o = NULL;
			} else {
				memset(g->mem, 0, g->npages * PAGE);
				g->size = size;
				g->nattch = 0;
				g->atime = g->dtime = 0;
			}
		}
	} else if (o && size > g->size) {
		err = -EINVAL;
		o = NULL;
	}
	err = o ? id_of(shms, sizeof(shms[0]), o) : err;
	uk_mutex_unlock(&lock);
	return err;
}

static void shm_free(struct shmseg *g)
{
	uk_pfree(A(), g->mem, g->npages);
	g->mem = NULL;
}

UK_SYSCALL_DEFINE3(shmat, int, id, const void *, addr, int, flg)
{
	struct shmseg *g;
	long rc;

	uk_mutex_lock(&lock);
	g = (struct shmseg *)lookup(shms, sizeof(shms[0]), id);
	if (!g) {
		rc = -EINVAL;
	} else if (addr && addr != g->mem) {
		rc = -EINVAL;	/* one address space: only its own address */
	} else {
		g->nattch++;
		g->o.waiters++;		/* keeps the slot while attached */
		g->atime = now();
		rc = (long)g->mem;
	}
	uk_mutex_unlock(&lock);
	return rc;
}

UK_SYSCALL_DEFINE1(shmdt, const void *, addr)
{
	struct shmseg *g;
	long rc = -EINVAL;
	int i;

	uk_mutex_lock(&lock);
	for (i = 0; i < MAX_IDS; i++) {
		g = &shms[i];
		if (g->mem != addr || !g->nattch)
			continue;
		g->nattch--;
		g->o.waiters--;
		g->dtime = now();
		/* removed and no longer attached: the memory goes */
		if (!g->nattch && g->o.removed)
			shm_free(g);
		rc = 0;
		break;
	}
	uk_mutex_unlock(&lock);
	return rc;
}

UK_SYSCALL_DEFINE3(shmctl, int, id, int, cmd, struct shmid_ds *, ubuf)
{
	struct shmid_ds ds;
	struct shmseg *g;
	long rc = 0;

	cmd &= ~IPC_64_FLAG;
	if (cmd == IPC_SET && uk_copy_from_user(&ds, ubuf, sizeof(ds)))
		return -EFAULT;
	uk_mutex_lock(&lock);
	g = (struct shmseg *)lookup(shms, sizeof(shms[0]), id);
	if (!g) {
		uk_mutex_unlock(&lock);
		return -EINVAL;
	}
	switch (cmd) {
	case IPC_STAT:
		memset(&ds, 0, sizeof(ds));
		ds.shm_perm = g->o.perm;
		ds.shm_segsz = g->size;
		ds.shm_atime = g->atime;
		ds.shm_dtime = g->dtime;
		ds.shm_ctime = g->o.ctime;
		ds.shm_cpid = PID;
		ds.shm_lpid = g->atime || g->dtime ? PID : 0;
		ds.shm_nattch = g->nattch;
		uk_mutex_unlock(&lock);
		return uk_copy_to_user(ubuf, &ds, sizeof(ds));
	case IPC_SET:
		perm_set(&g->o, &ds.shm_perm);
		break;
	case IPC_RMID:
		/* the key goes at once, the memory with the last detach */
		remove_obj(&g->o);
		g->o.perm.mode |= SHM_DEST;
		if (!g->nattch)
			shm_free(g);
		break;
	case SHM_LOCK:
	case SHM_UNLOCK:
		break;		/* never swapped: nothing to do */
	default:
		rc = -EINVAL;
	}
	uk_mutex_unlock(&lock);
	return rc;
}
