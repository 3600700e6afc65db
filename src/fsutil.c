#include "config.h"
#include "fsutil.h"
#include "diag.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool fail(const char *display, const char *what, int err)
{
	struct pos at = {.file = display};
	diag_error(&at, "%s: %s", what, strerror(err));
	return false;
}

static bool read_fd(int fd, const char *display, size_t max, char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	for (;;) {
		buf_grow(&b, 65536);
		ssize_t r = read(fd, b.p + b.len, b.cap - b.len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			buf_free(&b);
			return fail(display, "cannot read", errno);
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		if (b.len > max) {
			buf_free(&b);
			struct pos at = {.file = display};
			diag_error(&at, "file is larger than the %zu MiB input limit", max >> 20);
			return false;
		}
	}
	*data = buf_detach(&b, len);
	return true;
}

bool fs_read(const char *path, const char *display, size_t max, char **data, size_t *len)
{
	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, display, max, data, len);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(display, "cannot open", errno);
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return fail(display, "cannot stat", e);
	}
	struct pos at = {.file = display};
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		diag_error(&at, "is a directory, not a file");
		return false;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		diag_error(&at, "not a regular file (FIFOs, sockets and devices are refused)");
		return false;
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		diag_error(&at, "file is larger than the %zu MiB input limit", max >> 20);
		return false;
	}
	bool ok = read_fd(fd, display, max, data, len);
	close(fd);
	return ok;
}

bool fs_same_content(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	char chunk[65536];
	for (size_t off = 0; same && off < len;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		same = r > 0 && (size_t)r <= len - off && memcmp(chunk, data + off, (size_t)r) == 0;
		off += r > 0 ? (size_t)r : 0;
	}
	if (same) {
		ssize_t r = read(fd, chunk, 1);	/* the file may have grown */
		same = r == 0;
	}
	close(fd);
	return same;
}

bool fs_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *fs_join(const char *a, const char *b)
{
	if (!a[0] || strcmp(a, ".") == 0)
		return xstrdup(b);
	size_t n = strlen(a);
	return xasprintf("%s%s%s", a, a[n - 1] == '/' ? "" : "/", b);
}

char *fs_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

bool fs_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			fail(p, "cannot create directory", errno);
			free(p);
			return false;
		}
		*s = '/';
	}
	bool ok = true;
	if (mkdir(p, 0777) != 0 && errno != EEXIST)
		ok = fail(p, "cannot create directory", errno);
	else if (!fs_is_dir(p)) {
		struct pos at = {.file = p};
		diag_error(&at, "exists and is not a directory");
		ok = false;
	}
	free(p);
	return ok;
}

static bool write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		data += w;
		len -= (size_t)w;
	}
	return true;
}

/* Temporary files not yet renamed or removed.  A signal that ends crdc
 * (Ctrl-C, a CI timeout's SIGTERM) removes them before crdc dies, so that
 * no hidden half-finished files are left beside the outputs.  The list is
 * changed only with those signals blocked, and the re-reading thread starts
 * with them blocked, so the handler never sees it half-updated. */
