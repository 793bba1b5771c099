/* bench/zscan.c: the floor for loading a zone: libzscanner alone scans a
 * zone file (records parsed to wire form, nothing kept), as a peer row in
 * bench/run. Usage: bench/zscan ORIGIN FILE; prints the record count. */
#include <libzscanner/scanner.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: zscan ORIGIN FILE\n");
		return 2;
	}
	zs_scanner_t *s = malloc(sizeof(*s));
	if (s == NULL || zs_init(s, argv[1], 1, 3600) != 0 || zs_set_input_file(s, argv[2]) != 0) {
		fprintf(stderr, "zscan: cannot open %s\n", argv[2]);
		return 2;
	}
	unsigned long records = 0, errors = 0;
	while (zs_parse_record(s) == 0) {
		if (s->state == ZS_STATE_DATA)
			records++;
		else if (s->state == ZS_STATE_ERROR)
			errors++;
		else if (s->state == ZS_STATE_EOF || s->state == ZS_STATE_STOP)
			break;
	}
	printf("%lu records, %lu errors\n", records, errors);
	zs_deinit(s);
	free(s);
	return errors ? 1 : 0;
}
