/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Priority-inheritance mutexes (FUTEX_LOCK_PI/UNLOCK_PI) and robust
 * mutexes: an owner that ends leaves EOWNERDEAD to the next locker.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <time.h>
#include <uk/test.h>

static pthread_mutex_t pm;
static long counter;

static void *add_many(void *arg)
{
	struct timespec t = { 0, 100 * 1000 };
	int i;

	for (i = 0; i < 200; i++) {
		pthread_mutex_lock(&pm);
		counter++;
		if (i % 50 == 0)
			nanosleep(&t, NULL);	/* others must wait on it */
		counter++;
		pthread_mutex_unlock(&pm);
	}
	return NULL;
}

static void *hold_a_while(void *arg)
{
	struct timespec t = { 0, 30 * 1000 * 1000 };

	pthread_mutex_lock(&pm);
	nanosleep(&t, NULL);
	pthread_mutex_unlock(&pm);
	return NULL;
}

UK_TESTCASE(posix_pi, priority_inheritance_mutex)
{
	pthread_mutexattr_t a;
	struct timespec t = { 0, 5 * 1000 * 1000 };
	pthread_t th[3];
	int i, proto = -1;

	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_init(&a), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_setprotocol(&a,
					PTHREAD_PRIO_INHERIT), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_getprotocol(&a, &proto), 0);
	UK_TEST_EXPECT_SNUM_EQ(proto, PTHREAD_PRIO_INHERIT);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_settype(&a,
					PTHREAD_MUTEX_ERRORCHECK), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_init(&pm, &a), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&pm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&pm), EDEADLK);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&pm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&pm), EPERM);
	/* contention: every increment pair stays whole */
	counter = 0;
	for (i = 0; i < 3; i++)
		UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th[i], NULL, add_many,
						      NULL), 0);
	for (i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	UK_TEST_EXPECT_SNUM_EQ(counter, 3 * 400);
	/* held by another thread: trylock says EBUSY, lock waits for it */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th[0], NULL, hold_a_while,
					      NULL), 0);
	nanosleep(&t, NULL);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_trylock(&pm), EBUSY);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&pm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&pm), 0);
	pthread_join(th[0], NULL);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_destroy(&pm), 0);
}

static pthread_mutex_t rm;

static void *lock_and_end(void *arg)
{
	pthread_mutex_lock(&rm);
	return NULL;		/* ends holding it */
}

static void robust_owner_dies(UK_TEST_CTX_PARAM, int protocol)
{
	pthread_mutexattr_t a;
	pthread_t th;

	pthread_mutexattr_init(&a);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_setrobust(&a,
					PTHREAD_MUTEX_ROBUST), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutexattr_setprotocol(&a, protocol), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_init(&rm, &a), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, lock_and_end, NULL), 0);
	pthread_join(th, NULL);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&rm), EOWNERDEAD);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_consistent(&rm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&rm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&rm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&rm), 0);
	/* not made consistent: unusable afterwards */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&th, NULL, lock_and_end, NULL), 0);
	pthread_join(th, NULL);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&rm), EOWNERDEAD);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_unlock(&rm), 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_mutex_lock(&rm), ENOTRECOVERABLE);
}

UK_TESTCASE(posix_pi, robust_mutex_owner_dies)
{
	robust_owner_dies(UK_TEST_CTX, PTHREAD_PRIO_NONE);
}

UK_TESTCASE(posix_pi, robust_pi_mutex_owner_dies)
{
	robust_owner_dies(UK_TEST_CTX, PTHREAD_PRIO_INHERIT);
}
