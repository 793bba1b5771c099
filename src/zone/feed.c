/* SPDX-License-Identifier: BSD-3-Clause */
/* zone/feed.c: loading a large zone in two threads. The thread that scans the
 * text with libzscanner hands its records, in batches, to a second thread
 * that builds the store (owners interned, record data copied), through a
 * ring of batches with one writer and one reader: the load then takes about
 * as long as the longer of the two rather than their sum. Records keep their
 * order, so the store is the one a single thread would build. */
#include <pthread.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "zone/internal.h"

#define FEED_SLOTS 32           /* batches in the ring */
#define FEED_FILL (16u << 10)   /* a batch is handed over once this full */
#define FEED_SPINS 256          /* polls before a thread sleeps */
#define FEED_WAKE (FEED_SLOTS / 2) /* batches a sleeping thread waits for */
#define TOUCH_AHEAD (4u << 20)  /* text mapped ahead of the scanner */
#define TOUCH_PAGE 4096u

/* One record in a batch, followed by its owner (owner_len octets, none when
 * it is the previous record's owner) and its data, padded to 4 octets. */
struct feed_entry {
	uint32_t ttl, line;
	uint16_t type, rdlen, file, span;
	uint8_t owner_len; /* 0: the owner of the previous record */
	uint8_t pad[3];
};

#define FEED_ENTRY_MAX (sizeof(struct feed_entry) + ZONE_NAME_MAX + 65535 + 4)
#define FEED_BATCH_SIZE (FEED_FILL + FEED_ENTRY_MAX)

struct zone_feed {
	/* shared: the counters each side publishes, and the means to sleep */
	alignas(64) atomic_size_t head; /* batches handed over by the scanner */
	alignas(64) atomic_size_t tail; /* batches the store thread is done with */
	atomic_bool done;               /* the scanner hands over no more */
	atomic_bool abandon;            /* the records are not wanted any more */
	/* A thread that sleeps says when it wants to be woken (0: awake): the
	 * store thread when head reaches store_wake, the scanner when tail
	 * reaches scanner_wake. Waking a whole half ring at a time keeps the
	 * wake-ups (system calls) few. */
	atomic_size_t store_wake, scanner_wake;
	atomic_uintptr_t pos; /* where the scanner is in the text */
	size_t used[FEED_SLOTS];
	uint8_t *data; /* FEED_SLOTS batches of FEED_BATCH_SIZE */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;

	/* the store thread's */
	alignas(64) struct zone *z;
	struct zone_insert_cache cache;
	uintptr_t text, text_end, touched;
	volatile uint8_t sink;

	/* the scanner's */
	alignas(64) size_t next; /* the batch being filled */
	uint8_t *fill;
	size_t fill_used;
	uint8_t owner[ZONE_NAME_MAX];
	size_t owner_len;
};

