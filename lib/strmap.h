/* strmap.h - a hash map from strings to indices, for IDs and unique values
 * over hundreds of thousands of records. */
#ifndef TZ_STRMAP_H
#define TZ_STRMAP_H
#include <stddef.h>

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
