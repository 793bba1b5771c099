/* util/error.c: error reports with a file, line and message (struct zl_error). */
#include <stdio.h>
#include <string.h>

#include "util/util.h"

void zl_error_clear(struct zl_error *err)
{
	if (err == NULL)
		return;
	memset(err, 0, sizeof(*err));
}

int zl_error_set(struct zl_error *err, int code, const char *file, unsigned long line,
		 const char *fmt, ...)
{
	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->column = 0;
	snprintf(err->file, sizeof(err->file), "%s", file != NULL ? file : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

void zl_error_format(const struct zl_error *err, char *out, size_t size)
{
	if (err->file[0] != '\0' && err->line > 0)
		snprintf(out, size, "%s:%lu: %s", err->file, err->line, err->message);
	else if (err->file[0] != '\0')
		snprintf(out, size, "%s: %s", err->file, err->message);
	else
		snprintf(out, size, "%s", err->message);
}
