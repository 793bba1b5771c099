/* SPDX-License-Identifier: BSD-3-Clause */
/* util/error.c: error reports with a file, line and message (struct zl_error),
 * and the names of severities. */
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

const char *zl_severity_name(enum zl_severity sev)
{
	switch (sev) {
	case ZL_SEV_OFF: return "off";
	case ZL_SEV_NOTE: return "note";
	case ZL_SEV_WARNING: return "warning";
	case ZL_SEV_ERROR: return "error";
	}
	return "?";
}

bool zl_severity_parse(const char *text, enum zl_severity *out)
{
	static const enum zl_severity all[] = {ZL_SEV_OFF, ZL_SEV_NOTE, ZL_SEV_WARNING, ZL_SEV_ERROR};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		if (strcmp(text, zl_severity_name(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	}
	return false;
}
