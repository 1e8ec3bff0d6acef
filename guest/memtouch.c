// SPDX-License-Identifier: GPL-2.0
/*
 * memtouch MIB: map MIB MiB of anonymous memory, write a pattern that
 * depends on every word's address, read it all back and compare.
 *
 * Exit 0 if every word matched, 1 on a mismatch, 2 if the memory could not
 * be mapped.  Built statically by guest/mkinitramfs (gcc -static -O2) so
 * that it runs in any guest initramfs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t pattern(uint64_t i)
{
	return (i * 0x9e3779b97f4a7c15ull) ^ 0x5a5a5a5a5a5a5a5aull;
}

int main(int argc, char **argv)
{
	uint64_t mib, words, i, bad = 0;
	uint64_t *mem;
	double tm, t0, t1, t2;

	if (argc != 2 || (mib = strtoull(argv[1], NULL, 10)) == 0) {
		fprintf(stderr, "usage: memtouch MIB\n");
		return 2;
	}
	words = (mib << 20) / sizeof(*mem);
	tm = now();
	mem = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (mem == MAP_FAILED) {
		perror("memtouch: mmap");
		return 2;
	}
	t0 = now();
	for (i = 0; i < words; i++)
		mem[i] = pattern(i);
	/* Make the compiler read the memory back rather than the pattern. */
	__asm__ volatile("" : : "r"(mem) : "memory");
	t1 = now();
	for (i = 0; i < words; i++)
		bad += mem[i] != pattern(i);
	t2 = now();
	printf("memtouch: %llu MiB mapped in %.1f s, written in %.1f s, read back in %.1f s, %llu bad words\n",
	       (unsigned long long)mib, t0 - tm, t1 - t0, t2 - t1, (unsigned long long)bad);
	return bad ? 1 : 0;
}
