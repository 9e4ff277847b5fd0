/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The program side of the stdin/stdout/stderr tests (support/kast/iotest.py)
 * and of make bench's stream figures. Built with kast-cc, run with
 * kast-run; the same source builds for the host.
 *
 *   cat [N]      copy stdin to stdout until end of file (binary), reading
 *                N bytes at a time (default 256 KiB)
 *   count        read stdin to end of file: "bytes N fnv HEX" on stdout
 *   sink         read stdin to end of file: "bytes N" (no hashing: speed)
 *   gen N        write N bytes to stdout (byte i: i * 7 + i / 251 mod 256,
 *                i counted modulo 256 KiB)
 *   streams      "to stdout" on stdout, "to stderr" on stderr
 *   tty          "isatty 0 1 2: A B C" and, if stdin is a terminal, its
 *                size "winsize COLSxROWS"
 *   lines        canonical terminal input: "line: TEXT" per line until
 *                end of file, then "eof"
 *   raw N        termios raw mode (ICANON and ECHO off), read N bytes,
 *                print them in hex, restore
 *   poll         poll() stdin until readable, then count as above
 *   crash        "before the crash" on stdout, then a null dereference
 *   spin         "spinning", then compute forever without a system call
 *                (^C's default action must end it: status 130)
 *   cancelread   a thread blocked in a read of stdin is cancelled:
 *                "reader cancelled" (or "reader returned N")
 *   sigint       a SIGINT handler; "spinning", compute until it ran, then
 *                "handled SIGINT"; then read stdin until a ^C makes the
 *                read fail with EINTR ("read: EINTR"), then exit 0
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static char buf[1 << 18];

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int do_cat(size_t chunk)
{
	ssize_t n;

	if (!chunk || chunk > sizeof(buf))
		chunk = sizeof(buf);
	while ((n = read(0, buf, chunk)) > 0)
		if (write_all(1, buf, (size_t)n) < 0)
			return 3;
	return n < 0 ? 4 : 0;
}

static int do_count(void)
{
	uint64_t h = 0xcbf29ce484222325ULL, total = 0;	/* FNV-1a */
	ssize_t n, i;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			h ^= (unsigned char)buf[i];
			h *= 0x100000001b3ULL;
		}
		total += (uint64_t)n;
	}
	if (n < 0) {
		perror("read");
		return 4;
	}
	printf("bytes %llu fnv %016llx\n", (unsigned long long)total,
	       (unsigned long long)h);
	return 0;
}

static int do_sink(void)
{
	unsigned long long total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0)
		total += (unsigned long long)n;
	if (n < 0)
		return 4;
	printf("bytes %llu\n", total);
	return 0;
}

static int do_gen(unsigned long long total)
{
	unsigned long long done = 0;
	size_t n, i;

	/* every byte value; the pattern repeats every sizeof(buf) bytes */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + i / 251);
	while (done < total) {
		n = sizeof(buf);
		if (total - done < n)
			n = (size_t)(total - done);
		if (write_all(1, buf, n) < 0)
			return 3;
		done += n;
	}
	return 0;
}

static int do_tty(void)
{
	struct winsize ws;

	printf("isatty 0 1 2: %d %d %d\n", isatty(0), isatty(1), isatty(2));
	if (isatty(0) && ioctl(0, TIOCGWINSZ, &ws) == 0)
		printf("winsize %ux%u\n", ws.ws_col, ws.ws_row);
	return 0;
}

static int do_lines(void)
{
	char line[512];

	printf("ready for input\n");
	fflush(stdout);
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		printf("line: %s\n", line);
		fflush(stdout);
	}
	printf("eof\n");
	return 0;
}

static int do_raw(int want)
{
	struct termios old, raw;
	unsigned char c;
	int i;

	if (tcgetattr(0, &old) < 0) {
		perror("tcgetattr");
		return 5;
	}
	raw = old;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG);
	raw.c_iflag &= ~ICRNL;
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	printf("ready for input\n");
	fflush(stdout);
	printf("raw:");
	for (i = 0; i < want && read(0, &c, 1) == 1; i++)
		printf(" %02x", c);
	printf("\n");
	tcsetattr(0, TCSANOW, &old);
	return 0;
}

static int do_poll(void)
{
	struct pollfd p = { .fd = 0, .events = POLLIN };

	if (poll(&p, 1, -1) != 1 || !(p.revents & (POLLIN | POLLHUP))) {
		printf("poll: revents %#x\n", p.revents);
		return 6;
	}
	return do_count();
}

static sem_t reader_started;

static void *stdin_reader(void *arg)
{
	char c;

	sem_post(&reader_started);
	return (void *)(intptr_t)read(0, &c, 1);
}

static int do_cancelread(void)
{
	pthread_t th;
	void *ret;

	sem_init(&reader_started, 0, 0);
	if (pthread_create(&th, NULL, stdin_reader, NULL))
		return 8;
	sem_wait(&reader_started);
	usleep(20000);		/* let it block (a cancellation point anyway) */
	pthread_cancel(th);
	pthread_join(th, &ret);
	if (ret == PTHREAD_CANCELED)
		printf("reader cancelled\n");
	else
		printf("reader returned %d\n", (int)(intptr_t)ret);
	return 0;
}

static volatile sig_atomic_t sigints;

static void on_sigint(int sig)
{
	sigints++;
}

static int do_spin(int with_handler)
{
	volatile unsigned long n = 0;
	struct sigaction sa;
	char c;

	if (with_handler) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_sigint;	/* no SA_RESTART */
		sigaction(SIGINT, &sa, NULL);
	}
	printf("spinning\n");
	fflush(stdout);
	while (!sigints)
		n++;
	printf("handled SIGINT\n");
	fflush(stdout);
	/* a ^C that comes before the read blocks is handled, not EINTR */
	for (;;) {
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR) {
			printf("read: EINTR\n");
			return 0;
		}
		if (r <= 0) {
			printf("read: %d\n", (int)r);
			return 7;
		}
	}
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "cat"))
		return do_cat(argc > 2 ? strtoul(argv[2], NULL, 0) : 0);
	if (!strcmp(cmd, "count"))
		return do_count();
	if (!strcmp(cmd, "sink"))
		return do_sink();
	if (!strcmp(cmd, "gen") && argc > 2)
		return do_gen(strtoull(argv[2], NULL, 0));
	if (!strcmp(cmd, "streams")) {
		printf("to stdout\n");
		fflush(stdout);
		fprintf(stderr, "to stderr\n");
		return 0;
	}
	if (!strcmp(cmd, "tty"))
		return do_tty();
	if (!strcmp(cmd, "lines"))
		return do_lines();
	if (!strcmp(cmd, "raw") && argc > 2)
		return do_raw(atoi(argv[2]));
	if (!strcmp(cmd, "poll"))
		return do_poll();
	if (!strcmp(cmd, "cancelread"))
		return do_cancelread();
	if (!strcmp(cmd, "spin"))
		return do_spin(0);
	if (!strcmp(cmd, "sigint"))
		return do_spin(1);
	if (!strcmp(cmd, "crash")) {
		printf("before the crash\n");
		fflush(stdout);
		*(volatile int *)(uintptr_t)argc = 0;	/* argc 2: unmapped */
		return 1;
	}
	fprintf(stderr, "usage: iotest cat [N]|count|sink|gen N|streams|tty|lines|raw N|poll|crash|spin|sigint|cancelread\n");
	return 2;
}
