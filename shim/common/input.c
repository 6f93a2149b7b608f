#include "common/input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned line_of(const char *text, size_t pos)
{
	unsigned line = 1;
	for (size_t i = 0; i < pos; i++)
		line += text[i] == '\n';
	return line;
}

/* Length of the valid UTF-8 sequence at s, or 0 (overlongs and surrogates
 * included as invalid). Lead bytes f5..ff start no sequence at all. */
static size_t utf8_sequence(const unsigned char *s, size_t left)
{
	if (s[0] < 0x80)
		return 1;
	size_t n = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	}
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

int input_check_text(const char *name, const char *text, size_t len, struct scerr *e)
{
	const unsigned char *s = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		if ((s[i] >= 0x20 && s[i] < 0x7f) || s[i] == '\n' || s[i] == '\t') {
			i++; /* nearly every byte of a profile */
			continue;
		}
		if (s[i] == 0)
			return err_at(e, name, line_of(text, i), "NUL byte in the file");
		/* No format needs control characters, and echoed in a message they
		 * would reach the terminal (an escape sequence, a carriage return;
		 * U+0080..U+009F are the same controls, CSI among them). */
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && (s[i] != '\r' || i + 1 == len || s[i + 1] != '\n')) ||
		    s[i] == 0x7f)
			return err_at(e, name, line_of(text, i), "control character 0x%02x in the file", s[i]);
		size_t n = utf8_sequence(s + i, len - i);
		if (!n)
			return err_at(e, name, line_of(text, i), "invalid UTF-8");
		if (s[i] == 0xc2 && s[i + 1] < 0xa0)
			return err_at(e, name, line_of(text, i), "control character U+%04X in the file", s[i + 1]);
		i += n;
	}
	return 0;
}

int input_read_file(const char *path, char **text, size_t *len, struct scerr *e)
{
	/* O_NONBLOCK: opening a FIFO by mistake must not hang the container. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return err_set(e, "%s: cannot open: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, "%s: not a regular file", path);
	}
	if (st.st_size > SC_MAX_INPUT) {
		close(fd);
		return err_set(e, "%s: larger than %d bytes", path, SC_MAX_INPUT);
	}
	char *buf = malloc((size_t)st.st_size + 1);
	size_t have = 0;
	if (!buf) {
		close(fd);
		return err_set(e, "%s: out of memory", path);
	}
	for (;;) {
		ssize_t n = read(fd, buf + have, (size_t)st.st_size + 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;
			free(buf);
			close(fd);
			return err_set(e, "%s: cannot read: %s", path, strerror(saved));
		}
		if (n == 0)
			break;
		have += (size_t)n;
		if (have > (size_t)st.st_size) { /* grew while we read it */
			free(buf);
			close(fd);
			return err_set(e, "%s: changed while being read", path);
		}
	}
	close(fd);
	buf[have] = '\0';
	if (input_check_text(path, buf, have, e) < 0) {
		free(buf);
		return -1;
	}
	*text = buf;
	*len = have;
	return 0;
}
