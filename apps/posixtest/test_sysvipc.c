/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * System V IPC between the image's threads: message queues, semaphore
 * sets and shared memory, with keys, IPC_PRIVATE, IPC_EXCL, IPC_RMID,
 * IPC_NOWAIT, blocking and timeouts (checked against Linux's errnos).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <uk/test.h>

struct kmsg {
	long type;
	char text[64];
};

static int qid;

static void *send_later(void *arg)
{
	struct kmsg m = { .type = 7 };
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
	strcpy(m.text, "from a thread");
	return (void *)(long)msgsnd(qid, &m, strlen(m.text) + 1, 0);
}

UK_TESTCASE(posix_sysvipc, message_queues)
{
	struct kmsg m;
	struct msqid_ds ds;
	pthread_t t;
	void *r;
	key_t key = 0x4b415354;
	int id2;

	msgctl(msgget(key, 0), IPC_RMID, NULL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgget(key, 0600), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	qid = msgget(key, IPC_CREAT | IPC_EXCL | 0600);
	UK_TEST_EXPECT(qid >= 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgget(key, IPC_CREAT | IPC_EXCL | 0600), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(msgget(key, 0), qid);
	id2 = msgget(IPC_PRIVATE, 0600);
	UK_TEST_EXPECT(id2 >= 0 && id2 != qid);
	/* types: 0 the first, >0 that type, <0 the lowest up to |type| */
	m.type = 3; strcpy(m.text, "three");
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, &m, 6, 0), 0);
	m.type = 1; strcpy(m.text, "one");
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, &m, 4, 0), 0);
	m.type = 2; strcpy(m.text, "two");
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, &m, 4, 0), 0);
	UK_TEST_EXPECT_SNUM_EQ(msgctl(qid, IPC_STAT, &ds), 0);
	UK_TEST_EXPECT_UNUM_EQ(ds.msg_qnum, 3);
	UK_TEST_EXPECT_UNUM_EQ(ds.msg_perm.mode & 0777, 0600);
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, sizeof(m.text), 2, 0), 4);
	UK_TEST_EXPECT_STR_EQ(m.text, "two");
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, sizeof(m.text), -3, 0), 4);
	UK_TEST_EXPECT_STR_EQ(m.text, "one");
	/* too small a buffer: E2BIG, or cut with MSG_NOERROR */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, 2, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, E2BIG);
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, 2, 0, MSG_NOERROR), 2);
	UK_TEST_EXPECT_SNUM_EQ(m.type, 3);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, sizeof(m.text), 0, IPC_NOWAIT), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOMSG);
	/* a receiver blocks until a thread sends */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, send_later, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, sizeof(m.text), 7, 0), 14);
	UK_TEST_EXPECT_STR_EQ(m.text, "from a thread");
	pthread_join(t, &r);
	UK_TEST_EXPECT(r == NULL);
	/* bad arguments */
	m.type = 0;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, &m, 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, (void *)16, 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFAULT);
	UK_TEST_EXPECT_SNUM_EQ(msgctl(qid, IPC_RMID, NULL), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgsnd(qid, &m, 1, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	UK_TEST_EXPECT_SNUM_EQ(msgctl(id2, IPC_RMID, NULL), 0);
}

static void *rmid_later(void *arg)
{
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
	return (void *)(long)msgctl(qid, IPC_RMID, NULL);
}

UK_TESTCASE(posix_sysvipc, removal_wakes_a_blocked_receiver)
{
	struct kmsg m;
	pthread_t t;

	qid = msgget(IPC_PRIVATE, 0600);
	UK_TEST_EXPECT(qid >= 0);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, rmid_later, NULL), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(msgrcv(qid, &m, sizeof(m.text), 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EIDRM);
	pthread_join(t, NULL);
}

static int semid;

static void *sem_post_later(void *arg)
{
	struct sembuf up = { 0, 2, 0 };
	struct timespec t = { 0, 20 * 1000 * 1000 };

	nanosleep(&t, NULL);
	return (void *)(long)semop(semid, &up, 1);
}

UK_TESTCASE(posix_sysvipc, semaphore_sets)
{
	struct sembuf down = { 0, -1, 0 }, two[2] = { { 0, -1, 0 }, { 1, 1, 0 } };
	struct timespec ts = { 0, 30 * 1000 * 1000 };
	unsigned short vals[2] = { 5, 6 };
	struct semid_ds ds;
	pthread_t t;
	void *r;

	semid = semget(IPC_PRIVATE, 2, 0640);
	UK_TEST_EXPECT(semid >= 0);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, GETVAL), 0);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, IPC_STAT, &ds), 0);
	UK_TEST_EXPECT_UNUM_EQ(ds.sem_nsems, 2);
	UK_TEST_EXPECT_UNUM_EQ(ds.sem_perm.mode & 0777, 0640);
	/* would block: IPC_NOWAIT says EAGAIN, a timeout too */
	down.sem_flg = IPC_NOWAIT;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semop(semid, &down, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	down.sem_flg = 0;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semtimedop(semid, &down, 1, &ts), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	/* blocks until a thread raises it */
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, sem_post_later, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(semop(semid, &down, 1), 0);
	pthread_join(t, &r);
	UK_TEST_EXPECT(r == NULL);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, GETVAL), 1);
	/* several operations apply together or not at all */
	UK_TEST_EXPECT_SNUM_EQ(semop(semid, two, 2), 0);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, GETVAL), 0);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 1, GETVAL), 1);
	two[0].sem_flg = IPC_NOWAIT;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semop(semid, two, 2), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EAGAIN);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 1, GETVAL), 1);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, SETALL, vals), 0);
	vals[0] = vals[1] = 0;
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, GETALL, vals), 0);
	UK_TEST_EXPECT(vals[0] == 5 && vals[1] == 6);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 1, SETVAL, 9), 0);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 1, GETVAL), 9);
	down.sem_num = 2;
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semop(semid, &down, 1), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EFBIG);
	/* more semaphores than the set has */
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semget(0x4b415355, 0, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, IPC_RMID), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(semctl(semid, 0, GETVAL), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}

