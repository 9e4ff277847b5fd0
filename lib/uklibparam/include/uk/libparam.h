/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Library parameters set from the kernel command line as
 * "<library>.<param>=<value>".
 *
 * A library registers one of its (file-scope, writable) variables:
 *
 *	static unsigned int queue_len = 64;
 *	UK_LIB_PARAM(queue_len, unsigned int);	  -> mylib.queue_len=128
 *	static const char *mode = "fast";
 *	UK_LIB_PARAM_STR(mode);			  -> mylib.mode=slow
 *	static int ports[4];
 *	static unsigned int ports_count;
 *	UK_LIB_PARAM_ARR(ports, int, 4);	  -> mylib.ports=80,443
 *
 * The library name is the one the build gives the file (__LIBNAME__).
 * Values: integers in decimal or 0x hex, a leading '-' only for signed
 * types, range-checked against the variable's type; bools 1/0, true/false,
 * yes/no, on/off (any case); strings are stored as pointers into the
 * argument vector (no copy). Arrays take comma-separated elements.
 */
#ifndef __UK_LIBPARAM_H__
#define __UK_LIBPARAM_H__

#include <uk/essentials.h>
#include <uk/tables.h>

/* Value kinds; together with the element size they give the type. */
#define UK_LIBPARAM_BOOL	1
#define UK_LIBPARAM_SINT	2	/* signed integer of 1/2/4/8 bytes */
#define UK_LIBPARAM_UINT	3	/* unsigned integer of 1/2/4/8 bytes */
#define UK_LIBPARAM_STR		4	/* char * or const char * */

/* One registered parameter (table entry). */
struct uk_libparam {
	const char *libname;
	const char *name;
	void *addr;		/* the variable, or the array's first element */
	unsigned int *count;	/* arrays: number of elements set; else NULL */
	uint32_t kind;		/* UK_LIBPARAM_* */
	uint32_t size;		/* size of the variable or of one element */
	uint32_t maxcount;	/* arrays: capacity; 0 for a scalar */
	uint32_t __pad;
};
UK_CTASSERT(sizeof(struct uk_libparam) % UK_TABLE_ALIGN == 0);

UK_TABLE_DECLARE(libparam, struct uk_libparam);

/* Kind of an lvalue's type; any other type is a compile error. */
#define UK_LIBPARAM_KIND(x) _Generic((x),				\
	bool: UK_LIBPARAM_BOOL,						\
	signed char: UK_LIBPARAM_SINT,					\
	short: UK_LIBPARAM_SINT,					\
	int: UK_LIBPARAM_SINT,						\
	long: UK_LIBPARAM_SINT,						\
	long long: UK_LIBPARAM_SINT,					\
	unsigned char: UK_LIBPARAM_UINT,				\
	unsigned short: UK_LIBPARAM_UINT,				\
	unsigned int: UK_LIBPARAM_UINT,					\
	unsigned long: UK_LIBPARAM_UINT,				\
	unsigned long long: UK_LIBPARAM_UINT,				\
	char *: UK_LIBPARAM_STR,					\
	const char *: UK_LIBPARAM_STR)

/*
 * Initializer of an entry for scalar @var, named @lib "." @name (strings).
 * Also usable to build a table by hand (host tests).
 */
#define UK_LIBPARAM_INIT(lib, name_, var)				\
	{								\
		.libname = (lib),					\
		.name = (name_),					\
		.addr = &(var),						\
		.count = NULL,						\
		.kind = UK_LIBPARAM_KIND(var),				\
		.size = sizeof(var),					\
		.maxcount = 0,						\
	}

/* Initializer for array @arr of @maxc elements, count stored in *@cnt. */
#define UK_LIBPARAM_INIT_ARR(lib, name_, arr, maxc, cnt)		\
	{								\
		.libname = (lib),					\
		.name = (name_),					\
		.addr = (arr),						\
		.count = (cnt),						\
		.kind = UK_LIBPARAM_KIND((arr)[0]),			\
		.size = sizeof((arr)[0]),				\
		.maxcount = (maxc),					\
	}

/*
 * Register variable @name, declared above with type @type, as the
 * parameter "<this library>.<name>".
 */
#define UK_LIB_PARAM(name, type)					\
	UK_CTASSERT(__builtin_types_compatible_p(__typeof__(name), type)); \
	static const struct uk_libparam					\
	UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))		\
	__uk_libparam_##name =						\
		UK_LIBPARAM_INIT(UK_LIBNAME_STR, #name, name)

/* Register the string variable `const char *name`. */
#define UK_LIB_PARAM_STR(name) UK_LIB_PARAM(name, const char *)

/*
 * Register array `type name[maxcount]` (numbers or bools) as a parameter
 * taking up to @maxcount comma-separated values. The library must also
 * define `unsigned int name_count`, which receives the number of elements
 * set; an empty value sets it to 0.
 */
#define UK_LIB_PARAM_ARR(name, type, maxcount)				\
	UK_CTASSERT(__builtin_types_compatible_p(__typeof__(name),	\
						 type[maxcount]));	\
	UK_CTASSERT(__builtin_types_compatible_p(			\
			__typeof__(name##_count), unsigned int));	\
	UK_CTASSERT(UK_LIBPARAM_KIND((name)[0]) != UK_LIBPARAM_STR);	\
	static const struct uk_libparam					\
	UK_TABLE_ENTRY(libparam) __attribute__((no_reorder))		\
	__uk_libparam_##name =						\
		UK_LIBPARAM_INIT_ARR(UK_LIBNAME_STR, #name, name,	\
				     (maxcount), &name##_count)

/*
 * Apply the @argc "<lib>.<param>=<value>" tokens of @argv to the
 * parameters in [@start, @end), in order. Stops at the first bad token,
 * prints one error line naming it and the reason, and returns -EINVAL
 * (variables set by earlier tokens keep their new values; the bad token
 * changes nothing). Returns 0 if all tokens applied.
 */
int uk_libparam_parse_range(const struct uk_libparam *start,
			    const struct uk_libparam *end,
			    int argc, char *const argv[]);

/* uk_libparam_parse_range() over the image's parameter table. */
int uk_libparam_parse(int argc, char *const argv[]);

/* Type name of @p for messages: "bool", "int8".."uint64", "string". */
const char *uk_libparam_type_name(const struct uk_libparam *p);

/* Print the parameters in [@start, @end) with their types. */
void uk_libparam_print_range(const struct uk_libparam *start,
			     const struct uk_libparam *end);

/* Print every parameter of the image with its type. */
void uk_libparam_print_all(void);

#endif /* __UK_LIBPARAM_H__ */
