/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A read-only share (kast-run -v DIR:/ro:ro): reading works, every kind
 * of write fails with EROFS. DIR holds "keep" (the text "kept\n") and the
 * folder "sub". Prints one line per check and "rocheck: ok" at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void erofs(const char *what, int rc)
{
	int ok = rc == -1 && errno == EROFS;

	printf("%s: %s\n", what, ok ? "EROFS" : "NOT REFUSED");
	failures += !ok;
}

int main(void)
{
	char buf[16] = { 0 };
	int fd = open("/ro/keep", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf)) != 5 || strcmp(buf, "kept\n")) {
		printf("read: FAILED\n");
		failures++;
	} else {
		printf("read: kept\n");
	}
	if (fd >= 0)
		close(fd);
	erofs("create", open("/ro/new", O_CREAT | O_WRONLY, 0644));
	erofs("open for writing", open("/ro/keep", O_WRONLY));
	erofs("truncate", truncate("/ro/keep", 0));
	erofs("mkdir", mkdir("/ro/newdir", 0755));
	erofs("rmdir", rmdir("/ro/sub"));
	erofs("unlink", unlink("/ro/keep"));
	erofs("rename", rename("/ro/keep", "/ro/moved"));
	erofs("symlink", symlink("keep", "/ro/link"));
	erofs("chmod", chmod("/ro/keep", 0600));
	printf("rocheck: %s\n", failures ? "FAILED" : "ok");
	return failures ? 1 : 0;
}
