/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * fuzz_netif's stand-in for lib/uklibparam's uk/libparam.h: a parameter
 * is a variable the target may set; nothing parses a command line.
 */
#ifndef __UK_LIBPARAM_H__
#define __UK_LIBPARAM_H__

struct uk_libparam {
	const char *libname;
	const char *name;
	void *addr;
};

#define UK_TABLE_ENTRY(table)	__attribute__((used))
#define UK_LIBPARAM_INIT(lib, name_, var)				\
	{ .libname = (lib), .name = (name_), .addr = &(var) }

#endif /* __UK_LIBPARAM_H__ */
