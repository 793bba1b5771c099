/* SPDX-License-Identifier: BSD-3-Clause */
/* util/alloc.c: allocation wrappers. Running out of memory is the one fatal
 * error; it is reported and handled here, in one place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/util.h"

_Noreturn void zl_out_of_memory(size_t size)
{
	fprintf(stderr, "zonelint: out of memory (allocating %zu bytes)\n", size);
	exit(2);
}

void *zl_malloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (p == NULL)
		zl_out_of_memory(size);
	return p;
}

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14 */
#endif

void zl_populate(void *p, size_t size)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)p & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + size + page - 1) & ~(page - 1);
	/* populating writes nothing; an older kernel says EINVAL and the
	 * pages fault in one by one as before */
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
}

void *zl_malloc_populated(size_t size)
{
	void *p = zl_malloc(size);
	zl_populate(p, size); /* its pages hold p or the heap around it */
	return p;
}

void *zl_calloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (p == NULL)
		zl_out_of_memory(count * size);
	return p;
}

void *zl_realloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (p == NULL)
		zl_out_of_memory(size);
	return p;
}

char *zl_strdup(const char *s)
{
	return zl_strndup(s, strlen(s));
}

char *zl_strndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = zl_malloc(len + 1);
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

void *zl_grow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return ptr;
	size_t n = *cap ? *cap : 16;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem)
			zl_out_of_memory(SIZE_MAX);
		n *= 2;
	}
	ptr = zl_realloc(ptr, n * elem);
	*cap = n;
	return ptr;
}
