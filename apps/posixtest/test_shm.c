/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX shared memory and named semaphores on /dev/shm (a ramfs mounted
 * by default), and MAP_SHARED file mappings shared between threads.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <uk/test.h>

#define PAGE 4096

UK_TESTCASE(posix_shm, dev_shm_is_a_writable_directory)
{
	struct stat st;
	int fd;

	UK_TEST_EXPECT_SNUM_EQ(stat("/dev/shm", &st), 0);
	UK_TEST_EXPECT(S_ISDIR(st.st_mode));
	fd = open("/dev/shm/plain", O_CREAT | O_RDWR, 0600);
	UK_TEST_EXPECT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(write(fd, "abc", 3), 3);
	close(fd);
	UK_TEST_EXPECT_SNUM_EQ(unlink("/dev/shm/plain"), 0);
}

struct writer {
	char *p;
	sem_t *done;
};

static void *write_shared(void *arg)
{
	struct writer *w = arg;

	strcpy(w->p + PAGE, "written by a thread");
	sem_post(w->done);
	return NULL;
}

UK_TESTCASE(posix_shm, shm_open_mmap_shared_between_threads)
{
	struct writer w;
	sem_t done;
	pthread_t t;
	char *a, *b, buf[32];
	int fd, fd2;

	shm_unlink("/kast-test-shm");
	fd = shm_open("/kast-test-shm", O_CREAT | O_EXCL | O_RDWR, 0600);
	UK_TEST_EXPECT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(ftruncate(fd, 2 * PAGE), 0);
	a = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	UK_TEST_EXPECT(a != MAP_FAILED);
	/* a second open and mapping of the same object: the same memory */
	fd2 = shm_open("/kast-test-shm", O_RDWR, 0);
	UK_TEST_EXPECT(fd2 >= 0);
	b = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
	UK_TEST_EXPECT(b != MAP_FAILED);
	strcpy(a, "hello through a");
	UK_TEST_EXPECT_STR_EQ(b, "hello through a");
	/* another thread writes, this one sees it */
	sem_init(&done, 0, 0);
	w.p = b;
	w.done = &done;
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, write_shared, &w), 0);
	sem_wait(&done);
	pthread_join(t, NULL);
	UK_TEST_EXPECT_STR_EQ(a + PAGE, "written by a thread");
	/* the descriptors may go: the mapping stays */
	close(fd2);
	close(fd);
	UK_TEST_EXPECT_STR_EQ(a, "hello through a");
	UK_TEST_EXPECT_SNUM_EQ(munmap(b, 2 * PAGE), 0);
	UK_TEST_EXPECT_STR_EQ(a, "hello through a");
	UK_TEST_EXPECT_SNUM_EQ(msync(a, 2 * PAGE, MS_SYNC), 0);
	UK_TEST_EXPECT_SNUM_EQ(munmap(a, 2 * PAGE), 0);
	/* the last unmapping wrote the data back to the object */
	fd = shm_open("/kast-test-shm", O_RDONLY, 0);
	UK_TEST_EXPECT(fd >= 0);
	UK_TEST_EXPECT_SNUM_EQ(pread(fd, buf, 16, 0), 16);
	UK_TEST_EXPECT_STR_EQ(buf, "hello through a");
	/* a read-only descriptor cannot give a writable shared mapping */
	errno = 0;
	UK_TEST_EXPECT(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED,
			    fd, 0) == MAP_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EACCES);
	close(fd);
	UK_TEST_EXPECT_SNUM_EQ(shm_unlink("/kast-test-shm"), 0);
	errno = 0;
	UK_TEST_EXPECT_SNUM_EQ(shm_open("/kast-test-shm", O_RDWR, 0), -1);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
}

static void *post_named(void *arg)
{
	sem_t *s = sem_open("/kast-test-sem", 0);

	if (s == SEM_FAILED)
		return (void *)1;
	sem_post(s);
	sem_close(s);
	return NULL;
}

UK_TESTCASE(posix_shm, named_semaphore_between_threads)
{
	pthread_t t;
	void *r;
	sem_t *s, *s2;
	int v = -1;

	sem_unlink("/kast-test-sem");
	s = sem_open("/kast-test-sem", O_CREAT | O_EXCL, 0600, 0);
	UK_TEST_EXPECT(s != SEM_FAILED);
	if (s == SEM_FAILED)
		return;
	errno = 0;
	UK_TEST_EXPECT(sem_open("/kast-test-sem", O_CREAT | O_EXCL, 0600, 0) ==
		       SEM_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, EEXIST);
	UK_TEST_EXPECT_SNUM_EQ(pthread_create(&t, NULL, post_named, NULL), 0);
	UK_TEST_EXPECT_SNUM_EQ(sem_wait(s), 0);
	pthread_join(t, &r);
	UK_TEST_EXPECT(r == NULL);
	/* opened twice, closed once: still usable (sem_close unmaps only
	 * with the last reference) */
	s2 = sem_open("/kast-test-sem", 0);
	UK_TEST_EXPECT(s2 == s);
	UK_TEST_EXPECT_SNUM_EQ(sem_close(s2), 0);
	UK_TEST_EXPECT_SNUM_EQ(sem_post(s), 0);
	UK_TEST_EXPECT_SNUM_EQ(sem_getvalue(s, &v), 0);
	UK_TEST_EXPECT_SNUM_EQ(v, 1);
	UK_TEST_EXPECT_SNUM_EQ(sem_close(s), 0);
	UK_TEST_EXPECT_SNUM_EQ(sem_unlink("/kast-test-sem"), 0);
	errno = 0;
	UK_TEST_EXPECT(sem_open("/kast-test-sem", 0) == SEM_FAILED);
	UK_TEST_EXPECT_SNUM_EQ(errno, ENOENT);
}
