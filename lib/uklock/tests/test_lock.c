/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Locks under contention (many threads, switches inside the critical
 * sections: a broken lock loses updates), their error cases, and
 * timeouts.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/test.h>
#include <uk/sched.h>
#include <uk/spinlock.h>
#include <uk/mutex.h>
#include <uk/semaphore.h>
#include <uk/condvar.h>
#include <uk/wait.h>
#include <uk/plat/lcpu.h>
#include <uk/plat/time.h>

#define MSEC		UKPLAT_NSEC_PER_MSEC
/* a timeout ends within this after its time (see uk_test_latency) */
#define TOLERANCE	uk_test_latency(5 * MSEC)
#define STRESS_THREADS	16
#define STRESS_ROUNDS	1000
#define QUEUE_ITEMS	200

static volatile unsigned long counter;

/* Read, let others run, write back: loses updates without the lock. */
static void slow_increment(void)
{
	unsigned long v = counter;

	uk_sched_yield();
	counter = v + 1;
}

static int run_threads(uk_thread_fn_t fn, void *arg, int n)
{
	struct uk_thread *t[STRESS_THREADS];
	int i, failed = 0;

	for (i = 0; i < n; i++)
		if (uk_thread_create(&t[i], "stress", fn, arg, 0) < 0)
			return -1;
	for (i = 0; i < n; i++)
		failed += uk_thread_join(t[i], NULL) != 0;
	return failed;
}

/* Mutex ----------------------------------------------------------------- */

static struct uk_mutex stress_mutex;

static void *mutex_stress(void *arg)
{
	int i;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		uk_mutex_lock(&stress_mutex);
		slow_increment();
		uk_mutex_unlock(&stress_mutex);
	}
	return NULL;
}

UK_TESTCASE(uklock_mutex, no_lost_update_under_contention)
{
	counter = 0;
	uk_mutex_init(&stress_mutex);
	UK_TEST_EXPECT_SNUM_EQ(run_threads(mutex_stress, NULL,
					   STRESS_THREADS), 0);
	UK_TEST_EXPECT_UNUM_EQ(counter, STRESS_THREADS * STRESS_ROUNDS);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&stress_mutex));
}

static void *try_and_unlock(void *arg)
{
	struct uk_mutex *m = arg;
	long rc = uk_mutex_trylock(m);

	/* not the owner: unlocking must be refused */
	if (rc == -EBUSY && uk_mutex_unlock(m) != -EPERM)
		rc = -1;
	return (void *)rc;
}

UK_TESTCASE(uklock_mutex, ownership_rules)
{
	struct uk_mutex m;
	struct uk_thread *t;
	void *rc;

	uk_mutex_init(&m);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), -EPERM);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_trylock(&m), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&m), -EDEADLK);
	UK_TEST_ASSERT(uk_thread_create(&t, "try", try_and_unlock, &m,
					0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &rc), 0);
	UK_TEST_EXPECT_SNUM_EQ((long)rc, -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), 0);
	UK_TEST_EXPECT(!uk_mutex_is_locked(&m));
}

UK_TESTCASE(uklock_mutex, recursive_mutex_counts_depth)
{
	struct uk_mutex m;
	struct uk_thread *t;
	void *rc;

	uk_mutex_init_flags(&m, UK_MUTEX_RECURSIVE);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&m), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock(&m), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), 0);
	/* still held once */
	UK_TEST_ASSERT(uk_thread_create(&t, "try", try_and_unlock, &m,
					0) == 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, &rc), 0);
	UK_TEST_EXPECT_SNUM_EQ((long)rc, -EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), -EPERM);
}

static void *hold_mutex(void *arg)
{
	struct uk_mutex *m = arg;

	uk_mutex_lock(m);
	uk_thread_sleep(100 * MSEC);
	uk_mutex_unlock(m);
	return NULL;
}

UK_TESTCASE(uklock_mutex, lock_timeout_expires)
{
	struct uk_mutex m;
	struct uk_thread *t;
	__nsec t0, dt;

	uk_mutex_init(&m);
	UK_TEST_ASSERT(uk_thread_create(&t, "holder", hold_mutex, &m,
					0) == 0);
	while (!uk_mutex_is_locked(&m))
		uk_sched_yield();
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock_timeout(&m, 10 * MSEC),
			       -ETIMEDOUT);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 10 * MSEC);
	UK_TEST_EXPECT_UNUM_LE(dt, 10 * MSEC + TOLERANCE);
	/* once the holder lets go, a long timeout succeeds */
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_lock_timeout(&m, 1000 * MSEC), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

