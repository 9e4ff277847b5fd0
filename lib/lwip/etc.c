/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The files musl's resolver reads, for images booted without an initrd:
 * /etc/hosts names localhost (127.0.0.1 and ::1), /etc/resolv.conf lists
 * lwIP's DNS servers (netdev.dns=, or what DHCP hands out: then it is
 * rewritten). With an initrd, /etc is the initrd's business: nothing is
 * created (or changed) there.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/print.h>
#include <uk/vfs.h>
#include <uk/plat/memory.h>
#include "lwip/dns.h"
#include "lwip/ip_addr.h"
#include "lwip_impl.h"

#define HOSTS_PATH	"/etc/hosts"
#define RESOLV_PATH	"/etc/resolv.conf"

static const char hosts[] =
	"127.0.0.1\tlocalhost\n"
	"::1\tlocalhost ip6-localhost ip6-loopback\n";

/* resolv.conf is ours to rewrite (we created it) */
static bool resolv_ours;

/* Write @len bytes of @text to @path, created (O_EXCL unless @replace). */
static int write_file(const char *path, const char *text, size_t len,
		      bool replace)
{
	struct uk_file *f;
	ssize_t n;
	int rc;

	rc = uk_vfs_openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC |
			   (replace ? 0 : O_EXCL), 0644, &f);
	if (rc < 0)
		return rc;
	n = uk_file_write(f, text, len);
	uk_file_release(f);
	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

/* "nameserver A" lines for lwIP's DNS servers into @buf: the length. */
static size_t resolv_text(char *buf, size_t size)
{
	char a[IPADDR_STRLEN_MAX];
	const ip_addr_t *srv;
	size_t len = 0;
	u8_t i;

	for (i = 0; i < DNS_MAX_SERVERS; i++) {
		srv = dns_getserver(i);
		if (ip_addr_isany(srv))
			continue;
		ipaddr_ntoa_r(srv, a, sizeof(a));
		len += (size_t)snprintf(buf + len, size - len,
					"nameserver %s\n", a);
	}
	return len;
}

int lwip_uk_etc_files(void)
{
	char text[DNS_MAX_SERVERS * (IPADDR_STRLEN_MAX + 12) + 1];
	const void *base;
	size_t len;
	int rc;

	if (ukplat_initrd(&base, &len) != -ENOENT)
		return 0;
	rc = uk_vfs_mkdirat(AT_FDCWD, "/etc", 0755);
	if (rc < 0 && rc != -EEXIST)
		goto fail;
	rc = write_file(HOSTS_PATH, hosts, sizeof(hosts) - 1, false);
	if (rc < 0 && rc != -EEXIST)
		goto fail;
	rc = write_file(RESOLV_PATH, text, resolv_text(text, sizeof(text)),
			false);
	if (rc < 0 && rc != -EEXIST)
		goto fail;
	resolv_ours = rc == 0;
	return 0;
fail:
	uk_pr_crit("cannot create /etc/hosts and /etc/resolv.conf: %d\n",
		   rc);
	return rc;
}

void lwip_uk_etc_dns_changed(void)
{
	char text[DNS_MAX_SERVERS * (IPADDR_STRLEN_MAX + 12) + 1];
	int rc;

	if (!resolv_ours)
		return;
	rc = write_file(RESOLV_PATH, text, resolv_text(text, sizeof(text)),
			true);
	if (rc < 0)
		uk_pr_warn("cannot rewrite %s: %d\n", RESOLV_PATH, rc);
}
