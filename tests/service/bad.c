/* SPDX-License-Identifier: BSD-3-Clause */
/* Kast service tests: a program that does not compile (kast run: status 128) */
int main(void)
{
	return undeclared_thing;
}
