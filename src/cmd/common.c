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
#include <unistd.h>

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

static void add_path(struct cmd_inputs *in, const char *path, bool found)
{
	size_t cap = in->cap;
	in->paths = zl_grow(in->paths, &in->cap, in->count + 1, sizeof(char *));
	if (in->cap != cap || in->found == NULL)
		in->found = zl_realloc(in->found, in->cap * sizeof(bool));
	in->found[in->count] = found;
	in->paths[in->count++] = zl_strdup(path);
}

/* An input that cannot be read: kept, and the collection goes on. */
static void add_error(struct cmd_inputs *in, const struct zl_error *e)
{
	in->errors = zl_realloc(in->errors, (in->error_count + 1) * sizeof(*in->errors));
	in->errors[in->error_count++] = *e;
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

#define DIR_DEPTH_MAX 32 /* subdirectories followed below a directory given */

/* The zone files of dir and of its subdirectories (not hidden ones, and
 * not through symbolic links, which could lead in a circle), unsorted. */
static void collect_dir(struct cmd_inputs *in, const char *dir, unsigned depth)
{
	struct zl_error e;
	DIR *d = opendir(dir);
	if (d == NULL) {
		zl_error_set(&e, ZL_EIO, dir, 0, "cannot read directory: %s", strerror(errno));
		add_error(in, &e);
		return;
	}
	size_t dlen = strlen(dir);
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		if (ent->d_name[0] == '.')
			continue;
		struct zl_buf path;
		zl_buf_init(&path);
		/* "." (the top of a repository, in a hook) adds nothing: files
		 * are named as git names them */
		if (strcmp(dir, ".") == 0)
			zl_buf_puts(&path, ent->d_name);
		else
			zl_buf_printf(&path, "%s%s%s", dir, dlen > 0 && dir[dlen - 1] == '/' ? "" : "/",
				      ent->d_name);
		/* a subdirectory, never one a symbolic link leads to (d_type
		 * tells without a system call where the file system knows) */
		bool is_dir = ent->d_type == DT_DIR;
		if (ent->d_type == DT_UNKNOWN) {
			struct stat lst;
			is_dir = lstat(path.data, &lst) == 0 && S_ISDIR(lst.st_mode);
		}
		if (is_dir) {
			if (depth < DIR_DEPTH_MAX)
				collect_dir(in, path.data, depth + 1);
			zl_buf_free(&path);
			continue;
		}
		if (!is_zone_file_name(ent->d_name)) {
			zl_buf_free(&path);
			continue;
		}
		/* a zone file that cannot be read is an error, not a file to
		 * pass over: a dangling link, a pipe, a directory */
		struct stat st;
		if (stat(path.data, &st) != 0) {
			zl_error_set(&e, ZL_EIO, path.data, 0, "cannot open: %s", strerror(errno));
			add_error(in, &e);
		} else if (S_ISDIR(st.st_mode)) {
			zl_error_set(&e, ZL_EIO, path.data, 0, "cannot open: %s", strerror(EISDIR));
			add_error(in, &e);
		} else if (!S_ISREG(st.st_mode)) {
			zl_error_set(&e, ZL_EIO, path.data, 0, "not a regular file");
			add_error(in, &e);
		} else {
			add_path(in, path.data, true);
		}
		zl_buf_free(&path);
	}
	closedir(d);
}

int cmd_inputs_collect(struct cmd_inputs *in, char **args, int count, struct zl_error *err)
{
	memset(in, 0, sizeof(*in));
	bool stdin_taken = false;
	for (int i = 0; i < count; i++) {
		struct zl_error e;
		struct stat st;
		if (strcmp(args[i], "-") == 0) {
			/* standard input, once */
			if (stdin_taken) {
				zl_error_set(&e, ZL_EUSAGE, NULL, 0, "'-' (standard input) given twice");
				add_error(in, &e);
			} else {
				add_path(in, "-", false);
			}
			stdin_taken = true;
			continue;
		}
		if (stat(args[i], &st) != 0) {
			zl_error_set(&e, ZL_EIO, args[i], 0, "cannot open: %s", strerror(errno));
			add_error(in, &e);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			add_path(in, args[i], false);
			continue;
		}
		size_t first = in->count, errors = in->error_count;
		collect_dir(in, args[i], 0);
		if (in->count == first && in->error_count == errors) {
			zl_error_set(&e, ZL_EIO, args[i], 0,
				     "no zone files here (names ending in .zone or .db, or starting "
				     "with db., in it or in its subdirectories)");
			add_error(in, &e);
		}
		/* in name order, as one listing (paths and their found flags) */
		if (in->count - first > 1)
			qsort(in->paths + first, in->count - first, sizeof(char *), compare_strings);
	}
	if (in->error_count == 0)
		return ZL_OK;
	if (err != NULL)
		*err = in->errors[0];
	return in->errors[0].code != 0 ? in->errors[0].code : ZL_EIO;
}

void cmd_inputs_free(struct cmd_inputs *in)
{
	for (size_t i = 0; i < in->count; i++)
		free(in->paths[i]);
	free(in->paths);
	free(in->found);
	free(in->errors);
	memset(in, 0, sizeof(*in));
}

