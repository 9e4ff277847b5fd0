/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Starting a musl program: build the initial vector a Linux process gets
 * on its stack (argv, NULL, envp, NULL, auxv) and call musl's
 * __libc_start_main(), which sets up TLS for the main thread, runs the
 * constructors and main(), then exit(). The auxiliary vector describes the
 * image's TLS template with one PT_TLS program header made here from the
 * linker script's symbols; AT_RANDOM gets 16 bytes from lib/ukrandom.
 * The environment is CONFIG_LIBMUSL_ENV's defaults, then the command
 * line's env=NAME=VALUE parameters (kast-run --env), which replace a
 * default of the same NAME.
 */
#include <elf.h>
#include <string.h>
#include <uk/essentials.h>
#include <uk/alloc.h>
#include <uk/boot.h>
#include <uk/print.h>
#include <uk/random.h>

extern char __tls_start[], __tdata_end[], __tls_end[], __tls_align[];

int main(int argc, char *argv[], char *envp[]);
int __libc_start_main(int (*m)(int, char **, char **), int argc, char **argv,
		      void (*init)(void), void (*fini)(void),
		      void (*ldso)(void));

#define MAX_ENV		64	/* defaults only */
#define NAUX		16

static Elf64_Phdr tls_phdr;
static uint64_t at_random[2];
static char env_buf[sizeof(CONFIG_LIBMUSL_ENV)];

/* Split CONFIG_LIBMUSL_ENV into @envp; the count. */
static int env_split(char **envp)
{
	char *p = env_buf;
	int n = 0;

	memcpy(env_buf, CONFIG_LIBMUSL_ENV, sizeof(env_buf));
	while (*p && n < MAX_ENV) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		envp[n++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return n;
}

/* Index of the variable named like @nv ("NAME=...") in @envp, or -1. */
static int env_find(char **envp, int n, const char *nv)
{
	size_t len = strchr(nv, '=') - nv;
	int i;

	for (i = 0; i < n; i++)
		if (!strncmp(envp[i], nv, len + 1))
			return i;
	return -1;
}

void uk_musl_start_main(int argc, char *argv[])
{
	char *defaults[MAX_ENV];
	size_t *aux, nvec;
	char **vec, **envp;
	int nenv, ndef, i, k;

	ndef = env_split(defaults);
	nvec = (size_t)argc + 1 + (size_t)ndef + (size_t)uk_boot_envc + 1 +
	       2 * NAUX;
	vec = uk_calloc(uk_alloc_get_default(), nvec, sizeof(*vec));
	if (!vec)
		UK_CRASH("musl: no memory for the program's arguments\n");
	for (i = 0; i < argc; i++)
		vec[i] = argv[i];
	envp = &vec[argc + 1];
	for (nenv = 0; nenv < ndef; nenv++)
		envp[nenv] = defaults[nenv];
	for (i = 0; i < uk_boot_envc; i++) {
		int at = env_find(envp, nenv, uk_boot_envp[i]);

		envp[at >= 0 ? at : nenv++] = uk_boot_envp[i];
	}
	k = argc + 1 + nenv + 1;

	tls_phdr.p_type = PT_TLS;
	tls_phdr.p_flags = PF_R;
	tls_phdr.p_vaddr = (uintptr_t)__tls_start;
	tls_phdr.p_paddr = (uintptr_t)__tls_start;
	tls_phdr.p_filesz = (uintptr_t)(__tdata_end - __tls_start);
	tls_phdr.p_memsz = (uintptr_t)(__tls_end - __tls_start);
	tls_phdr.p_align = (uintptr_t)__tls_align;
	uk_random_bytes(at_random, sizeof(at_random));

	aux = (size_t *)&vec[k];
	i = 0;
#define AUX(t, v) do { aux[i++] = (t); aux[i++] = (size_t)(v); } while (0)
	AUX(AT_PHDR, &tls_phdr);
	AUX(AT_PHENT, sizeof(tls_phdr));
	AUX(AT_PHNUM, 1);
	AUX(AT_PAGESZ, 4096);
	AUX(AT_RANDOM, at_random);
	AUX(AT_UID, 0);
	AUX(AT_EUID, 0);
	AUX(AT_GID, 0);
	AUX(AT_EGID, 0);
	AUX(AT_SECURE, 0);
	AUX(AT_EXECFN, argv[0]);
	AUX(AT_NULL, 0);
#undef AUX
	UK_ASSERT(i <= 2 * NAUX);

	__libc_start_main(main, argc, vec, NULL, NULL, NULL);
	UK_CRASH("musl: __libc_start_main returned\n");
}
