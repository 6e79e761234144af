/* strmap.h - a hash map from strings to indices, for IDs and unique values
 * over hundreds of thousands of records, and the FNV-1a hash of lib/. */
#ifndef TZ_STRMAP_H
#define TZ_STRMAP_H
#include <stddef.h>
#include <stdint.h>

/* FNV-1a's 64-bit offset basis: the h to start a hash with. */
#define TZ_FNV1A_BASIS 0xcbf29ce484222325ULL

/*
 * The 64-bit FNV-1a hash of data[0..n), continuing from h (TZ_FNV1A_BASIS,
 * or what the call before returned, to hash several pieces as one). Not a
 * cryptographic hash: it spreads keys and catches damage, never an attack.
 * The one FNV of lib/: the map below, the index's walk fingerprint and the
 * validation cache's row checksums all call it.
 */
static inline uint64_t tz_fnv1a(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct tz_strmap {
	struct tz_strmap_slot { char *key; size_t value; } *slots;
	size_t cap, n;
};
#define TZ_STRMAP_INIT { NULL, 0, 0 }

/* Insert key -> value unless key is present. Returns 1 when inserted, 0 when
 * the key was there already (then *old, if given, is its value). The key is
 * copied. */
int tz_strmap_put(struct tz_strmap *m, const char *key, size_t value, size_t *old);

/* Look key up: 1 and *value set when present, else 0. */
int tz_strmap_get(const struct tz_strmap *m, const char *key, size_t *value);

void tz_strmap_release(struct tz_strmap *m);

#endif
