/* SPDX-License-Identifier: BSD-3-Clause */
/* Storage for the kernel command line handed over by the boot protocol. */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/plat/bootstrap.h>
#include <kvm/setup.h>

static char cmdline[CONFIG_PLAT_KVM_CMDLINE_MAX];

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
