#include "profile/embedded.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/input.h"
#include "profile/profile_json.h"


size_t embedded_slot_size(void)
{
	return (size_t)(embedded_profile_end - embedded_profile) + 1;
}

/* FNV-1a over 64-bit words: a start-up pays for this over the whole text. */
uint64_t embedded_checksum(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL, w;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x100000001b3ULL;
	}
	for (; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ n;
}

bool embedded_slot_appended(struct embedded_appended *a)
{
	if (embedded_profile[0] || embedded_slot_size() < 1 + sizeof(*a))
		return false;
	memcpy(a, embedded_profile + 1, sizeof(*a));
	return memcmp(a->magic, EMBEDDED_MAGIC, sizeof(a->magic)) == 0;
}

/* The appended text is mapped, not read: no malloc (whose first use costs
 * brk and mmap calls), and no copy. It stays mapped for the process's life.
 * The fd is closed at once, before any thread or child exists: no
 * O_CLOEXEC, which musl follows with an fcntl. */
int embedded_text(const char **text, size_t *len, struct scerr *e)
{
	struct embedded_appended a;
	if (!embedded_slot_appended(&a)) {
		*text = embedded_profile;
		*len = strnlen(embedded_profile, embedded_slot_size() - 1);
		return 0;
	}
	int fd = open(EMBEDDED_SELF, O_RDONLY);
	struct stat st;
	const char *map = MAP_FAILED;
	bool whole = fd >= 0 && fstat(fd, &st) == 0 && a.length <= SC_MAX_INPUT && a.offset % 4096 == 0 &&
		     a.offset + a.length < (uint64_t)st.st_size;
	if (whole)
		map = mmap(NULL, a.length + 1, PROT_READ, MAP_PRIVATE, fd, (off_t)a.offset);
	if (fd >= 0)
		close(fd);
	if (map == MAP_FAILED || map[a.length] || embedded_checksum(map, a.length) != a.sum)
		return err_set(e, "<embedded>: the profile that scinit embed appended to %s is %s (was the binary "
			       "stripped or changed?)", EMBEDDED_SELF, map == MAP_FAILED ? "missing" : "damaged");
	*text = map;
	*len = a.length;
	return 0;
}

bool embedded_is_json(void)
{
	const char *text;
	size_t len;
	struct scerr e;
	return embedded_text(&text, &len, &e) == 0 && profile_text_is_json(text, len);
}
