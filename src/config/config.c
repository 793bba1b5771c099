/* SPDX-License-Identifier: BSD-3-Clause */
/* config/config.c: reads .zonelint.yaml with libyaml's event API into a small
 * tree, then checks it against the schema in config.h, so that every error
 * (YAML 1.1 syntax, unknown key, wrong type) carries FILE:LINE. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <yaml.h>

#include "config/config.h"

/* The schema is four levels deep; anything much deeper is not a config. */
#define MAX_DEPTH 64
/* Values (keys and list items) copied into the config: a bound that aliases
 * of aliases ("billion laughs") cannot get around, far above real use. */
#define MAX_VALUES 100000
/* Far above any configuration; stops /dev/zero given as one. */
#define CONFIG_FILE_MAX (16u << 20)

/* ---- the YAML tree ---- */

enum ynode_kind { Y_SCALAR, Y_SEQUENCE, Y_MAPPING };

struct ynode {
	enum ynode_kind kind;
	unsigned long line; /* 1-based */
	bool is_null;       /* a plain "", "~" or "null" scalar (YAML 1.1 null) */
	char *text;         /* scalars */
	struct ynode **items; /* sequence items; mapping keys and values, alternating */
	size_t count, cap;
};

struct anchor {
	char *name;
	struct ynode *node;
};

/* Owns every node: aliases make the tree a DAG, so nodes are freed from
 * this list, never by walking. Anchors are found by hash (open addressing,
 * never more than half full), so that many anchors and aliases cost
 * linear time, not quadratic. */
struct ytree {
	struct ynode *root;
	struct ynode **nodes;
	size_t node_count, node_cap;
	struct anchor *anchors;
	size_t anchor_count, anchor_slots; /* anchor_slots: 0 or a power of two */
};

static void ytree_free(struct ytree *t)
{
	for (size_t i = 0; i < t->node_count; i++) {
		free(t->nodes[i]->text);
		free(t->nodes[i]->items);
		free(t->nodes[i]);
	}
	free(t->nodes);
	for (size_t i = 0; i < t->anchor_slots; i++)
		free(t->anchors[i].name);
	free(t->anchors);
}

static size_t anchor_hash(const char *name)
{
	size_t h = 2166136261u; /* FNV-1a */
	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	return h;
}

/* The slot that holds name, or the empty slot where it goes. */
static struct anchor *anchor_slot(const struct ytree *t, const char *name)
{
	size_t mask = t->anchor_slots - 1;
	for (size_t i = anchor_hash(name) & mask;; i = (i + 1) & mask)
		if (t->anchors[i].name == NULL || strcmp(t->anchors[i].name, name) == 0)
			return &t->anchors[i];
}

static struct ynode *ytree_node(struct ytree *t, enum ynode_kind kind, const yaml_mark_t *mark)
{
	struct ynode *n = zl_calloc(1, sizeof(*n));
	n->kind = kind;
	n->line = (unsigned long)mark->line + 1;
	t->nodes = zl_grow(t->nodes, &t->node_cap, t->node_count + 1, sizeof(*t->nodes));
	t->nodes[t->node_count++] = n;
	return n;
}

/* YAML allows an anchor to be redefined: the latest definition counts. */
static void ytree_anchor(struct ytree *t, const yaml_char_t *name, struct ynode *n)
{
	if (name == NULL)
		return;
	if (2 * (t->anchor_count + 1) > t->anchor_slots) {
		struct ytree bigger = {.anchor_slots = t->anchor_slots ? 2 * t->anchor_slots : 16};
		bigger.anchors = zl_calloc(bigger.anchor_slots, sizeof(*bigger.anchors));
		for (size_t i = 0; i < t->anchor_slots; i++)
			if (t->anchors[i].name != NULL)
				*anchor_slot(&bigger, t->anchors[i].name) = t->anchors[i];
		free(t->anchors);
		t->anchors = bigger.anchors;
		t->anchor_slots = bigger.anchor_slots;
	}
	struct anchor *a = anchor_slot(t, (const char *)name);
	if (a->name == NULL) {
		a->name = zl_strdup((const char *)name);
		t->anchor_count++;
	}
	a->node = n;
}

static struct ynode *ytree_alias(const struct ytree *t, const yaml_char_t *name)
{
	if (t->anchor_slots == 0)
		return NULL;
	return anchor_slot(t, (const char *)name)->node;
}