/* Semaphore ------------------------------------------------------------- */

static struct uk_semaphore stress_sem;

static void *sem_stress(void *arg)
{
	int i;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		uk_semaphore_down(&stress_sem);
		slow_increment();
		uk_semaphore_up(&stress_sem);
	}
	return NULL;
}

UK_TESTCASE(uklock_semaphore, binary_semaphore_no_lost_update)
{
	counter = 0;
	uk_semaphore_init(&stress_sem, 1);
	UK_TEST_EXPECT_SNUM_EQ(run_threads(sem_stress, NULL, STRESS_THREADS),
			       0);
	UK_TEST_EXPECT_UNUM_EQ(counter, STRESS_THREADS * STRESS_ROUNDS);
	UK_TEST_EXPECT_SNUM_EQ(stress_sem.count, 1);
}

static struct uk_semaphore items;
static unsigned long consumed;

static void *consumer(void *arg)
{
	int i;

	for (i = 0; i < QUEUE_ITEMS; i++) {
		uk_semaphore_down(&items);
		consumed++;
	}
	return NULL;
}

UK_TESTCASE(uklock_semaphore, counts_units)
{
	struct uk_thread *t;
	int i;

	consumed = 0;
	uk_semaphore_init(&items, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_try(&items), -EAGAIN);
	UK_TEST_ASSERT(uk_thread_create(&t, "consumer", consumer, NULL,
					0) == 0);
	for (i = 0; i < QUEUE_ITEMS; i++) {
		uk_semaphore_up(&items);
		if (i % 7 == 0)
			uk_sched_yield();
	}
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
	UK_TEST_EXPECT_UNUM_EQ(consumed, QUEUE_ITEMS);
	UK_TEST_EXPECT_SNUM_EQ(items.count, 0);
	uk_semaphore_up(&items);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_try(&items), 0);
}

UK_TESTCASE(uklock_semaphore, down_timeout_expires)
{
	struct uk_semaphore s;
	__nsec t0 = ukplat_monotonic_clock(), dt;

	uk_semaphore_init(&s, 0);
	UK_TEST_EXPECT_SNUM_EQ(uk_semaphore_down_timeout(&s, 20 * MSEC),
			       -ETIMEDOUT);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 20 * MSEC);
	UK_TEST_EXPECT_UNUM_LE(dt, 20 * MSEC + TOLERANCE);
	UK_TEST_EXPECT(uk_waitq_empty(&s.wq));
}

/* Condition variable ---------------------------------------------------- */

static struct uk_mutex cv_lock;
static struct uk_condvar cv_nonempty;
static unsigned int cv_queued, cv_taken;

static void *cv_consumer(void *arg)
{
	unsigned int i;

	for (i = 0; i < QUEUE_ITEMS; i++) {
		uk_mutex_lock(&cv_lock);
		while (!cv_queued)
			uk_condvar_wait(&cv_nonempty, &cv_lock);
		cv_queued--;
		cv_taken++;
		uk_mutex_unlock(&cv_lock);
	}
	return NULL;
}

UK_TESTCASE(uklock_condvar, producer_consumer)
{
	struct uk_thread *t[2];
	unsigned int i;

	uk_mutex_init(&cv_lock);
	uk_condvar_init(&cv_nonempty);
	cv_queued = cv_taken = 0;
	for (i = 0; i < 2; i++)
		UK_TEST_ASSERT(uk_thread_create(&t[i], "cv-consumer",
						cv_consumer, NULL, 0) == 0);
	for (i = 0; i < 2 * QUEUE_ITEMS; i++) {
		uk_mutex_lock(&cv_lock);
		cv_queued++;
		uk_condvar_signal(&cv_nonempty);
		uk_mutex_unlock(&cv_lock);
		if (i % 3 == 0)
			uk_sched_yield();
	}
	for (i = 0; i < 2; i++)
		UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t[i], NULL), 0);
	UK_TEST_EXPECT_UNUM_EQ(cv_taken, 2 * QUEUE_ITEMS);
	UK_TEST_EXPECT_UNUM_EQ(cv_queued, 0);
}