char *cmd_path_absolute(const char *path)
{
	struct zl_buf abs;
	zl_buf_init(&abs);
	if (path[0] != '/') {
		char *cwd = getcwd(NULL, 0);
		zl_buf_printf(&abs, "%s/", cwd != NULL ? cwd : ".");
		free(cwd);
	}
	zl_buf_puts(&abs, path);
	/* the parts, "." and ".." applied */
	char **part = zl_malloc((abs.len / 2 + 2) * sizeof(char *));
	size_t n = 0;
	char *save = NULL;
	for (char *p = strtok_r(abs.data, "/", &save); p != NULL; p = strtok_r(NULL, "/", &save)) {
		if (strcmp(p, "..") == 0)
			n -= n > 0;
		else if (strcmp(p, ".") != 0)
			part[n++] = p;
	}
	struct zl_buf out;
	zl_buf_init(&out);
	for (size_t i = 0; i < n; i++)
		zl_buf_printf(&out, "/%s", part[i]);
	if (n == 0)
		zl_buf_puts(&out, "/");
	free(part);
	zl_buf_free(&abs);
	return zl_buf_steal(&out);
}

/* Standard input to its end (a NUL octet is left for the loader to
 * refuse). The caller frees *text. */
static int read_stdin(char **text, size_t *len, struct zl_error *err)
{
	struct zl_buf b;
	zl_buf_init(&b);
	char chunk[65536];
	for (;;) {
		ssize_t n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			zl_buf_free(&b);
			return zl_error_set(err, ZL_EIO, "-", 0, "cannot read standard input: %s",
					    strerror(e));
		}
		if (n == 0)
			break;
		zl_buf_append(&b, chunk, (size_t)n);
	}
	zl_buf_append(&b, "", 0);
	*len = b.len;
	*text = zl_buf_steal(&b);
	return ZL_OK;
}

int cmd_load_zone(const char *path, const struct zone_load_options *opt, struct zone **out,
		  struct zl_error *err)
{
	if (strcmp(path, "-") != 0)
		return zone_load_file(path, opt, out, err);
	*out = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = read_stdin(&text, &len, err);
	if (rc != ZL_OK) {
		if (opt->on_error != NULL)
			opt->on_error(err, opt->ctx);
		return rc;
	}
	if (memchr(text, '\0', len) != NULL) {
		rc = zl_error_set(err, ZL_EPARSE, "-", 0, "binary data (a NUL octet): not a zone file");
		if (opt->on_error != NULL)
			opt->on_error(err, opt->ctx);
	} else {
		rc = zone_load_string(text, len, "-", opt, out, err);
	}
	free(text);
	return rc;
}

static void print_load_error(const struct zl_error *err, void *ctx)
{
	(void)ctx;
	cmd_print_error(err);
}

int cmd_load_zones(const struct cmd_inputs *in, const struct cmd_load *how, struct zone ***zones)
{
	*zones = zl_calloc(in->count ? in->count : 1, sizeof(struct zone *));
	struct zone_load_options opt = {0};
	opt.origin = in->count == 1 ? how->origin : NULL;
	opt.include_dir = how->include_dir;
	opt.on_error = print_load_error;
	opt.on_note = print_load_error;
	int rc = ZL_OK;
	for (size_t i = 0; i < in->count; i++) {
		struct zl_error err;
		zl_error_clear(&err);
		int r = cmd_load_zone(in->paths[i], &opt, &(*zones)[i], &err);
		if (r != ZL_OK)
			rc = r; /* the loader printed its errors as they came */
	}
	if (rc != ZL_OK) {
		cmd_zones_free(*zones, in->count);
		*zones = NULL;
	}
	return rc;
}

/* The loader reads the $INCLUDEd files of a previous version from git. */
static int read_from_git(const char *path, char **text, size_t *len, void *ctx,
			 struct zl_error *err)
{
	int rc = cmd_git_read(ctx, path, text, len, err);
	if (rc == ZL_OK && *text == NULL)
		rc = zl_error_set(err, ZL_EIO, path, 0, "not in the revision");
	return rc;
}

int cmd_zone_previous(struct cmd_git *g, const char *revision, const char *path,
		      const struct cmd_load *how, struct lint_previous *out, bool *found,
		      struct zl_error *err)
{
	*found = false;
	char *text = NULL;
	size_t len = 0;
	int rc = cmd_git_read(g, path, &text, &len, err);
	if (rc != ZL_OK || text == NULL)
		return rc; /* no such file: a zone new since the revision */
	struct zone_load_options opt = {0};
	opt.origin = how->origin;
	opt.include_dir = how->include_dir;
	opt.read_include = read_from_git;
	opt.read_ctx = g;
	struct zone *prev = NULL;
	rc = zone_load_string(text, len, path, &opt, &prev, err);
	free(text);
	if (rc != ZL_OK)
		return rc;
	out->revision = revision;
	out->serial = zone_soa_serial(prev);
	out->digest = lint_records_digest(prev);
	*found = prev->soa != ZONE_NONE;
	zone_free(prev);
	return ZL_OK;
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
		if (strcmp(r->id, "syntax") == 0) {
			/* a zone that does not load cannot be linted: never a warning */
			zl_error_set(&err, ZL_ECONFIG, (*out)->path, r->line,
				     "rule 'syntax' cannot be configured: a zone file that cannot be "
				     "read or parsed is always an error (exit status 2)");
			cmd_print_error(&err);
			config_free(*out);
			*out = NULL;
			return ZL_ECONFIG;
		}
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