static inline void pause_cpu(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static void wake(struct zone_feed *f)
{
	pthread_mutex_lock(&f->mu);
	pthread_cond_broadcast(&f->cv);
	pthread_mutex_unlock(&f->mu);
}

/* The first touch of a page of a mapped file costs far more than reading
 * it (page tables, and on virtual machines the host's too): the store
 * thread takes that cost for the pages just ahead of the scanner. */
static bool touch_ahead(struct zone_feed *f, unsigned pages)
{
	uintptr_t pos = atomic_load_explicit(&f->pos, memory_order_relaxed);
	if (pos < f->text || pos >= f->text_end)
		return false;
	uintptr_t from = f->touched > pos ? f->touched : pos;
	uintptr_t to = f->text_end - pos > TOUCH_AHEAD ? pos + TOUCH_AHEAD : f->text_end;
	bool any = false;
	for (; from < to && pages > 0; pages--) {
		f->sink ^= *(const volatile uint8_t *)from;
		from = (from | (TOUCH_PAGE - 1)) + 1;
		any = true;
	}
	f->touched = from;
	return any;
}

/* Adds the records of one batch to the store. */
static void take(struct zone_feed *f, const uint8_t *p, size_t used)
{
	const uint8_t *end = p + used;
	while (p < end) {
		struct feed_entry e;
		memcpy(&e, p, sizeof(e));
		const uint8_t *owner = e.owner_len ? p + sizeof(e) : NULL;
		const uint8_t *rdata = p + sizeof(e) + e.owner_len;
		zone_store_add_record(f->z, owner, e.owner_len, &f->cache, e.type, e.ttl, rdata,
				      e.rdlen, e.file, e.line, e.span);
		p += (sizeof(e) + e.owner_len + e.rdlen + 3) & ~(size_t)3;
	}
}

/* Waits until the batch at tail is handed over; false when none will be. */
static bool wait_for_batch(struct zone_feed *f, size_t tail)
{
	for (unsigned i = 0; i < FEED_SPINS; i++) {
		if (atomic_load_explicit(&f->head, memory_order_acquire) != tail)
			return true;
		if (atomic_load_explicit(&f->done, memory_order_acquire))
			break;
		pause_cpu();
	}
	pthread_mutex_lock(&f->mu);
	atomic_store(&f->store_wake, tail + FEED_WAKE);
	while (atomic_load(&f->head) < tail + FEED_WAKE && !atomic_load(&f->done))
		pthread_cond_wait(&f->cv, &f->mu);
	atomic_store(&f->store_wake, 0);
	pthread_mutex_unlock(&f->mu);
	return atomic_load(&f->head) != tail;
}

static void *store_main(void *arg)
{
	struct zone_feed *f = arg;
	size_t tail = 0;
	for (;;) {
		if (atomic_load_explicit(&f->head, memory_order_acquire) == tail) {
			if (touch_ahead(f, 16))
				continue;
			if (!wait_for_batch(f, tail))
				break;
		}
		size_t slot = tail % FEED_SLOTS;
		if (!atomic_load_explicit(&f->abandon, memory_order_relaxed))
			take(f, f->data + slot * FEED_BATCH_SIZE, f->used[slot]);
		tail++;
		atomic_store(&f->tail, tail);
		size_t w = atomic_load(&f->scanner_wake);
		if (w != 0 && tail >= w)
			wake(f);
		touch_ahead(f, 8);
	}
	if (!atomic_load(&f->abandon))
		zone_store_flush(f->z, &f->cache);
	return NULL;
}

struct zone_feed *zone_feed_start(struct zone *z, const char *text, size_t len)
{
	struct zone_feed *f = NULL;
	if (posix_memalign((void **)&f, 64, sizeof(*f)) != 0)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->data = zl_malloc(FEED_SLOTS * FEED_BATCH_SIZE);
	f->z = z;
	f->text = (uintptr_t)text;
	f->text_end = (uintptr_t)text + len;
	f->touched = f->text;
	atomic_init(&f->head, 0);
	atomic_init(&f->tail, 0);
	atomic_init(&f->done, false);
	atomic_init(&f->abandon, false);
	atomic_init(&f->store_wake, 0);
	atomic_init(&f->scanner_wake, 0);
	atomic_init(&f->pos, (uintptr_t)text);
	f->fill = f->data;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cv, NULL);
	if (zl_thread_start(&f->thread, store_main, f) != 0) {
		pthread_mutex_destroy(&f->mu);
		pthread_cond_destroy(&f->cv);
		free(f->data);
		free(f);
		return NULL;
	}
	return f;
}

static void hand_over(struct zone_feed *f)
{
	f->used[f->next % FEED_SLOTS] = f->fill_used;
	f->next++;
	atomic_store(&f->head, f->next);
	size_t w = atomic_load(&f->store_wake);
	if (w != 0 && f->next >= w)
		wake(f);
}

/* Waits for the slot of the next batch to be free, and starts filling it. */
static void next_batch(struct zone_feed *f)
{
	for (unsigned i = 0; f->next - atomic_load(&f->tail) >= FEED_SLOTS; i++) {
		if (i < FEED_SPINS) {
			pause_cpu();
			continue;
		}
		/* sleep until half the ring is free */
		pthread_mutex_lock(&f->mu);
		size_t want = f->next - FEED_SLOTS + FEED_WAKE;
		atomic_store(&f->scanner_wake, want);
		while (atomic_load(&f->tail) < want)
			pthread_cond_wait(&f->cv, &f->mu);
		atomic_store(&f->scanner_wake, 0);
		pthread_mutex_unlock(&f->mu);
	}
	f->fill = f->data + (f->next % FEED_SLOTS) * FEED_BATCH_SIZE;
	f->fill_used = 0;
}

void zone_feed_record(struct zone_feed *f, const uint8_t *owner, size_t owner_len,
		      uint16_t type, uint32_t ttl, const uint8_t *rdata, uint16_t rdlen,
		      uint16_t file, uint32_t line, uint16_t span, const char *pos)
{
	bool same = owner_len == f->owner_len && memcmp(owner, f->owner, owner_len) == 0;
	struct feed_entry e = {ttl, line, type, rdlen, file, span, same ? 0 : (uint8_t)owner_len,
			       {0, 0, 0}};
	uint8_t *p = f->fill + f->fill_used;
	memcpy(p, &e, sizeof(e));
	size_t n = sizeof(e);
	if (!same) {
		memcpy(p + n, owner, owner_len);
		n += owner_len;
		memcpy(f->owner, owner, owner_len);
		f->owner_len = owner_len;
	}
	memcpy(p + n, rdata, rdlen);
	f->fill_used += (n + rdlen + 3) & ~(size_t)3;
	/* a batch holds FEED_FILL and one entry of any size more */
	if (f->fill_used >= FEED_FILL) {
		atomic_store_explicit(&f->pos, (uintptr_t)pos, memory_order_relaxed);
		hand_over(f);
		next_batch(f);
	}
}

void zone_feed_finish(struct zone_feed *f, bool keep)
{
	if (!keep)
		atomic_store(&f->abandon, true);
	if (f->fill_used > 0)
		hand_over(f);
	atomic_store(&f->done, true);
	wake(f);
	pthread_join(f->thread, NULL);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cv);
	free(f->data);
	free(f);
}
