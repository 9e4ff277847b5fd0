/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Thread cancellation: deferred, at cancellation points, including
 * threads blocked in pthread_cond_wait, sem_wait, nanosleep, read (of a
 * pipe and of the console) and msgrcv; asynchronous; disabled then enabled; cleanup handlers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>
#include <unistd.h>
#include <sys/msg.h>
#include <uk/test.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static sem_t started, never;
static int pipefd[2], qid;
static volatile int cleaned;

static void unlock_cleanup(void *arg)
{
	cleaned = 1;
	pthread_mutex_unlock(arg);
}

static void *cond_waiter(void *arg)
{
	pthread_mutex_lock(&m);
	pthread_cleanup_push(unlock_cleanup, &m);
	sem_post(&started);
	for (;;)
		pthread_cond_wait(&c, &m);
	pthread_cleanup_pop(1);
	return NULL;
}

static void *sem_waiter(void *arg)
{
	sem_post(&started);
	sem_wait(&never);
	return (void *)1;
}

static void *sleeper(void *arg)
{
	struct timespec t = { 3600, 0 };

	sem_post(&started);
	nanosleep(&t, NULL);
	return (void *)1;
}

static void *reader(void *arg)
{
	char b;

	sem_post(&started);
	read(pipefd[0], &b, 1);
	return (void *)1;
}

static void *msg_reader(void *arg)
{
	struct { long type; char t[8]; } msg;

	sem_post(&started);
	msgrcv(qid, &msg, sizeof(msg.t), 0, 0);
	return (void *)1;
}

/* Start @fn, let it block, cancel it: it must end as PTHREAD_CANCELED. */
static void *cancel_blocked(void *(*fn)(void *))
{
	struct timespec t = { 0, 20 * 1000 * 1000 };
	pthread_t th;
	void *r = NULL;

	if (pthread_create(&th, NULL, fn, NULL))
		return (void *)2;
	sem_wait(&started);
	nanosleep(&t, NULL);	/* let it reach its blocking call */
	if (pthread_cancel(th))
		return (void *)3;
	pthread_join(th, &r);
	return r;
}

UK_TESTCASE(posix_cancel, blocked_calls_are_cancelled)
{
	sem_init(&started, 0, 0);
	sem_init(&never, 0, 0);
	cleaned = 0;
	UK_TEST_EXPECT(cancel_blocked(cond_waiter) == PTHREAD_CANCELED);
	/* the cleanup ran with the mutex taken again, and released it */
	UK_TEST_EXPECT_SNUM_EQ(cleaned, 1);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_trylock(&m), 0);
	pthread_mutex_unlock(&m);
	UK_TEST_EXPECT(cancel_blocked(sem_waiter) == PTHREAD_CANCELED);
	UK_TEST_EXPECT(cancel_blocked(sleeper) == PTHREAD_CANCELED);
	UK_TEST_EXPECT_SNUM_EQ(pipe(pipefd), 0);
	UK_TEST_EXPECT(cancel_blocked(reader) == PTHREAD_CANCELED);
	close(pipefd[0]);
	close(pipefd[1]);
	qid = msgget(IPC_PRIVATE, 0600);
	UK_TEST_EXPECT(qid >= 0);
	UK_TEST_EXPECT(cancel_blocked(msg_reader) == PTHREAD_CANCELED);
	msgctl(qid, IPC_RMID, NULL);
	/* the console (no input is typed in the test boots) */
	pipefd[0] = open("/dev/console", O_RDONLY);
	UK_TEST_EXPECT(pipefd[0] >= 0);
	UK_TEST_EXPECT(cancel_blocked(reader) == PTHREAD_CANCELED);
	close(pipefd[0]);
}

static void *disabled_then_enabled(void *arg)
{
	int old;
	struct timespec t = { 0, 1000 * 1000 };

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
	sem_post(&started);
	sem_wait(&never);	/* posted by the test: not cancelled here */
	nanosleep(&t, NULL);
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
	pthread_testcancel();
	return (void *)1;
}

static volatile int spinning;

static void *async_spinner(void *arg)
{
	int old;

	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
	sem_post(&started);
	for (;;) {
		spinning++;
		sched_yield();	/* not a cancellation point */
	}
	return (void *)1;
}

UK_TESTCASE(posix_cancel, deferred_disabled_and_asynchronous)
{
	pthread_t th;
	void *r = NULL;

	sem_init(&started, 0, 0);
	sem_init(&never, 0, 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, disabled_then_enabled,
					      NULL), 0);
	sem_wait(&started);
	UK_TEST_EXPECT_SNUM_EQ(pthread_cancel(th), 0);
	sem_post(&never);
	pthread_join(th, &r);
	UK_TEST_EXPECT(r == PTHREAD_CANCELED);

	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, async_spinner, NULL), 0);
	sem_wait(&started);
	UK_TEST_EXPECT_SNUM_EQ(pthread_cancel(th), 0);
	pthread_join(th, &r);
	UK_TEST_EXPECT(r == PTHREAD_CANCELED);
	UK_TEST_EXPECT(spinning > 0);
}
