// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth N FILE STRING: write STRING to FILE with the N-th fault point of
 * this task failing (/proc/thread-self/fail-nth: slab and page allocations
 * under FAILSLAB and FAIL_PAGE_ALLOC), then disarm.
 *
 * Prints "RC LEFT": RC is 0 if the write succeeded, else its errno; LEFT is
 * what fail-nth still counted, 0 if the fault was injected.  Everything the
 * task needs is opened, mapped and locked before arming, so that only the
 * write's own allocations count (a page fault in between would be one).
 * Exit 0 if the result was printed, 2 on a setup error.  Built statically
 * by guest/mkinitramfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char arm[32], left[32] = "";
	volatile char stack[65536];
	int ctl, nth, rc = 0;
	ssize_t n;

	if (argc != 4) {
		fprintf(stderr, "usage: fail-nth N FILE STRING\n");
		return 2;
	}
	/* Fault the stack in, then lock everything mapped now and later. */
	memset((char *)stack, 0, sizeof(stack));
	ctl = open(argv[2], O_WRONLY);
	nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (ctl < 0 || nth < 0 || mlockall(MCL_CURRENT | MCL_FUTURE)) {
		perror("fail-nth: setup");
		return 2;
	}
	snprintf(arm, sizeof(arm), "%s", argv[1]);

	if (write(nth, arm, strlen(arm)) < 0) {
		perror("fail-nth: arming");
		return 2;
	}
	if (write(ctl, argv[3], strlen(argv[3])) < 0)
		rc = errno;
	n = pread(nth, left, sizeof(left) - 1, 0);
	if (write(nth, "0", 1) < 0 || n <= 0) {
		perror("fail-nth: disarming");
		return 2;
	}
	left[n] = '\0';
	printf("%d %s", rc, left);
	return 0;
}
