/* common/sha256.c against FIPS 180-4's examples and lengths around the
 * padding's block boundaries (55, 56, 63, 64 bytes of 'a'), whose digests
 * come from sha256sum. */
#include "common/sha256.h"
#include "unit.h"

struct row {
	const char *name;
	const char *text;
	size_t len;
	const char *digest;
};

static char a[1000];

static const struct row rows[] = {
	{ "empty", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "448 bits", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "55 a", a, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
	{ "56 a", a, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
	{ "63 a", a, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
	{ "64 a", a, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
	{ "1000 a", a, 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3" },
};

int main(void)
{
	memset(a, 'a', sizeof(a));
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		unsigned char d[32];
		char hex[65], name[80];
		sha256(rows[i].text, rows[i].len, d);
		for (int k = 0; k < 32; k++)
			snprintf(hex + 2 * k, 3, "%02x", d[k]);
		snprintf(name, sizeof(name), "sha256: %s", rows[i].name);
		unit_result(strcmp(hex, rows[i].digest) == 0, name, rows[i].digest, hex);
	}
	return unit_done();
}
