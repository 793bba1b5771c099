/* SPDX-License-Identifier: BSD-3-Clause */
/* config: the .zonelint.yaml configuration, read with libyaml. Unknown keys
 * and values of the wrong type are errors with FILE:LINE.
 * This header is the module's whole public face. */
#ifndef ZONELINT_CONFIG_H
#define ZONELINT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

#define CONFIG_FILE_NAME ".zonelint.yaml"

struct config_certificate {
	char **names;      /* names: [..] (may be empty when pem is set) */
	size_t name_count;
	char *pem;         /* pem: path, made relative to the directory of the config file */
	char **hosts;      /* hosts: [..] names or addresses */
	size_t host_count;
	unsigned long line; /* line of the entry in the file */
};

struct config_rule {
	char *id;          /* as written; the caller checks it against the rule table */
	enum zl_severity severity;
	unsigned long line;
};

struct config {
	char *path;        /* the file read ("" for built-in defaults) */
	struct config_certificate *certificates;
	size_t certificate_count;
	bool has_mail_domains; /* mail.domains given: overrides "every owner with MX" */
	char **mail_domains;   /* as written (absolute or not) */
	size_t mail_domain_count;
	char *autodiscover_host; /* mail.autodiscover-host, or NULL */
	struct config_rule *rules;
	size_t rule_count;
};

/* Reads and checks a configuration file. Schema:
 *   certificates: list of {names: [str], pem: str, hosts: [str]}
 *     (each entry needs hosts and names or pem)
 *   mail: {domains: [str], autodiscover-host: str}
 *   rules: {RULE-ID: error|warning|note|off}
 * Anything else is an error at its line. Caller frees *out. */
int config_load_file(const char *path, struct config **out, struct zl_error *err);
/* The same from memory; name is used in messages and to make pem paths
 * relative to its directory. */
int config_load_string(const char *text, size_t len, const char *name, struct config **out,
		       struct zl_error *err);
/* An empty configuration (no file). */
struct config *config_new_empty(void);
void config_free(struct config *c);
/* Where the configuration is when --config is not given: ./.zonelint.yaml,
 * else .zonelint.yaml in the directory of near (a zone file or directory)
 * or any of its parents. Returns false when there is none. */
bool config_find(const char *near, char *out, size_t size);

#endif
