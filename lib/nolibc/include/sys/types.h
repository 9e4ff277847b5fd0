/* SPDX-License-Identifier: BSD-3-Clause */
/* POSIX system data types (LP64 sizes, as on Linux x86_64/riscv64). */
#ifndef __NOLIBC_SYS_TYPES_H__
#define __NOLIBC_SYS_TYPES_H__

#include <stddef.h>
#include <stdint.h>

typedef long ssize_t;
typedef long off_t;
typedef long time_t;
typedef long suseconds_t;
typedef long blksize_t;
typedef long blkcnt_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned int useconds_t;
typedef unsigned long dev_t;
typedef unsigned long ino_t;
typedef unsigned long nlink_t;
typedef int clockid_t;

#endif /* __NOLIBC_SYS_TYPES_H__ */