static void ynode_append(struct ynode *parent, struct ynode *child)
{
	parent->items = zl_grow(parent->items, &parent->cap, parent->count + 1,
				sizeof(*parent->items));
	parent->items[parent->count++] = child;
}

static bool is_null_scalar(const yaml_event_t *ev)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp((const char *)ev->data.scalar.value, nulls[i]) == 0)
			return true;
	return false;
}

/* libyaml counts lines only for scanner and parser errors; for reader
 * errors (bad encoding) it gives a byte offset. */
static unsigned long line_of_offset(const char *text, size_t len, size_t offset)
{
	unsigned long line = 1;
	for (size_t i = 0; i < offset && i < len; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

static int yaml_failure(const yaml_parser_t *parser, const char *text, size_t len,
			const char *name, struct zl_error *err)
{
	const char *problem = parser->problem != NULL ? parser->problem : "unknown problem";
	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return zl_error_set(err, ZL_ELIMIT, name, 0, "out of memory reading YAML");
	case YAML_READER_ERROR:
		return zl_error_set(err, ZL_EPARSE, name,
				    line_of_offset(text, len, parser->problem_offset),
				    "YAML syntax error: %s", problem);
	default:
		break;
	}
	unsigned long line = (unsigned long)parser->problem_mark.line + 1;
	if (parser->context != NULL)
		return zl_error_set(err, ZL_EPARSE, name, line,
				    "YAML syntax error: %s (%s at line %lu)", problem,
				    parser->context, (unsigned long)parser->context_mark.line + 1);
	return zl_error_set(err, ZL_EPARSE, name, line, "YAML syntax error: %s", problem);
}

/* One event into the tree. stack holds the open collections. */
static int ytree_event(struct ytree *t, const yaml_event_t *ev, struct ynode **stack,
		       size_t *depth, const char *name, struct zl_error *err)
{
	unsigned long line = (unsigned long)ev->start_mark.line + 1;
	struct ynode *n = NULL;
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL)
			return zl_error_set(err, ZL_ECONFIG, name, line,
					    "a string must not contain a NUL character");
		n = ytree_node(t, Y_SCALAR, &ev->start_mark);
		n->text = zl_strndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		n->is_null = is_null_scalar(ev);
		ytree_anchor(t, ev->data.scalar.anchor, n);
		break;
	case YAML_ALIAS_EVENT:
		n = ytree_alias(t, ev->data.alias.anchor);
		if (n == NULL)
			return zl_error_set(err, ZL_ECONFIG, name, line, "undefined alias '*%s'",
					    (const char *)ev->data.alias.anchor);
		break;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (*depth == MAX_DEPTH)
			return zl_error_set(err, ZL_ELIMIT, name, line,
					    "nesting deeper than %d levels", MAX_DEPTH);
		n = ytree_node(t, ev->type == YAML_SEQUENCE_START_EVENT ? Y_SEQUENCE : Y_MAPPING,
			       &ev->start_mark);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		(*depth)--;
		return ZL_OK;
	default:
		return ZL_OK;
	}
	if (*depth == 0)
		t->root = n;
	else
		ynode_append(stack[*depth - 1], n);
	if (ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT)
		stack[(*depth)++] = n;
	return ZL_OK;
}

/* The anchors of collections, remembered until the collection ends. */
static const yaml_char_t *collection_anchor(const yaml_event_t *ev)
{
	if (ev->type == YAML_SEQUENCE_START_EVENT)
		return ev->data.sequence_start.anchor;
	if (ev->type == YAML_MAPPING_START_EVENT)
		return ev->data.mapping_start.anchor;
	return NULL;
}

