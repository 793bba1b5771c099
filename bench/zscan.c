/* SPDX-License-Identifier: BSD-3-Clause */
/* bench/zscan.c: the floor for loading a zone: libzscanner alone scans a
 * zone file (records parsed to wire form, nothing kept), as a peer row in
 * bench/run. Usage: bench/zscan [-2] ORIGIN FILE; prints the record count.
 * With -2 two threads of one process scan the file at once, the first on
 * CPU 0 and the second on CPU 1: the process takes as long as the slower,
 * which shows whether the CPUs run at different speeds (a virtual
 * machine's host may slow one), as zonelint's two-thread load feels. */
#include <libzscanner/scanner.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct scan_job {
	const char *origin, *file;
	int cpu; /* -1: wherever the kernel puts it */
	unsigned long records, errors;
	bool opened;
};

static void *scan_file(void *arg)
{
	struct scan_job *job = arg;
	if (job->cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(job->cpu, &set);
		(void)pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	zs_scanner_t *s = malloc(sizeof(*s));
	if (s == NULL)
		return NULL;
	if (zs_init(s, job->origin, 1, 3600) != 0 || zs_set_input_file(s, job->file) != 0) {
		free(s);
		return NULL;
	}
	job->opened = true;
	while (zs_parse_record(s) == 0) {
		if (s->state == ZS_STATE_DATA)
			job->records++;
		else if (s->state == ZS_STATE_ERROR)
			job->errors++;
		else if (s->state == ZS_STATE_EOF || s->state == ZS_STATE_STOP)
			break;
	}
	zs_deinit(s);
	free(s);
	return NULL;
}

int main(int argc, char **argv)
{
	bool pair = argc == 4 && strcmp(argv[1], "-2") == 0;
	if (argc != 3 && !pair) {
		fprintf(stderr, "usage: zscan [-2] ORIGIN FILE\n");
		return 2;
	}
	const char *origin = argv[argc - 2], *file = argv[argc - 1];
	struct scan_job jobs[2] = {{origin, file, pair ? 0 : -1, 0, 0, false},
				   {origin, file, 1, 0, 0, false}};
	pthread_t second;
	bool started = pair && pthread_create(&second, NULL, scan_file, &jobs[1]) == 0;
	if (pair && !started) {
		fprintf(stderr, "zscan: cannot start a second thread\n");
		return 2;
	}
	scan_file(&jobs[0]);
	if (started)
		pthread_join(second, NULL);
	for (int i = 0; i < (pair ? 2 : 1); i++) {
		if (!jobs[i].opened) {
			fprintf(stderr, "zscan: cannot open %s\n", file);
			return 2;
		}
	}
	printf("%lu records, %lu errors\n", jobs[0].records, jobs[0].errors);
	return jobs[0].errors || jobs[1].errors ? 1 : 0;
}
