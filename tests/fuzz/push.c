/* push.c - libFuzzer target for tz check-push's input, the "OLD NEW REF"
 * lines git gives a pre-receive hook: any bytes must parse or fail with a
 * message naming a line of the input, never crash or leak; what parses
 * prints back as lines that parse to the same updates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <git2.h>
#include "buf.h"
#include "error.h"
#include "push.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tz_push_input in = TZ_PUSH_INPUT_INIT, again = TZ_PUSH_INPUT_INIT;
	struct tz_buf text = TZ_BUF_INIT;
	size_t lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	if (tz_push_parse(&in, (const char *)data, size) < 0) {
		const char *msg = tz_error_last();
		unsigned long at;
		if (strncmp(msg, "line ", 5) || (at = strtoul(msg + 5, NULL, 10)) < 1 || at > lines)
			abort();	/* every refusal names a line of the input */
		tz_push_input_release(&in);
		return 0;
	}
	if (in.n > lines)
		abort();
	for (size_t i = 0; i < in.n; i++) {
		const char *ref = in.v[i].ref;
		if (!*ref || strpbrk(ref, " \t\r\n"))
			abort();
		char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
		git_oid_tostr(a, sizeof(a), &in.v[i].old_id);
		git_oid_tostr(b, sizeof(b), &in.v[i].new_id);
		tz_buf_printf(&text, "%s %s %s\n", a, b, ref);
	}
	if (tz_push_parse(&again, text.ptr ? text.ptr : "", text.len) < 0 || again.n != in.n)
		abort();
	for (size_t i = 0; i < in.n; i++)
		if (!git_oid_equal(&in.v[i].old_id, &again.v[i].old_id) ||
		    !git_oid_equal(&in.v[i].new_id, &again.v[i].new_id) || strcmp(in.v[i].ref, again.v[i].ref))
			abort();
	tz_push_input_release(&in);
	tz_push_input_release(&again);
	tz_buf_release(&text);
	return 0;
}