UK_TESTCASE(uklock_condvar, wait_timeout_expires_and_relocks)
{
	struct uk_mutex m;
	struct uk_condvar c;
	__nsec t0, dt;

	uk_mutex_init(&m);
	uk_condvar_init(&c);
	UK_TEST_EXPECT_SNUM_EQ(uk_condvar_wait(&c, &m), -EPERM);
	uk_mutex_lock(&m);
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(uk_condvar_wait_timeout(&c, &m, 20 * MSEC),
			       -ETIMEDOUT);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 20 * MSEC);
	UK_TEST_EXPECT_UNUM_LE(dt, 20 * MSEC + TOLERANCE);
	UK_TEST_EXPECT_PTR_EQ(m.owner, uk_thread_current());
	UK_TEST_EXPECT_SNUM_EQ(uk_mutex_unlock(&m), 0);
}

/* Wait queue ------------------------------------------------------------ */

static struct uk_waitq wq;
static volatile bool wq_ready;

static void *set_ready_later(void *arg)
{
	uk_thread_sleep(5 * MSEC);
	wq_ready = true;
	uk_waitq_wake_all(&wq);
	return NULL;
}

UK_TESTCASE(uklock_waitq, wait_event_times_out)
{
	__nsec t0, dt;

	uk_waitq_init(&wq);
	wq_ready = false;
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(uk_waitq_wait_event_timeout(&wq, wq_ready,
							   30 * MSEC),
			       -ETIMEDOUT);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 30 * MSEC);
	UK_TEST_EXPECT_UNUM_LE(dt, 30 * MSEC + TOLERANCE);
	UK_TEST_EXPECT(uk_waitq_empty(&wq));
}

UK_TESTCASE(uklock_waitq, wake_ends_wait_before_timeout)
{
	struct uk_thread *t;
	__nsec t0, dt;

	uk_waitq_init(&wq);
	wq_ready = false;
	UK_TEST_ASSERT(uk_thread_create(&t, "waker", set_ready_later, NULL,
					0) == 0);
	t0 = ukplat_monotonic_clock();
	UK_TEST_EXPECT_SNUM_EQ(uk_waitq_wait_event_timeout(&wq, wq_ready,
							   1000 * MSEC), 0);
	dt = ukplat_monotonic_clock() - t0;
	UK_TEST_EXPECT_UNUM_GE(dt, 5 * MSEC);
	UK_TEST_EXPECT_UNUM_LT(dt, 5 * MSEC + TOLERANCE);
	UK_TEST_EXPECT_SNUM_EQ(uk_thread_join(t, NULL), 0);
}

/* Spinlock -------------------------------------------------------------- */

static struct uk_spinlock spin = UK_SPINLOCK_INITIALIZER;

static void *spin_stress(void *arg)
{
	int i;

	for (i = 0; i < STRESS_ROUNDS; i++) {
		unsigned long v;

		uk_spin_lock(&spin);
		v = counter;
		/* a window for a preemption: a spinlock must not allow one */
		for (volatile int d = 0; d < 50; d++)
			;
		counter = v + 1;
		uk_spin_unlock(&spin);
		if (i % 100 == 0)
			uk_sched_yield();
	}
	return NULL;
}

UK_TESTCASE(uklock_spinlock, no_lost_update)
{
	counter = 0;
	UK_TEST_EXPECT_SNUM_EQ(run_threads(spin_stress, NULL, STRESS_THREADS),
			       0);
	UK_TEST_EXPECT_UNUM_EQ(counter, STRESS_THREADS * STRESS_ROUNDS);
	UK_TEST_EXPECT(!uk_spin_is_locked(&spin));
	UK_TEST_EXPECT_UNUM_EQ(uk_sched_preempt_count, 0);
}

UK_TESTCASE(uklock_spinlock, trylock_and_irqsave)
{
	struct uk_spinlock l = UK_SPINLOCK_INITIALIZER;
	unsigned long flags;
	int was_off = ukplat_lcpu_irqs_disabled();

	UK_TEST_EXPECT_SNUM_EQ(uk_spin_trylock(&l), 1);
	UK_TEST_EXPECT_SNUM_EQ(uk_spin_trylock(&l), 0);
	uk_spin_unlock(&l);
	flags = uk_spin_lock_irqsave(&l);
	UK_TEST_EXPECT(ukplat_lcpu_irqs_disabled());
	UK_TEST_EXPECT(uk_spin_is_locked(&l));
	uk_spin_unlock_irqrestore(&l, flags);
	UK_TEST_EXPECT_SNUM_EQ(ukplat_lcpu_irqs_disabled(), was_off);
	UK_TEST_EXPECT_UNUM_EQ(uk_sched_preempt_count, 0);
}
