/* SPDX-License-Identifier: BSD-3-Clause */
/* cmd/git.c: files as a git revision has them (lint --previous REV): one
 * `git cat-file --batch` process, run without a shell, answers for every
 * file of every zone. Paths are taken relative to the top of the work tree
 * that holds the current directory (GIT_DIR and GIT_WORK_TREE are
 * honoured, as git honours them). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd/cmd.h"

extern char **environ;

struct cmd_git {
	pid_t pid;      /* git cat-file --batch */
	int to;         /* its standard input, a socket: a send to it never raises SIGPIPE */
	FILE *from;     /* its standard output */
	char *top;      /* the work tree's top, absolute */
	char commit[128]; /* the revision, resolved to a commit id */
};

/* Starts argv with standard input in_fd and output out_fd (-1: /dev/null),
 * standard error to /dev/null when quiet. */
static int spawn(char *const argv[], int in_fd, int out_fd, bool quiet, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (in_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, in_fd, STDIN_FILENO);
	else
		posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	int rc = posix_spawnp(pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc;
}

/* Runs git with args (quietly), its first line of output in out (no
 * newline). Returns true when it exits 0 and printed a line. */
static bool git_line(char *const argv[], char *out, size_t size)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return false;
	pid_t pid;
	int rc = spawn(argv, -1, fds[1], true, &pid);
	close(fds[1]);
	if (rc != 0) {
		close(fds[0]);
		return false;
	}
	size_t got = 0;
	for (;;) {
		ssize_t n = read(fds[0], out + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
		if (got == size - 1)
			break;
	}
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	out[got] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 && out[0] != '\0';
}

int cmd_git_open(const char *revision, struct cmd_git **out, struct zl_error *err)
{
	*out = NULL;
	char top[4096], commit[128], spec[1024];
	char *top_argv[] = {"git", "rev-parse", "--show-toplevel", NULL};
	if (!git_line(top_argv, top, sizeof(top)))
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "--previous %s: the current directory is not in a git work tree "
				    "(or git is not installed)",
				    revision);
	snprintf(spec, sizeof(spec), "%s^{commit}", revision);
	char *rev_argv[] = {"git", "rev-parse", "--verify", "--quiet", spec, NULL};
	if (revision[0] == '-' || !git_line(rev_argv, commit, sizeof(commit)))
		return zl_error_set(err, ZL_EUSAGE, NULL, 0,
				    "--previous %s: no such revision in this repository (a "
				    "repository's first commit has none before it: leave --previous out)",
				    revision);
	int sv[2], fds[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		return zl_error_set(err, ZL_EIO, NULL, 0, "--previous: %s", strerror(errno));
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		int e = errno;
		close(sv[0]);
		close(sv[1]);
		return zl_error_set(err, ZL_EIO, NULL, 0, "--previous: %s", strerror(e));
	}
	char *batch_argv[] = {"git", "cat-file", "--batch", NULL};
	pid_t pid;
	int rc = spawn(batch_argv, sv[1], fds[1], false, &pid);
	close(sv[1]);
	close(fds[1]);
	if (rc != 0) {
		close(sv[0]);
		close(fds[0]);
		return zl_error_set(err, ZL_EIO, NULL, 0, "--previous: cannot run git: %s",
				    strerror(rc));
	}
	struct cmd_git *g = zl_calloc(1, sizeof(*g));
	g->pid = pid;
	g->to = sv[0];
	g->from = fdopen(fds[0], "r");
	if (g->from == NULL)
		zl_out_of_memory(BUFSIZ);
	g->top = zl_strdup(top);
	snprintf(g->commit, sizeof(g->commit), "%s", commit);
	*out = g;
	return ZL_OK;
}

void cmd_git_close(struct cmd_git *g)
{
	if (g == NULL)
		return;
	close(g->to); /* git reads the end of its input and exits */
	fclose(g->from);
	int status;
	while (waitpid(g->pid, &status, 0) < 0 && errno == EINTR)
		;
	free(g->top);
	free(g);
}

/* path (relative to the current directory, or absolute) relative to the
 * work tree's top; NULL when it is outside. The caller frees it. */
static char *tree_path(const struct cmd_git *g, const char *path)
{
	char *abs = cmd_path_absolute(path);
	size_t tl = strlen(g->top);
	char *rel = NULL;
	if (strncmp(abs, g->top, tl) == 0 && abs[tl] == '/')
		rel = zl_strdup(abs + tl + 1);
	free(abs);
	return rel;
}

int cmd_git_read(struct cmd_git *g, const char *path, char **text, size_t *len,
		 struct zl_error *err)
{
	*text = NULL;
	*len = 0;
	char *rel = tree_path(g, path);
	if (rel == NULL)
		return zl_error_set(err, ZL_EIO, path, 0, "not in the git work tree %s", g->top);
	if (strchr(rel, '\n') != NULL) {
		free(rel);
		return zl_error_set(err, ZL_EIO, path, 0, "a newline in the name: not read from git");
	}
	struct zl_buf req;
	zl_buf_init(&req);
	zl_buf_printf(&req, "%s:%s\n", g->commit, rel);
	free(rel);
	size_t sent = 0;
	while (sent < req.len) {
		ssize_t n = send(g->to, req.data + sent, req.len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			zl_buf_free(&req);
			return zl_error_set(err, ZL_EIO, path, 0, "git cat-file stopped: %s",
					    strerror(errno));
		}
		sent += (size_t)n;
	}
	zl_buf_free(&req);
	/* "<id> blob <size>", or "<what was asked> missing" */
	char header[512];
	if (fgets(header, sizeof(header), g->from) == NULL)
		return zl_error_set(err, ZL_EIO, path, 0, "git cat-file stopped");
	header[strcspn(header, "\n")] = '\0';
	size_t hl = strlen(header);
	if (hl >= 8 && strcmp(header + hl - 8, " missing") == 0)
		return ZL_OK; /* not in the revision: *text stays NULL */
	char *type = strchr(header, ' ');
	char *size = type != NULL ? strchr(type + 1, ' ') : NULL;
	if (type == NULL || size == NULL)
		return zl_error_set(err, ZL_EIO, path, 0, "git cat-file: %s", header);
	*size++ = '\0';
	type++;
	char *end;
	errno = 0;
	unsigned long long bytes = strtoull(size, &end, 10);
	if (*end != '\0' || errno != 0 || bytes > (1ull << 32))
		return zl_error_set(err, ZL_EIO, path, 0, "git cat-file: %s", header);
	char *data = zl_malloc((size_t)bytes + 1);
	size_t got = fread(data, 1, (size_t)bytes, g->from);
	int nl = fgetc(g->from);
	if (got != bytes || nl != '\n') {
		free(data);
		return zl_error_set(err, ZL_EIO, path, 0, "git cat-file stopped in the middle");
	}
	data[got] = '\0';
	if (strcmp(type, "blob") != 0) {
		free(data);
		return zl_error_set(err, ZL_EIO, path, 0, "is a %s in git, not a file", type);
	}
	*text = data;
	*len = got;
	return ZL_OK;
}

const char *cmd_git_commit(const struct cmd_git *g)
{
	return g->commit;
}
