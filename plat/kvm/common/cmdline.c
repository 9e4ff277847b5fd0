/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Storage for what the boot protocol hands over: the kernel command line
 * (less the virtio-mmio devices a VMM appends to it), and the CPU counter
 * value captured first thing at platform entry.
 */
#include <errno.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/bootstrap.h>
#include <uk/plat/bus.h>
#include <kvm/irq.h>
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

#define VIRTIO_MMIO_OPT		"virtio_mmio.device="
#define VIRTIO_MMIO_SIZE_MAX	(1UL << 20)

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* An unsigned number (0x hex or decimal) at *@s; false if none/overflow. */
static bool parse_num(const char **s, uint64_t *v)
{
	const char *p = *s;
	unsigned int base = 10, d;
	uint64_t n = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++) {
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (n > (UINT64_MAX - d) / base)
			return false;
		n = n * base + d;
	}
	if (p == *s || (base == 16 && p == *s + 2))
		return false;
	*s = p;
	*v = n;
	return true;
}

/* "<size>[K|M]@<base>:<irq>[:<id>]" (Linux's virtio_mmio.device=). */
static int virtio_mmio_parse(const char *s, const char *end,
			     struct ukplat_bus_device *d)
{
	uint64_t size, base, irq, id;

	if (!parse_num(&s, &size))
		return -EINVAL;
	if (*s == 'K' || *s == 'k') {
		size <<= 10;
		s++;
	} else if (*s == 'M' || *s == 'm') {
		size <<= 20;
		s++;
	}
	if (*s++ != '@' || !parse_num(&s, &base) || *s++ != ':' ||
	    !parse_num(&s, &irq))
		return -EINVAL;
	if (*s == ':' && (s++, !parse_num(&s, &id)))
		return -EINVAL;
	if (s != end || !size || size > VIRTIO_MMIO_SIZE_MAX ||
	    base + size < base || irq >= KVM_IRQ_LINES)
		return -EINVAL;
	memset(d, 0, sizeof(*d));
	d->type = UKPLAT_BUS_VIRTIO_MMIO;
	d->base = base;
	d->size = size;
	d->irq = (long)irq;
	return 0;
}

int kvm_cmdline_virtio_mmio(void)
{
	struct ukplat_bus_device devs[KVM_BUS_MAX];
	size_t len = strlen(cmdline), tok;
	unsigned int n = 0;
	int added = 0;

	uk_pr_debug("command line: \"%s\"\n", cmdline);
	for (;;) {
		while (len && is_blank(cmdline[len - 1]))
			len--;
		tok = len;
		while (tok && !is_blank(cmdline[tok - 1]))
			tok--;
		if (len == tok || len - tok <= strlen(VIRTIO_MMIO_OPT) ||
		    strncmp(&cmdline[tok], VIRTIO_MMIO_OPT,
			    strlen(VIRTIO_MMIO_OPT)))
			break;
		if (n < KVM_BUS_MAX &&
		    !virtio_mmio_parse(&cmdline[tok] + strlen(VIRTIO_MMIO_OPT),
				       &cmdline[len], &devs[n]))
			n++;
		else
			uk_pr_warn("boot: ignoring %.*s\n", (int)(len - tok),
				   &cmdline[tok]);
		len = tok;
	}
	cmdline[len] = '\0';
	/* taken from the end: add them in the command line's order */
	while (n--)
		if (kvm_bus_add(&devs[n]) == 0)
			added++;
	return added;
}
