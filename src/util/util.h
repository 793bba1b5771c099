/* SPDX-License-Identifier: BSD-3-Clause */
/* util: the few helpers every module shares: error reports with a location,
 * allocation with one out-of-memory policy, growable buffers and arrays.
 * This header is the module's whole public face. */
#ifndef ZONELINT_UTIL_H
#define ZONELINT_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Status codes: 0 is success, every failure is negative. */
enum zl_status {
	ZL_OK = 0,
	ZL_EUSAGE = -1,   /* bad command line or argument */
	ZL_EIO = -2,      /* a file could not be read or written */
	ZL_EPARSE = -3,   /* input that does not parse */
	ZL_ECONFIG = -4,  /* configuration error */
	ZL_ELIMIT = -5,   /* input beyond a fixed limit */
	ZL_ECHANGED = -6, /* a file changed under us */
	ZL_EREFUSED = -7, /* an operation refused on purpose (e.g. a fix that makes things worse) */
	ZL_ENET = -8,     /* a network operation failed */
};

/* Where and why something failed. The caller owns it (usually on the stack);
 * functions fill it in and return the same negative code. */
struct zl_error {
	int code;
	unsigned long line;   /* 0 when not tied to a line */
	unsigned long column; /* 0 when unknown */
	char file[1024];      /* empty when not tied to a file */
	char message[1024];
};

void zl_error_clear(struct zl_error *err);
/* Fills err (when not NULL) and returns code. */
int zl_error_set(struct zl_error *err, int code, const char *file, unsigned long line,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* "FILE:LINE: message" (or "FILE: message", or "message"), no newline. */
void zl_error_format(const struct zl_error *err, char *out, size_t size);

/* Allocation: out of memory is the one fatal condition, reported here and
 * nowhere else (the process exits with status 2). */
/* Reports that size bytes could not be had and exits 2: the one fatal error. */
_Noreturn void zl_out_of_memory(size_t size);
void *zl_malloc(size_t size);
/* As zl_malloc, for a large block that will be written soon and mostly:
 * its pages are mapped in one system call rather than by a page fault
 * each (on a virtual machine a fault costs about 10 us, and a short run
 * such as a pre-commit lint takes tens of them). */
void *zl_malloc_populated(size_t size);
/* Maps the pages that hold [p, p + size) at once, as writing to them would
 * one by one; they must be writable memory of the process. */
void zl_populate(void *p, size_t size);
void *zl_calloc(size_t count, size_t size);
void *zl_realloc(void *ptr, size_t size);
char *zl_strdup(const char *s);
char *zl_strndup(const char *s, size_t n);
/* Makes room for at least need elements of elem bytes in *ptr, growing *cap
 * geometrically. Returns the (possibly moved) array. */
void *zl_grow(void *ptr, size_t *cap, size_t need, size_t elem);

/* A growable byte string, always NUL-terminated. Owner: whoever declared it;
 * release with zl_buf_free. */
struct zl_buf {
	char *data;
	size_t len;
	size_t cap;
};
void zl_buf_init(struct zl_buf *b);
void zl_buf_free(struct zl_buf *b);
void zl_buf_reset(struct zl_buf *b);
void zl_buf_append(struct zl_buf *b, const void *data, size_t len);
void zl_buf_puts(struct zl_buf *b, const char *s);
void zl_buf_putc(struct zl_buf *b, char c);
void zl_buf_printf(struct zl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void zl_buf_vprintf(struct zl_buf *b, const char *fmt, va_list ap);
/* Hands the data to the caller (who frees it) and leaves b empty. */
char *zl_buf_steal(struct zl_buf *b);

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
int zl_file_read(const char *path, char **data, size_t *len, struct zl_error *err);
/* The same, failing (ZL_ELIMIT) once the file passes max octets: a device
 * or pipe given where a small file belongs (/dev/zero) would never end. */
int zl_file_read_max(const char *path, size_t max, char **data, size_t *len,
		     struct zl_error *err);

/* Starts fn(arg) on a new thread, as pthread_create does (0 or an error
 * number), with every signal blocked and placed first on a CPU other than
 * the caller's (see thread.c). */
int zl_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg);
/* The CPUs this process may run on (taskset and cpusets count), at least 1. */
size_t zl_cpu_count(void);

/* Edits between two short strings (a swap of neighbours is one; ASCII case
 * aside), SIZE_MAX beyond 64 characters: for "did you mean" suggestions. */
size_t zl_edit_distance(const char *a, const char *b);

/* Severities of findings, in order; OFF silences a rule. */
enum zl_severity { ZL_SEV_OFF = 0, ZL_SEV_NOTE = 1, ZL_SEV_WARNING = 2, ZL_SEV_ERROR = 3 };
/* "off", "note", "warning", "error" */
const char *zl_severity_name(enum zl_severity sev);
/* Parses one of those names; returns false for anything else. */
bool zl_severity_parse(const char *text, enum zl_severity *out);

/* ASCII case folding, independent of the locale (DNS names are ASCII-case-insensitive). */
static inline uint8_t zl_lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

#endif