static char **live_tmp;
static size_t live_n, live_cap;
static const int fatal_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void on_fatal_signal(int sig)
{
	for (size_t i = 0; i < live_n; i++)
		unlink(live_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

void fs_block_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaddset(&set, fatal_signals[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void track_tmp(char *tmp)
{
	static bool installed;
	sigset_t old;
	fs_block_signals(&old);
	if (!installed) {
		struct sigaction sa = {.sa_handler = on_fatal_signal};
		sigemptyset(&sa.sa_mask);
		for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++) {
			struct sigaction prev;
			/* Left alone if ignored (nohup): crdc then finishes. */
			if (sigaction(fatal_signals[i], NULL, &prev) == 0 && prev.sa_handler != SIG_IGN)
				sigaction(fatal_signals[i], &sa, NULL);
		}
		installed = true;
	}
	if (live_n == live_cap) {
		live_cap = live_cap ? 2 * live_cap : 16;
		live_tmp = xrealloc(live_tmp, live_cap * sizeof(*live_tmp));
	}
	live_tmp[live_n++] = tmp;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void untrack_tmp(const char *tmp)
{
	sigset_t old;
	fs_block_signals(&old);
	for (size_t i = 0; i < live_n; i++) {
		if (live_tmp[i] == tmp) {
			live_tmp[i] = live_tmp[--live_n];
			break;
		}
	}
	if (!live_n) {
		free(live_tmp);
		live_tmp = NULL;
		live_cap = 0;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Writes to a destination that is not a regular file (/dev/null,
 * /dev/stdout, a FIFO) in place: renaming over it would replace the device
 * or FIFO with a file. */
static bool write_in_place(const char *dest, const char *data, size_t len)
{
	int fd = open(dest, O_WRONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return fail(dest, "cannot open output", errno);
	int err = write_all(fd, data, len) ? 0 : errno;
	if (close(fd) != 0 && !err)
		err = errno;
	return err ? fail(dest, "cannot write output", err) : true;
}

/* Where a symlinked output finally points (even if that file does not
 * exist yet), so that the link survives and its target is replaced; NULL
 * if path is not a link.  Gives up after 32 links, like the kernel's
 * ELOOP, leaving the rename to replace the link itself. */
static char *link_target(const char *path)
{
	char *cur = NULL;
	char buf[PATH_MAX];
	for (int hops = 0; hops < 32; hops++) {
		const char *p = cur ? cur : path;
		struct stat st;
		if (lstat(p, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		ssize_t n = readlink(p, buf, sizeof(buf) - 1);
		if (n <= 0)
			return cur;
		buf[n] = '\0';
		char *next;
		if (buf[0] == '/') {
			next = xstrdup(buf);
		} else {
			char *dir = fs_dirname(p);
			next = fs_join(dir, buf);
			free(dir);
		}
		free(cur);
		cur = next;
	}
	free(cur);
	return NULL;
}

bool fs_stage(struct fs_out *o, const char *dest, const char *data, size_t len)
{
	o->dest = o->tmp = NULL;
	o->in_place = false;
	struct stat st;
	if (stat(dest, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct pos at = {.file = dest};
		diag_error(&at, "output path is a directory");
		return false;
	}
	if (stat(dest, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* Nothing to keep safe: written when committed. */
		o->dest = xstrdup(dest);
		o->in_place = true;
		o->data = data;
		o->len = len;
		return true;
	}
	/* Owned; diagnostics name where the bytes go. */
	char *target = link_target(dest);
	if (!target)
		target = xstrdup(dest);
	char *dir = fs_dirname(target);
	char *tmp = xasprintf("%s/.%s.crdc-XXXXXX", dir, base_name(target));
	free(dir);
	sigset_t old;
	fs_block_signals(&old);
	int fd = mkstemp(tmp);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0)
		track_tmp(tmp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		fail(target, "cannot create output", err);
		free(tmp);
		free(target);
		return false;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !write_all(fd, data, len))
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (err) {
		unlink(tmp);
		untrack_tmp(tmp);
		free(tmp);
		fail(target, "cannot write output", err);
		free(target);
		return false;
	}
	o->dest = target;
	o->tmp = tmp;
	return true;
}

bool fs_commit(struct fs_out *o)
{
	bool ok = true;
	if (o->in_place) {
		ok = write_in_place(o->dest, o->data, o->len);
		free(o->dest);
		o->dest = NULL;
		return ok;
	}
	if (rename(o->tmp, o->dest) != 0) {
		ok = fail(o->dest, "cannot replace output", errno);
		unlink(o->tmp);
	}
	untrack_tmp(o->tmp);
	free(o->tmp);
	free(o->dest);
	o->tmp = o->dest = NULL;
	return ok;
}

void fs_discard(struct fs_out *o)
{
	if (o->tmp) {
		unlink(o->tmp);
		untrack_tmp(o->tmp);
	}
	free(o->tmp);
	free(o->dest);
	o->tmp = o->dest = NULL;
}

bool fs_write_atomic(const char *dest, const char *data, size_t len)
{
	struct fs_out o;
	return fs_stage(&o, dest, data, len) && fs_commit(&o);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bool fs_list_templates(const char *dir, char ***names, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return fail(dir, "cannot read directory", errno);
	char **v = NULL;
	size_t k = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *nm = e->d_name;
		if (nm[0] == '.')
			continue;
		if (!str_has_suffix(nm, ".yaml") && !str_has_suffix(nm, ".yml") &&
		    !str_has_suffix(nm, ".json"))
			continue;
		char *full = fs_join(dir, nm);
		struct stat st;
		if (stat(full, &st) != 0 || !S_ISREG(st.st_mode)) {
			free(full);
			continue;
		}
		if (k == cap)
			v = xrealloc(v, (cap = cap ? cap * 2 : 16) * sizeof(*v));
		v[k++] = full;
	}
	closedir(d);
	if (k)
		qsort(v, k, sizeof(*v), cmp_str);
	*names = v;
	*n = k;
	return true;
}

char *fs_normalize(const char *path)
{
	bool abs = path[0] == '/';
	char *copy = xstrdup(path);
	char **parts = xmalloc((strlen(path) / 2 + 2) * sizeof(*parts));
	size_t np = 0;
	for (char *save = NULL, *t = strtok_r(copy, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (strcmp(t, ".") == 0)
			continue;
		if (strcmp(t, "..") == 0 && np && strcmp(parts[np - 1], "..") != 0) {
			np--;
			continue;
		}
		if (strcmp(t, "..") == 0 && abs)
			continue;
		parts[np++] = t;
	}
	struct buf b = BUF_INIT;
	if (abs)
		buf_addc(&b, '/');
	for (size_t i = 0; i < np; i++) {
		if (i)
			buf_addc(&b, '/');
		buf_adds(&b, parts[i]);
	}
	if (!b.len)
		buf_addc(&b, '.');
	free(parts);
	free(copy);
	return buf_detach(&b, NULL);
}

char *fs_relative(const char *path, const char *base)
{
	if (strcmp(base, ".") == 0 && path[0] != '/')
		return xstrdup(path);
	size_t n = strlen(base);
	while (n > 1 && base[n - 1] == '/')
		n--;
	if (strncmp(path, base, n) == 0 && path[n] == '/')
		return xstrdup(path + n + 1);
	if (strcmp(base, "/") == 0 && path[0] == '/')
		return xstrdup(path + 1);
	return xstrdup(path);
}