static int ytree_parse(struct ytree *t, const char *text, size_t len, const char *name,
		       struct zl_error *err)
{
	yaml_parser_t parser;
	if (!yaml_parser_initialize(&parser))
		return zl_error_set(err, ZL_ELIMIT, name, 0, "out of memory reading YAML");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);

	struct ynode *stack[MAX_DEPTH];
	char *stack_anchor[MAX_DEPTH];
	size_t depth = 0;
	int documents = 0;
	int rc = ZL_OK;
	for (bool done = false; !done && rc == ZL_OK;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = yaml_failure(&parser, text, len, name, err);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++documents > 1)
			rc = zl_error_set(err, ZL_ECONFIG, name,
					  (unsigned long)ev.start_mark.line + 1,
					  "a configuration file holds one YAML document, "
					  "not several");
		/* The anchor of a collection is defined only once it is complete,
		 * so it cannot contain an alias of itself (no cycles). */
		if (rc == ZL_OK && (ev.type == YAML_SEQUENCE_END_EVENT ||
				    ev.type == YAML_MAPPING_END_EVENT)) {
			char *anchor = stack_anchor[depth - 1];
			ytree_anchor(t, (const yaml_char_t *)anchor, stack[depth - 1]);
			free(anchor);
		}
		if (rc == ZL_OK)
			rc = ytree_event(t, &ev, stack, &depth, name, err);
		if (rc == ZL_OK && collection_anchor(&ev) != NULL)
			stack_anchor[depth - 1] = zl_strdup((const char *)collection_anchor(&ev));
		else if (rc == ZL_OK && (ev.type == YAML_SEQUENCE_START_EVENT ||
					 ev.type == YAML_MAPPING_START_EVENT))
			stack_anchor[depth - 1] = NULL;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	while (depth > 0)
		free(stack_anchor[--depth]);
	yaml_parser_delete(&parser);
	return rc;
}

/* ---- the schema ---- */

struct loader {
	const char *name;  /* for messages */
	const char *dir;   /* prefix for relative pem paths ("" or "zones/") */
	struct config *cfg;
	struct zl_error *err;
	size_t values;     /* values copied so far, against MAX_VALUES */
};

static int count_value(struct loader *ld, const struct ynode *n)
{
	if (++ld->values > MAX_VALUES)
		return zl_error_set(ld->err, ZL_ELIMIT, ld->name, n->line,
				    "more than %d values in the configuration", MAX_VALUES);
	return ZL_OK;
}

/* known is a NULL-terminated list; where names the mapping in the message. */
static int unknown_key(struct loader *ld, const struct ynode *key, const char *where,
		       const char *const *known)
{
	const char *closest = NULL;
	size_t best = SIZE_MAX;
	for (size_t i = 0; known[i] != NULL; i++) {
		size_t d = zl_edit_distance(key->text, known[i]);
		/* close: at most two edits, and fewer than half the word */
		if (d < best && d <= 2 && 2 * d < strlen(known[i])) {
			best = d;
			closest = known[i];
		}
	}
	if (closest != NULL)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, key->line,
				    "unknown key '%s'%s (did you mean '%s'?)", key->text, where,
				    closest);
	struct zl_buf list;
	zl_buf_init(&list);
	for (size_t i = 0; known[i] != NULL; i++)
		zl_buf_printf(&list, "%s%s", i ? ", " : "", known[i]);
	int rc = zl_error_set(ld->err, ZL_ECONFIG, ld->name, key->line,
			      "unknown key '%s'%s (known keys: %s)", key->text, where, list.data);
	zl_buf_free(&list);
	return rc;
}

/* Key positions in a mapping, by text and then by position. */
static int compare_keys(const void *pa, const void *pb, void *ctx)
{
	const struct ynode *const *items = ctx;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	int c = strcmp(items[a]->text, items[b]->text);
	return c != 0 ? c : (a < b ? -1 : a > b);
}

/* Checks the keys of a mapping: strings, each once. Duplicates are found
 * by sorting (a mapping may have a hundred thousand keys); the one
 * reported is the first to repeat an earlier key, as a reader finds it. */
static int check_keys(struct loader *ld, const struct ynode *map)
{
	size_t keys = map->count / 2;
	for (size_t i = 0; i < keys; i++) {
		const struct ynode *key = map->items[2 * i];
		if (key->kind != Y_SCALAR || key->is_null || key->text[0] == '\0')
			return zl_error_set(ld->err, ZL_ECONFIG, ld->name, key->line,
					    "a key must be a non-empty string");
		int rc = count_value(ld, key);
		if (rc != ZL_OK)
			return rc;
	}
	if (keys < 2)
		return ZL_OK;
	size_t *order = zl_malloc(keys * sizeof(*order));
	for (size_t i = 0; i < keys; i++)
		order[i] = 2 * i;
	qsort_r(order, keys, sizeof(*order), compare_keys, map->items);
	/* in each run of one text, the second is the first repeat */
	size_t dup = SIZE_MAX, first = 0;
	for (size_t i = 0, j; i < keys; i = j) {
		for (j = i + 1; j < keys; j++)
			if (strcmp(map->items[order[i]]->text, map->items[order[j]]->text) != 0)
				break;
		if (j - i > 1 && order[i + 1] < dup) {
			dup = order[i + 1];
			first = order[i];
		}
	}
	free(order);
	if (dup == SIZE_MAX)
		return ZL_OK;
	return zl_error_set(ld->err, ZL_ECONFIG, ld->name, map->items[dup]->line,
			    "duplicate key '%s' (first at line %lu)", map->items[dup]->text,
			    map->items[first]->line);
}

