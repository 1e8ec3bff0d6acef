// SPDX-License-Identifier: GPL-2.0
/*
 * online-timer BLOCK ROUNDS: offline and online (movable) the memory block
 * BLOCK (e.g. memory42) ROUNDS times through sysfs, timing each online with
 * CLOCK_MONOTONIC, and print "median_us MIN_US..MAX_US" of one online.
 *
 * The guest's clock runs at host speed while the CPU is emulated: the times
 * compare kernels booted the same way on one machine, nothing more.  Exit
 * 0 on success, 1 if a write failed.  Built statically like memtouch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int set_state(const char *path, const char *state)
{
	FILE *f = fopen(path, "w");
	int rc;

	if (!f)
		return -1;
	rc = fputs(state, f) < 0;
	rc |= fclose(f) != 0;
	return rc ? -1 : 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	char path[256];
	double *t, t0;
	int i, rounds;

	if (argc != 3 || (rounds = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: online-timer BLOCK ROUNDS\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/sys/devices/system/memory/%s/state", argv[1]);
	t = calloc(rounds, sizeof(*t));
	if (!t)
		return 2;
	for (i = 0; i < rounds; i++) {
		if (set_state(path, "offline")) {
			perror("offline");
			return 1;
		}
		t0 = now_us();
		if (set_state(path, "online_movable")) {
			perror("online_movable");
			return 1;
		}
		t[i] = now_us() - t0;
	}
	qsort(t, rounds, sizeof(*t), cmp);
	printf("%.0f %.0f..%.0f\n", t[rounds / 2], t[0], t[rounds - 1]);
	return 0;
}
