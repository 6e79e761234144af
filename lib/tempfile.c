/* tempfile.c - removes registered temporaries and locks when a signal ends
 * the process, as git's tempfile.c does; a SIGKILL is left to the lock's owner
 * record (commit.c) and to the next run. */
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include "tempfile.h"

#define SLOTS 8

static char paths[SLOTS][PATH_MAX];
static volatile sig_atomic_t used[SLOTS];
static int installed;

static void on_signal(int sig)
{
	for (int i = 0; i < SLOTS; i++)
		if (used[i])
			unlink(paths[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

int tz_tempfile_register(const char *path)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE };
	size_t len = strlen(path);

	if (len >= PATH_MAX)
		return -1;
	if (!installed) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
			struct sigaction old;
			/* keep a signal that the caller chose to ignore ignored */
			if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
				continue;
			sigaction(sigs[i], &sa, NULL);
		}
		installed = 1;
	}
	for (int i = 0; i < SLOTS; i++) {
		if (used[i])
			continue;
		memcpy(paths[i], path, len + 1);
		used[i] = 1;
		return i;
	}
	return -1;
}

void tz_tempfile_forget(int slot)
{
	if (slot >= 0 && slot < SLOTS)
		used[slot] = 0;
}