static int get_string(struct loader *ld, const struct ynode *n, const char *key, char **out)
{
	if (n->kind != Y_SCALAR || n->is_null)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line, "'%s' must be a string",
				    key);
	if (n->text[0] == '\0')
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line,
				    "'%s' must not be empty", key);
	int rc = count_value(ld, n);
	if (rc != ZL_OK)
		return rc;
	free(*out);
	*out = zl_strdup(n->text);
	return ZL_OK;
}

/* A list of non-empty strings; null is the empty list. */
static int get_string_list(struct loader *ld, const struct ynode *n, const char *key,
			   char ***out, size_t *count)
{
	if (n->kind == Y_SCALAR && n->is_null)
		return ZL_OK;
	if (n->kind != Y_SEQUENCE)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line,
				    "'%s' must be a list of strings", key);
	for (size_t i = 0; i < n->count; i++) {
		const struct ynode *item = n->items[i];
		if (item->kind != Y_SCALAR || item->is_null)
			return zl_error_set(ld->err, ZL_ECONFIG, ld->name, item->line,
					    "'%s' must be a list of strings", key);
		if (item->text[0] == '\0')
			return zl_error_set(ld->err, ZL_ECONFIG, ld->name, item->line,
					    "empty string in '%s'", key);
		int rc = count_value(ld, item);
		if (rc != ZL_OK)
			return rc;
	}
	*out = zl_calloc(n->count, sizeof(**out));
	for (size_t i = 0; i < n->count; i++)
		(*out)[i] = zl_strdup(n->items[i]->text);
	*count = n->count;
	return ZL_OK;
}

static bool is_null(const struct ynode *n)
{
	return n->kind == Y_SCALAR && n->is_null;
}

static int load_certificate(struct loader *ld, const struct ynode *entry,
			    struct config_certificate *c)
{
	static const char *const known[] = {"names", "pem", "hosts", NULL};
	c->line = entry->line;
	if (entry->kind != Y_MAPPING)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, entry->line,
				    "a 'certificates' entry must be a mapping with 'hosts' and "
				    "'names' or 'pem'");
	int rc = check_keys(ld, entry);
	bool has_names = false, has_pem = false, has_hosts = false;
	for (size_t i = 0; i < entry->count && rc == ZL_OK; i += 2) {
		const struct ynode *key = entry->items[i], *value = entry->items[i + 1];
		if (strcmp(key->text, "names") == 0) {
			rc = get_string_list(ld, value, "names", &c->names, &c->name_count);
			has_names = true;
		} else if (strcmp(key->text, "hosts") == 0) {
			rc = get_string_list(ld, value, "hosts", &c->hosts, &c->host_count);
			has_hosts = true;
		} else if (strcmp(key->text, "pem") == 0) {
			char *pem = NULL;
			rc = get_string(ld, value, "pem", &pem);
			if (rc == ZL_OK) {
				/* relative to the configuration, not to the cwd */
				struct zl_buf b;
				zl_buf_init(&b);
				zl_buf_printf(&b, "%s%s", pem[0] == '/' ? "" : ld->dir, pem);
				c->pem = zl_buf_steal(&b);
			}
			free(pem);
			has_pem = true;
		} else {
			rc = unknown_key(ld, key, " in a 'certificates' entry", known);
		}
	}
	if (rc != ZL_OK)
		return rc;
	if (!has_hosts || c->host_count == 0)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, entry->line,
				    "certificates entry needs 'hosts' (the host names or addresses "
				    "that present it)");
	if (has_names && has_pem)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, entry->line,
				    "certificates entry has both 'names' and 'pem'; give one");
	if (!has_pem && c->name_count == 0)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, entry->line,
				    "certificates entry needs 'names' or 'pem'");
	return ZL_OK;
}

