/* strmap.c - unit tests of the string map and of tz_fnv1a, the one FNV-1a
 * hash of lib/ (the vectors are those published with FNV's reference). */
#include <stdio.h>
#include <string.h>
#include "strmap.h"
#include "tap.h"

static void test_strmap__fnv1a_vectors(void)
{
	ok(tz_fnv1a(TZ_FNV1A_BASIS, "", 0) == 0xcbf29ce484222325ULL, "nothing hashed: the basis");
	ok(tz_fnv1a(TZ_FNV1A_BASIS, "a", 1) == 0xaf63dc4c8601ec8cULL, "FNV-1a 64 of \"a\"");
	ok(tz_fnv1a(TZ_FNV1A_BASIS, "foobar", 6) == 0x85944171f73967e8ULL, "FNV-1a 64 of \"foobar\"");
	ok(tz_fnv1a(tz_fnv1a(TZ_FNV1A_BASIS, "foo", 3), "bar", 3) == 0x85944171f73967e8ULL,
	   "hashed in two pieces: the same as at once");
	ok(tz_fnv1a(TZ_FNV1A_BASIS, "a\0b", 3) != tz_fnv1a(TZ_FNV1A_BASIS, "a", 1),
	   "a NUL byte is hashed like any other");
}

static void test_strmap__put_get(void)
{
	struct tz_strmap m = TZ_STRMAP_INIT;
	char key[32];
	size_t v = 0, bad = 0;

	is_int(tz_strmap_get(&m, "x", &v), 0, "an empty map has no key");
	is_int(tz_strmap_put(&m, "ISS-0001", 7, NULL), 1, "a new key is inserted");
	is_int(tz_strmap_put(&m, "ISS-0001", 9, &v), 0, "a second put of the key is refused");
	is_int(v, 7, "and says the value it has");
	for (size_t i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		if (tz_strmap_put(&m, key, i, NULL) != 1)
			bad++;
	}
	is_int(bad, 0, "a thousand keys go in, the map growing");
	for (size_t i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		if (!tz_strmap_get(&m, key, &v) || v != i)
			bad++;
	}
	is_int(bad, 0, "each is found with its value");
	is_int(m.n, 1001, "the map counts its keys");
	is_int(tz_strmap_get(&m, "k1000", NULL), 0, "a key never put is not found");
	tz_strmap_release(&m);
}

int main(void)
{
	test_strmap__fnv1a_vectors();
	test_strmap__put_get();
	return tap_done();
}
