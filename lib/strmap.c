/* strmap.c - open addressing with linear probing and FNV-1a hashes
 * (tz_fnv1a, strmap.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "strmap.h"

/* The map's seed is a digit short of FNV's basis, as it always was: the
 * order of the slots (which the callers that list a map's keys follow)
 * stays what it was. */
static uint64_t hash(const char *s)
{
	return tz_fnv1a(1469598103934665603ULL, s, strlen(s));
}

static void grow(struct tz_strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct tz_strmap_slot *slots = tz_calloc(cap, sizeof(*slots));

	for (size_t i = 0; i < m->cap; i++) {
		size_t j;
		if (!m->slots[i].key)
			continue;
		j = hash(m->slots[i].key) & (cap - 1);
		while (slots[j].key)
			j = (j + 1) & (cap - 1);
		slots[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = slots;
	m->cap = cap;
}

int tz_strmap_put(struct tz_strmap *m, const char *key, size_t value, size_t *old)
{
	size_t j;

	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	j = hash(key) & (m->cap - 1);
	while (m->slots[j].key) {
		if (!strcmp(m->slots[j].key, key)) {
			if (old)
				*old = m->slots[j].value;
			return 0;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = tz_strdup(key);
	m->slots[j].value = value;
	m->n++;
	return 1;
}

int tz_strmap_get(const struct tz_strmap *m, const char *key, size_t *value)
{
	size_t j;

	if (!m->cap)
		return 0;
	j = hash(key) & (m->cap - 1);
	while (m->slots[j].key) {
		if (!strcmp(m->slots[j].key, key)) {
			if (value)
				*value = m->slots[j].value;
			return 1;
		}
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

void tz_strmap_release(struct tz_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
