/* SPDX-License-Identifier: BSD-3-Clause */
#define _GNU_SOURCE
/*
 * pthreads over uksched: many threads, join values, detach, mutexes,
 * condition variables, keys, thread-local variables, once, barriers.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <uk/test.h>
#include <uk/thread.h>

#define NTHREADS	32
#define ROUNDS		500

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static long shared_counter;
static __thread int tls_value = 7;
static __thread char tls_buf[64];

static void *worker(void *arg)
{
	long id = (long)(intptr_t)arg;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&mtx);
		long v = shared_counter;

		if (i % 7 == 0)
			sched_yield();	/* switch inside the critical section */
		shared_counter = v + 1;
		pthread_mutex_unlock(&mtx);
	}
	tls_value += (int)id;		/* each thread has its own copy */
	snprintf(tls_buf, sizeof(tls_buf), "thread %ld", id);
	if (tls_value != 7 + id || strcmp(tls_buf, "thread") < 0)
		return (void *)-1L;
	return (void *)(id * 3);
}

UK_TESTCASE(posix_threads, many_threads_mutex_tls_join)
{
	pthread_t t[NTHREADS];
	long i;
	void *ret;

	shared_counter = 0;
	for (i = 0; i < NTHREADS; i++)
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t[i], NULL, worker,
						      (void *)(intptr_t)i), 0);
	for (i = 0; i < NTHREADS; i++) {
		UK_TEST_EXPECT_SNUM_EQ(pthread_join(t[i], &ret), 0);
		UK_TEST_EXPECT_SNUM_EQ((long)ret, i * 3);
	}
	UK_TEST_EXPECT_SNUM_EQ(shared_counter, NTHREADS * ROUNDS);
	UK_TEST_EXPECT_SNUM_EQ(tls_value, 7);	/* main's copy untouched */
}

static pid_t child_tid;

static void *tid_worker(void *arg)
{
	child_tid = gettid();
	return NULL;
}

UK_TESTCASE(posix_threads, ids)
{
	pthread_t t;

	UK_TEST_EXPECT_SNUM_EQ(getpid(), 1);
	UK_TEST_EXPECT_SNUM_EQ(gettid(), 1);	/* main thread */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, tid_worker, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(t, NULL), 0);
	UK_TEST_EXPECT(child_tid > 1);
	UK_TEST_EXPECT(pthread_equal(pthread_self(), pthread_self()));
}

static pid_t kthread_tid;

static void *kthread_body(void *arg)
{
	/* the system call gives it a POSIX identity (not gettid(): musl
	 * reads that from its own thread block, which this thread lacks) */
	kthread_tid = syscall(SYS_gettid);
	return NULL;
}

/*
 * A kernel thread that made a system call loses its POSIX identity when
 * it ends, so a pthread whose thread structure reuses its memory is not
 * taken for it (it was: its exit then ended the whole program).
 */
UK_TESTCASE(posix_threads, kernel_thread_identity_ends_with_it)
{
	struct uk_thread *kt;
	pthread_t t;
	int i;

	for (i = 0; i < 4; i++) {
		kthread_tid = 0;
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_create(&kt, "kthread",
							kthread_body, NULL, 0),
				       0);
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(kt, NULL), 0);
		UK_TEST_EXPECT_SNUM_GT(kthread_tid, 1);
		errno = 0;
		UK_TEST_EXPECT_SNUM_EQ(syscall(SYS_tgkill, getpid(),
					       kthread_tid, 0), -1);
		UK_TEST_EXPECT_SNUM_EQ(errno, ESRCH);
		child_tid = 0;
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, tid_worker,
						      NULL), 0);
		UK_TEST_EXPECT_SNUM_EQ(pthread_join(t, NULL), 0);
		UK_TEST_EXPECT_SNUM_NQ(child_tid, kthread_tid);
	}
}

/* A bounded queue with two condition variables. */
#define QSIZE	4
#define ITEMS	300
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static int queue[QSIZE], qhead, qcount;

static void *producer(void *arg)
{
	int i;

	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (qcount == QSIZE)
			pthread_cond_wait(&not_full, &qlock);
		queue[(qhead + qcount++) % QSIZE] = i;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&qlock);
	}
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;
	int i;

	for (i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&qlock);
		while (qcount == 0)
			pthread_cond_wait(&not_empty, &qlock);
		sum += queue[qhead];
		qhead = (qhead + 1) % QSIZE;
		qcount--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&qlock);
	}
	return (void *)sum;
}