UK_TESTCASE(posix_sysvipc, shared_memory)
{
	struct shmid_ds ds;
	key_t key = 0x4b415356;
	char *a, *b;
	int id;

	id = shmget(key, 10000, IPC_CREAT | IPC_EXCL | 0600);
	UK_TEST_EXPECT(id >= 0);
	UK_TEST_EXPECT_SNUM_EQ(shmget(key, 5000, 0), id);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shmget(key, 20000, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	a = shmat(id, NULL, 0);
	UK_TEST_EXPECT(a != (void *)-1);
	UK_TEST_EXPECT(a[0] == 0 && a[9999] == 0);
	b = shmat(id, NULL, SHM_RDONLY);
	UK_TEST_EXPECT(b == a);
	strcpy(a, "shared");
	UK_TEST_EXPECT_STR_EQ(b, "shared");
	UK_TEST_EXPECT_SNUM_EQ(shmctl(id, IPC_STAT, &ds), 0);
	UK_TEST_EXPECT_UNUM_EQ(ds.shm_segsz, 10000);
	UK_TEST_EXPECT_UNUM_EQ(ds.shm_nattch, 2);
	/* removed: the key is free at once, the memory stays attached */
	UK_TEST_EXPECT_SNUM_EQ(shmctl(id, IPC_RMID, NULL), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shmget(key, 10000, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
	UK_TEST_EXPECT_STR_EQ(a, "shared");
	UK_TEST_EXPECT_SNUM_EQ(shmdt(b), 0);
	UK_TEST_EXPECT_SNUM_EQ(shmdt(a), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shmdt(a), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
	errno = 0;
	UK_TEST_EXPECT(shmat(id, NULL, 0) == (void *)-1);
	UK_TEST_EXPECT_SNUM_EQ(errno, EINVAL);
}
