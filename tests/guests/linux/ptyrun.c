// SPDX-License-Identifier: GPL-2.0
/*
 * ptyrun: run a command on a pseudo-terminal and type into it, for the
 * test of xvm-run's terminal mode (t-63). Its stdin and stdout are the
 * pty's slave side, so the command sees a terminal; stderr is left as is.
 *
 *   ptyrun [MARKER INPUT]... -- COMMAND [ARG]...
 *
 * Copies everything the command writes to stdout. Once MARKER has
 * appeared in that output (each marker is looked for after the previous
 * one), INPUT is written to the terminal; "\xHH" in INPUT stands for the
 * byte HH. Exits with the command's status (128 + signal if killed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (s[0] == '\\' && s[1] == 'x' && s[2] && s[3]) {
			char hex[3] = { s[2], s[3], 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			s += 4;
		} else {
			out[n++] = *s++;
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	char buf[4096], seen[8192], input[1024];
	size_t seen_len = 0;
	int npairs = 0, next = 0, i, m, status;
	pid_t pid;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		;
	if (i >= argc - 1 || (i - 1) % 2) {
		fprintf(stderr, "usage: ptyrun [MARKER INPUT]... -- CMD...\n");
		return 2;
	}
	npairs = (i - 1) / 2;
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		perror("ptyrun: pty");
		return 2;
	}
	pid = fork();
	if (pid == 0) {
		int s;

		setsid();
		s = open(ptsname(m), O_RDWR);
		if (s < 0) {
			perror("ptyrun: slave");
			_exit(2);
		}
		dup2(s, 0);
		dup2(s, 1);
		close(s);
		close(m);
		execvp(argv[i + 1], argv + i + 1);
		perror("ptyrun: exec");
		_exit(127);
	}
	for (;;) {
		ssize_t r = read(m, buf, sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;		/* EIO: the slave side is closed */
		fwrite(buf, 1, r, stdout);
		fflush(stdout);
		if (next >= npairs)
			continue;
		if (seen_len + r >= sizeof(seen)) {
			size_t keep = sizeof(seen) / 2;

			if (seen_len > keep) {
				memmove(seen, seen + seen_len - keep, keep);
				seen_len = keep;
			}
			if ((size_t)r >= sizeof(seen) - seen_len - 1)
				r = sizeof(seen) - seen_len - 1;
		}
		memcpy(seen + seen_len, buf, r);
		seen_len += r;
		seen[seen_len] = 0;
		if (memmem(seen, seen_len, argv[1 + 2 * next],
			   strlen(argv[1 + 2 * next]))) {
			size_t n = unescape(argv[2 + 2 * next], input);

			if (write(m, input, n) != (ssize_t)n)
				perror("ptyrun: write");
			next++;
			seen_len = 0;
		}
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