UK_TESTCASE(posix_threads, condvar_queue)
{
	pthread_t p, c;
	void *sum;

	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&c, NULL, consumer, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&p, NULL, producer, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(p, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(c, &sum), 0);
	UK_TEST_EXPECT_SNUM_EQ((long)sum, (long)ITEMS * (ITEMS + 1) / 2);
}

UK_TESTCASE(posix_threads, condvar_timedwait_times_out)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec ts, after;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20 * 1000 * 1000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&m);
	UK_TEST_EXPECT_SNUM_EQ(pthread_cond_timedwait(&c, &m, &ts), ETIMEDOUT);
	pthread_mutex_unlock(&m);
	clock_gettime(CLOCK_REALTIME, &after);
	UK_TEST_EXPECT(after.tv_sec > ts.tv_sec ||
		       (after.tv_sec == ts.tv_sec &&
			after.tv_nsec >= ts.tv_nsec));
}

static pthread_key_t key;
static int destructor_runs;

static void key_dtor(void *v)
{
	if (v == (void *)0x1234)
		destructor_runs++;
}

static void *key_worker(void *arg)
{
	if (pthread_getspecific(key) != NULL)
		return (void *)1;
	pthread_setspecific(key, (void *)0x1234);
	return pthread_getspecific(key) == (void *)0x1234 ? NULL : (void *)2;
}

UK_TESTCASE(posix_threads, keys_and_destructors)
{
	pthread_t t[4];
	void *r;
	int i;

	destructor_runs = 0;
	UK_TEST_EXPECT_SNUM_EQ(pthread_key_create(&key, key_dtor), 0);
	pthread_setspecific(key, (void *)0x99);
	for (i = 0; i < 4; i++)
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t[i], NULL, key_worker,
						      NULL), 0);
	for (i = 0; i < 4; i++) {
		UK_TEST_EXPECT_SNUM_EQ(pthread_join(t[i], &r), 0);
		UK_TEST_EXPECT(r == NULL);
	}
	UK_TEST_EXPECT_SNUM_EQ(destructor_runs, 4);
	UK_TEST_EXPECT(pthread_getspecific(key) == (void *)0x99);
	UK_TEST_EXPECT_SNUM_EQ(pthread_key_delete(key), 0);
}

static volatile int detached_done;

static void *detached_worker(void *arg)
{
	sched_yield();
	detached_done++;
	return NULL;
}

UK_TESTCASE(posix_threads, detached_threads_finish)
{
	pthread_attr_t a;
	pthread_t t;
	int i;

	detached_done = 0;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < 8; i++)
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, &a, detached_worker,
						      NULL), 0);
	for (i = 0; i < 1000 && detached_done < 8; i++)
		usleep(1000);
	UK_TEST_EXPECT_SNUM_EQ(detached_done, 8);
	/* their stacks were unmapped: creating more still works */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, detached_worker,
					      NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(t, NULL), 0);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;

static void once_fn(void)
{
	once_runs++;
}

static pthread_barrier_t barrier;

static void *barrier_worker(void *arg)
{
	pthread_once(&once, once_fn);
	return (void *)(intptr_t)pthread_barrier_wait(&barrier);
}

UK_TESTCASE(posix_threads, once_and_barrier)
{
	pthread_t t[6];
	int i, serial = 0;
	void *r;

	UK_TEST_EXPECT_SNUM_EQ(pthread_barrier_init(&barrier, NULL, 6), 0);
	for (i = 0; i < 6; i++)
		pthread_create(&t[i], NULL, barrier_worker, NULL);
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], &r);
		if ((intptr_t)r == PTHREAD_BARRIER_SERIAL_THREAD)
			serial++;
	}
	UK_TEST_EXPECT_SNUM_EQ(serial, 1);
	UK_TEST_EXPECT_SNUM_EQ(once_runs, 1);
	pthread_barrier_destroy(&barrier);
}

static void *big_stack_worker(void *arg)
{
	volatile char buf[200 * 1024];

	memset((char *)buf, 0x5a, sizeof(buf));
	return (void *)(intptr_t)buf[sizeof(buf) - 1];
}

UK_TESTCASE(posix_threads, requested_stack_size)
{
	pthread_attr_t a;
	pthread_t t;
	void *r;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 512 * 1024);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, &a, big_stack_worker, NULL),
			       0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_join(t, &r), 0);
	UK_TEST_EXPECT_SNUM_EQ((intptr_t)r, 0x5a);
}