static int load_certificates(struct loader *ld, const struct ynode *n)
{
	if (is_null(n))
		return ZL_OK;
	if (n->kind != Y_SEQUENCE)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line,
				    "'certificates' must be a list of mappings");
	struct config *cfg = ld->cfg;
	cfg->certificates = zl_calloc(n->count, sizeof(*cfg->certificates));
	for (size_t i = 0; i < n->count; i++) {
		/* counted before loading, so that config_free sees what was filled */
		cfg->certificate_count++;
		int rc = load_certificate(ld, n->items[i], &cfg->certificates[i]);
		if (rc != ZL_OK)
			return rc;
	}
	return ZL_OK;
}

static int load_mail(struct loader *ld, const struct ynode *n)
{
	static const char *const known[] = {"domains", "autodiscover-host", NULL};
	if (is_null(n))
		return ZL_OK;
	if (n->kind != Y_MAPPING)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line,
				    "'mail' must be a mapping");
	int rc = check_keys(ld, n);
	struct config *cfg = ld->cfg;
	for (size_t i = 0; i < n->count && rc == ZL_OK; i += 2) {
		const struct ynode *key = n->items[i], *value = n->items[i + 1];
		if (strcmp(key->text, "domains") == 0) {
			rc = get_string_list(ld, value, "domains", &cfg->mail_domains,
					     &cfg->mail_domain_count);
			cfg->has_mail_domains = true;
		} else if (strcmp(key->text, "autodiscover-host") == 0) {
			rc = get_string(ld, value, "autodiscover-host", &cfg->autodiscover_host);
		} else {
			rc = unknown_key(ld, key, " in 'mail'", known);
		}
	}
	return rc;
}

static int load_rules(struct loader *ld, const struct ynode *n)
{
	if (is_null(n))
		return ZL_OK;
	if (n->kind != Y_MAPPING)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, n->line,
				    "'rules' must be a mapping of rule ids to severities");
	int rc = check_keys(ld, n);
	if (rc != ZL_OK)
		return rc;
	struct config *cfg = ld->cfg;
	cfg->rules = zl_calloc(n->count / 2, sizeof(*cfg->rules));
	for (size_t i = 0; i < n->count; i += 2) {
		const struct ynode *key = n->items[i], *value = n->items[i + 1];
		enum zl_severity sev;
		if (value->kind != Y_SCALAR || !zl_severity_parse(value->text, &sev))
			return zl_error_set(
				ld->err, ZL_ECONFIG, ld->name, value->line,
				"severity must be error, warning, note or off (got '%s')",
				value->kind == Y_SCALAR ? value->text : "a collection");
		struct config_rule *r = &cfg->rules[cfg->rule_count++];
		r->id = zl_strdup(key->text);
		r->severity = sev;
		r->line = key->line;
	}
	return ZL_OK;
}

static int load_root(struct loader *ld, const struct ynode *root)
{
	static const char *const known[] = {"certificates", "mail", "rules", NULL};
	if (root == NULL || is_null(root))
		return ZL_OK; /* an empty file is an empty configuration */
	if (root->kind != Y_MAPPING)
		return zl_error_set(ld->err, ZL_ECONFIG, ld->name, root->line,
				    "the configuration must be a mapping (certificates:, mail:, "
				    "rules:)");
	int rc = check_keys(ld, root);
	for (size_t i = 0; i < root->count && rc == ZL_OK; i += 2) {
		const struct ynode *key = root->items[i], *value = root->items[i + 1];
		if (strcmp(key->text, "certificates") == 0)
			rc = load_certificates(ld, value);
		else if (strcmp(key->text, "mail") == 0)
			rc = load_mail(ld, value);
		else if (strcmp(key->text, "rules") == 0)
			rc = load_rules(ld, value);
		else
			rc = unknown_key(ld, key, "", known);
	}
	return rc;
}

/* ---- the public face ---- */

