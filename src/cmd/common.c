/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/common.c: what the subcommands share: turning arguments into zone
 * files, loading them with FILE:LINE errors, and printing errors. */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cmd/cmd.h"

void cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("zonelint: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

void cmd_print_error(const struct zl_error *err)
{
	char line[2200];
	zl_error_format(err, line, sizeof(line));
	fprintf(stderr, "%s\n", line);
}

int cmd_usage_error(const char *cmd)
{
	fprintf(stderr, "Try 'zonelint %s --help'.\n", cmd);
	return EXIT_ERROR;
}

static void add_path(struct cmd_inputs *in, const char *path)
{
	in->paths = zl_grow(in->paths, &in->cap, in->count + 1, sizeof(char *));
	in->paths[in->count++] = zl_strdup(path);
}

/* A directory's zone files: "*.zone", "db.*" and "*.db", not hidden. */
static bool is_zone_file_name(const char *name)
{
	size_t len = strlen(name);
	if (name[0] == '.' || len == 0 || name[len - 1] == '~')
		return false;
	if (len > 5 && strcasecmp(name + len - 5, ".zone") == 0)
		return true;
	if (len > 3 && strcasecmp(name + len - 3, ".db") == 0)
		return true;
	return len > 3 && strncasecmp(name, "db.", 3) == 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_inputs_collect(struct cmd_inputs *in, char **args, int count, struct zl_error *err)
{
	memset(in, 0, sizeof(*in));
	for (int i = 0; i < count; i++) {
		struct stat st;
		if (stat(args[i], &st) != 0) {
			zl_error_set(err, ZL_EIO, args[i], 0, "cannot open: %s", strerror(errno));
			cmd_inputs_free(in);
			return ZL_EIO;
		}
		if (!S_ISDIR(st.st_mode)) {
			add_path(in, args[i]);
			continue;
		}
		DIR *d = opendir(args[i]);
		if (d == NULL) {
			zl_error_set(err, ZL_EIO, args[i], 0, "cannot read directory: %s", strerror(errno));
			cmd_inputs_free(in);
			return ZL_EIO;
		}
		size_t first = in->count;
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (!is_zone_file_name(e->d_name))
				continue;
			struct zl_buf path;
			zl_buf_init(&path);
			size_t alen = strlen(args[i]);
			zl_buf_printf(&path, "%s%s%s", args[i],
				      alen > 0 && args[i][alen - 1] == '/' ? "" : "/", e->d_name);
			/* a zone file that cannot be read is an error, not a file
			 * to pass over: a dangling link, a pipe, a directory */
			struct stat fst;
			int bad = 0;
			if (stat(path.data, &fst) != 0)
				bad = errno;
			else if (S_ISDIR(fst.st_mode))
				bad = EISDIR;
			if (bad == 0 && !S_ISREG(fst.st_mode)) {
				zl_error_set(err, ZL_EIO, path.data, 0, "not a regular file");
				bad = -1;
			} else if (bad != 0) {
				zl_error_set(err, ZL_EIO, path.data, 0, "cannot open: %s", strerror(bad));
			} else {
				add_path(in, path.data);
			}
			zl_buf_free(&path);
			if (bad != 0) {
				closedir(d);
				cmd_inputs_free(in);
				return ZL_EIO;
			}
		}
		closedir(d);
		if (in->count == first) {
			zl_error_set(err, ZL_EIO, args[i], 0,
				     "no zone files here (names ending in .zone or .db, or starting with db.)");
			cmd_inputs_free(in);
			return ZL_EIO;
		}
		qsort(in->paths + first, in->count - first, sizeof(char *), compare_strings);
	}
	return ZL_OK;
}

void cmd_inputs_free(struct cmd_inputs *in)
{
	for (size_t i = 0; i < in->count; i++)
		free(in->paths[i]);
	free(in->paths);
	memset(in, 0, sizeof(*in));
}

static void print_load_error(const struct zl_error *err, void *ctx)
{
	(void)ctx;
	cmd_print_error(err);
}

int cmd_load_zones(const struct cmd_inputs *in, const char *origin, struct zone ***zones)
{
	*zones = zl_calloc(in->count ? in->count : 1, sizeof(struct zone *));
	struct zone_load_options opt = {0};
	opt.origin = in->count == 1 ? origin : NULL;
	opt.on_error = print_load_error;
	int rc = ZL_OK;
	for (size_t i = 0; i < in->count; i++) {
		struct zl_error err;
		zl_error_clear(&err);
		int r = zone_load_file(in->paths[i], &opt, &(*zones)[i], &err);
		if (r != ZL_OK)
			rc = r; /* the loader printed its errors as they came */
	}
	if (rc != ZL_OK) {
		cmd_zones_free(*zones, in->count);
		*zones = NULL;
	}
	return rc;
}

void cmd_zones_free(struct zone **zones, size_t count)
{
	if (zones == NULL)
		return;
	for (size_t i = 0; i < count; i++)
		zone_free(zones[i]);
	free(zones);
}

int cmd_load_config(const char *path, const char *near, struct config **out)
{
	char found[4096];
	struct zl_error err;
	zl_error_clear(&err);
	*out = NULL;
	if (path == NULL && config_find(near, found, sizeof(found)))
		path = found;
	if (path == NULL) {
		*out = config_new_empty();
		return ZL_OK;
	}
	if (config_load_file(path, out, &err) != ZL_OK) {
		cmd_print_error(&err);
		return ZL_ECONFIG;
	}
	for (size_t i = 0; i < (*out)->rule_count; i++) {
		const struct config_rule *r = &(*out)->rules[i];
		if (rules_find(r->id) == NULL) {
			const char *guess = rules_nearest(r->id);
			if (guess != NULL)
				zl_error_set(&err, ZL_ECONFIG, (*out)->path, r->line,
					     "unknown rule '%s' (did you mean '%s'?)", r->id, guess);
			else
				zl_error_set(&err, ZL_ECONFIG, (*out)->path, r->line,
					     "unknown rule '%s' (zonelint lint --list-rules lists them)",
					     r->id);
			cmd_print_error(&err);
			config_free(*out);
			*out = NULL;
			return ZL_ECONFIG;
		}
	}
	return ZL_OK;
}

void cmd_zone_view(struct zone **zones, size_t count, size_t i, struct zone_set *view)
{
	zone_set_init(view);
	view->zones = zl_malloc(count * sizeof(struct zone *));
	view->zones[view->count++] = zones[i];
	for (size_t k = 0; k < count; k++) {
		bool taken = false;
		for (size_t j = 0; j < view->count && !taken; j++)
			taken = zone_name_equal(view->zones[j]->origin, zones[k]->origin);
		if (!taken)
			view->zones[view->count++] = zones[k];
	}
	view->cap = count;
}
