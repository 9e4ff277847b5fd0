/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Storage for what the boot protocol hands over: the kernel command line,
 * and the CPU counter value captured first thing at platform entry.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <kvm/setup.h>

static char cmdline[CONFIG_PLAT_KVM_CMDLINE_MAX];
uint64_t kvm_boot_counter;

int kvm_cmdline_set(const char *src, size_t maxscan)
{
	size_t len;

	cmdline[0] = '\0';
	if (!src)
		return 0;
	len = strnlen(src, UK_MIN(maxscan, sizeof(cmdline)));
	if (len == sizeof(cmdline))
		return -E2BIG;
	memcpy(cmdline, src, len);
	cmdline[len] = '\0';
	return 0;
}

const char *ukplat_cmdline(void)
{
	return cmdline;
}

uint64_t ukplat_boot_counter(void)
{
	return kvm_boot_counter;
}