struct config *config_new_empty(void)
{
	struct config *c = zl_calloc(1, sizeof(*c));
	c->path = zl_strdup("");
	return c;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_free(struct config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	for (size_t i = 0; i < c->certificate_count; i++) {
		struct config_certificate *cc = &c->certificates[i];
		free_strings(cc->names, cc->name_count);
		free(cc->pem);
		free_strings(cc->hosts, cc->host_count);
	}
	free(c->certificates);
	free_strings(c->mail_domains, c->mail_domain_count);
	free(c->autodiscover_host);
	for (size_t i = 0; i < c->rule_count; i++)
		free(c->rules[i].id);
	free(c->rules);
	free(c);
}

int config_load_string(const char *text, size_t len, const char *name, struct config **out,
		       struct zl_error *err)
{
	*out = NULL;
	if (name == NULL)
		name = "";
	struct ytree tree = {0};
	int rc = ytree_parse(&tree, text, len, name, err);
	if (rc != ZL_OK) {
		ytree_free(&tree);
		return rc;
	}
	/* "zones/.zonelint.yaml" -> "zones/"; "x.yaml" -> "" */
	const char *slash = strrchr(name, '/');
	char *dir = zl_strndup(name, slash != NULL ? (size_t)(slash - name) + 1 : 0);
	struct config *cfg = config_new_empty();
	free(cfg->path);
	cfg->path = zl_strdup(name);
	struct loader ld = {.name = name, .dir = dir, .cfg = cfg, .err = err};
	rc = load_root(&ld, tree.root);
	free(dir);
	ytree_free(&tree);
	if (rc != ZL_OK) {
		config_free(cfg);
		return rc;
	}
	*out = cfg;
	return ZL_OK;
}

int config_load_file(const char *path, struct config **out, struct zl_error *err)
{
	*out = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc = zl_file_read_max(path, CONFIG_FILE_MAX, &text, &len, err);
	if (rc != ZL_OK)
		return rc;
	rc = config_load_string(text, len, path, out, err);
	free(text);
	return rc;
}

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir + "/.zonelint.yaml" into out when that file exists. */
static bool found_in(const char *dir, char *out, size_t size)
{
	int n;
	if (strcmp(dir, ".") == 0)
		n = snprintf(out, size, "%s", CONFIG_FILE_NAME);
	else
		n = snprintf(out, size, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			     CONFIG_FILE_NAME);
	return n > 0 && (size_t)n < size && is_file(out);
}

static void buf_set(struct zl_buf *b, const char *s)
{
	zl_buf_reset(b);
	zl_buf_puts(b, s);
}

/* The parent of a directory in the same spelling: "zones/sub" -> "zones",
 * "zones" -> ".", "/srv" -> "/", "." -> "..", "../x/.." -> "../x/../..". */
static void parent_dir(struct zl_buf *dir)
{
	char *slash = strrchr(dir->data, '/');
	const char *last = slash != NULL ? slash + 1 : dir->data;
	if (strcmp(last, ".") == 0 || strcmp(last, "..") == 0) {
		if (strcmp(dir->data, ".") == 0)
			buf_set(dir, "..");
		else
			zl_buf_puts(dir, "/..");
	} else if (slash == NULL) {
		buf_set(dir, ".");
	} else {
		/* keep the root's slash: "/srv" -> "/" */
		dir->len = slash == dir->data ? 1 : (size_t)(slash - dir->data);
		dir->data[dir->len] = '\0';
	}
}

bool config_find(const char *near, char *out, size_t size)
{
	if (size == 0)
		return false;
	if (found_in(".", out, size))
		return true;
	out[0] = '\0';
	if (near == NULL || near[0] == '\0')
		return false;

	/* Walk up from the directory of near, keeping the path in the user's
	 * spelling, so that messages name the file as the user would. */
	struct zl_buf dir;
	zl_buf_init(&dir);
	zl_buf_puts(&dir, near);
	while (dir.len > 1 && dir.data[dir.len - 1] == '/')
		dir.data[--dir.len] = '\0';
	if (!is_dir(dir.data))
		parent_dir(&dir);
	bool found = false;
	/* bounded: deeper than any real path */
	for (int step = 0; step < 256; step++) {
		found = found_in(dir.data, out, size);
		if (found)
			break;
		/* the root, or a directory that does not exist: stop */
		char *real = realpath(dir.data, NULL);
		bool stop = real == NULL || strcmp(real, "/") == 0;
		free(real);
		if (stop)
			break;
		parent_dir(&dir);
	}
	zl_buf_free(&dir);
	if (!found)
		out[0] = '\0';
	return found;
}
