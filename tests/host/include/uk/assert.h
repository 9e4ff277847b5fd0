/* Host stand-in for lib/ukdebug's uk/assert.h, used by host unit tests. */
#ifndef __UK_ASSERT_H__
#define __UK_ASSERT_H__
#include <stdio.h>
#include <stdlib.h>
#include <uk/essentials.h>
#define UK_CRASH(fmt, ...) \
	do { fprintf(stderr, "PANIC %s:%d: " fmt "\n", __FILE__, __LINE__, \
		     ##__VA_ARGS__); abort(); } while (0)
#define uk_panic UK_CRASH
#define UK_BUG() UK_CRASH("BUG")
#define UK_BUGON(x) do { if (x) UK_CRASH("BUG: %s", #x); } while (0)
#define UK_ASSERT(x) do { if (!(x)) UK_CRASH("Assertion failed: %s", #x); } while (0)
#endif
